"""The counts are shared by every process through Redis, as production configures the cache.

Two RedisCache instances, each with its own connection pool, stand for two gunicorn workers. It
runs wherever Redis answers (tests/redis_server.py): on the development machines and in CI, where
REQUIRE_REDIS makes a missing Redis fail.
"""
import uuid

import pytest
from django.core.cache import caches
from django.test import RequestFactory

import brakes
from tests.redis_server import REDIS_URL


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
