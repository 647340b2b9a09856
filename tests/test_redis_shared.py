"""With REDIS_URL set, every process shares the cache, the sessions and the rate limits' counts.

Two real processes with the development settings and REDIS_URL stand for two gunicorn workers (or two
servers): each has a SQLite database of its own, so whatever the second one finds, it found in Redis.
"""
import json
import os
import subprocess
import sys

from django.conf import settings as django_settings

from tests.redis_server import REDIS_URL, redis_client

FIRST = """
import django; django.setup()
from django.contrib.sessions.backends.cache import KEY_PREFIX
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from importlib import import_module
from django.conf import settings
import brakes
with connection.schema_editor() as editor:
    editor.create_model(Session)
session = import_module(settings.SESSION_ENGINE).SessionStore()
session["staff"] = "door"
session.save()
cache.set("page", "the event list")
for _ in range(2):
    brakes.enforce(RequestFactory().post("/", REMOTE_ADDR="203.0.113.7"), "register")
print(session.session_key)
"""

SECOND = """
import django, json, sys; django.setup()
from importlib import import_module
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory
import brakes
session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=sys.argv[1])
try:
    brakes.enforce(RequestFactory().post("/", REMOTE_ADDR="203.0.113.7"), "register")
    refused = False
except brakes.RateLimited:
    refused = True
print(json.dumps({"session": session.load(), "page": cache.get("page"), "refused": refused,
                  "cache": settings.CACHES["default"]["BACKEND"], "sessions": settings.SESSION_ENGINE}))
"""



def in_a_process(code, tmp_path, name, prefix, *args):
    environment = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix, "RATE_LIMITS": "register.client=2/d",
        "DATABASE_URL": f"sqlite:///{tmp_path / name}",
    }
    finished = subprocess.run([sys.executable, "-c", code, *args], cwd=django_settings.BASE_DIR, env=environment,
                              capture_output=True, text=True, timeout=60)
    assert finished.returncode == 0, finished.stderr
    return finished.stdout.strip().splitlines()[-1]


def test_a_second_process_finds_the_session_the_page_and_the_count_in_redis(tmp_path, redis_prefix):
    session_key = in_a_process(FIRST, tmp_path, "first.sqlite3", redis_prefix)

    seen = json.loads(in_a_process(SECOND, tmp_path, "second.sqlite3", redis_prefix, session_key))

    assert seen == {"session": {"staff": "door"}, "page": "the event list", "refused": True,
                    "cache": "config.cache.ReusedClientRedisCache",
                    "sessions": "django.contrib.sessions.backends.cached_db"}


def test_sessions_outlive_a_redis_flush(tmp_path, redis_prefix):
    """Written through to the database: losing Redis (restart, eviction) logs nobody out."""
    session_key = in_a_process(FIRST, tmp_path, "first.sqlite3", redis_prefix)
    client = redis_client()
    for key in client.scan_iter(f"{redis_prefix}:*"):
        client.delete(key)

    seen = json.loads(in_a_process(SECOND, tmp_path, "first.sqlite3", redis_prefix, session_key))

    assert (seen["session"], seen["page"], seen["refused"]) == ({"staff": "door"}, None, False)


def test_the_cache_keeps_one_redis_client_and_still_reads_what_another_process_wrote(redis_prefix):
    from config.cache import ReusedClientRedisCache

    redis_client()
    params = {"KEY_PREFIX": redis_prefix}
    writer, reader = ReusedClientRedisCache(REDIS_URL, params), ReusedClientRedisCache(REDIS_URL, params)

    writer.set("greeting", "hello", 30)
    writer.set_many({"a": 1, "b": 2}, 30)

    assert reader.get("greeting") == "hello" and reader.get_many(["a", "b"]) == {"a": 1, "b": 2}
    assert reader._cache.get_client() is reader._cache.get_client(write=True)  # one pool, one client
    assert reader._cache.get_client() is not writer._cache.get_client()
