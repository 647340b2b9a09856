"""The counts are shared by every process through Redis, as production configures the cache.

Two RedisCache instances, each with its own connection pool, stand for two gunicorn workers. It
runs wherever Redis answers at 127.0.0.1:6379 (TEST_REDIS_URL to change it), which is the case on
the development machines and in CI (.ci/run sets REQUIRE_REDIS, so there a missing Redis fails).
"""
import os
import uuid

import pytest
import redis
from django.core.cache import caches
from django.test import RequestFactory

import brakes

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own on the shared Redis; its keys are deleted afterwards."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        message = f"Redis does not answer at {REDIS_URL}: {error}"
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(message)
        pytest.skip(message)
    prefix = f"roundtable-test-{uuid.uuid4().hex}"
    yield prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def two_workers(settings, backend, locations, prefix):
    settings.CACHES = {**settings.CACHES, **{
        worker: {"BACKEND": backend, "LOCATION": location, "KEY_PREFIX": prefix}
        for worker, location in zip(("worker_a", "worker_b"), locations, strict=True)
    }}
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": {"client": "3/d"}}
    assert caches["worker_a"] is not caches["worker_b"]


def register_on(settings, worker):
    settings.RATELIMIT_USE_CACHE = worker
    brakes.enforce(RequestFactory().post("/", REMOTE_ADDR="203.0.113.7"), "register")


def test_two_workers_on_redis_share_the_counts(settings, redis_prefix):
    two_workers(settings, "django.core.cache.backends.redis.RedisCache", [REDIS_URL, REDIS_URL], redis_prefix)
    assert caches["worker_a"]._cache.get_client() is not caches["worker_b"]._cache.get_client()

    register_on(settings, "worker_a")
    register_on(settings, "worker_b")
    register_on(settings, "worker_a")

    with pytest.raises(brakes.RateLimited):
        register_on(settings, "worker_b")


def test_two_workers_with_local_memory_each_count_alone(settings):
    """Why production needs Redis: the same four requests all pass when each worker counts in its own memory."""
    locations = [f"worker-a-{uuid.uuid4().hex}", f"worker-b-{uuid.uuid4().hex}"]
    two_workers(settings, "django.core.cache.backends.locmem.LocMemCache", locations, "x")

    for worker in ("worker_a", "worker_b", "worker_a", "worker_b"):
        register_on(settings, worker)
