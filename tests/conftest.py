import os
import shutil
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils import translation

from tests.accounts import staff_account
from tests.factories import EventFactory
from tests.redis_server import redis_client
from tests.task_queue import BACKEND as TASK_QUEUE_BACKEND
from tests.task_queue import DatabaseQueue, RQQueue

CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(autouse=True)
def fresh_local_cache():
    """Rate-limit counts live in the cache: every test starts with none, so no test runs into another's limit.

    Only local-memory caches are cleared; a test that points a cache at a shared Redis cleans up its own keys.
    """
    for cache in caches.all():
        if isinstance(cache, LocMemCache):
            cache.clear()


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """A request in Korean leaves Korean active in the thread (LocaleMiddleware activates, nothing
    deactivates); the next test's direct service calls must start in the default language."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def rate_limits_where_they_are_tested(request, settings):
    """The brakes are on in their own tests (tests/brakes/); elsewhere a test sends a form as often as it needs."""
    if "brakes" not in request.node.path.parts:
        settings.RATE_LIMITS_ENABLED = False


def pytest_collection_modifyitems(items):
    """The tests that run a task queue are marked, so `pytest -m task_queue` runs them on another backend."""
    for item in items:
        if "task_queue" in getattr(item, "fixturenames", ()):
            item.add_marker("task_queue")


@pytest.fixture
def task_queue(settings):
    """The real task queue (tests/task_queue.py): django-tasks-db's, or RQ on Redis with TASKS_BACKEND=rq."""
    queue = (RQQueue if TASK_QUEUE_BACKEND == "rq" else DatabaseQueue)(settings)
    yield queue
    queue.close()


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own on the shared Redis (tests/redis_server.py); its keys are deleted afterwards."""
    client = redis_client()
    prefix = f"roundtable-test-{uuid.uuid4().hex}"
    yield prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def event(db):
    """An open event offering three companies and four research areas."""
    return EventFactory(offerings=True)


@pytest.fixture
def door_staff(django_user_model, event):
    """Door staff of `event`: no admin account, only the door."""
    return staff_account(django_user_model, "door", "Door staff", event)


@pytest.fixture
def staff_client(client, door_staff):
    client.force_login(door_staff)
    return client


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (never a downloaded browser build)."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(executable):
        message = "Debian's chromium is not installed: apt-get install chromium (./dev test does it as root)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab whose relative URLs go to the live test server."""
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
