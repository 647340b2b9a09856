"""`check --deploy` warns when the RQ queue would live in the cache's Redis database."""
import pytest

from worker.checks import queue_is_not_the_cache

RQ = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


@pytest.mark.parametrize(("cache", "queue", "warned"), [
    ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379", True),
    ("redis://127.0.0.1:6379", "redis://127.0.0.1:6379/0", True),
    ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/1", False),
    ("redis://cache.internal:6379/0", "redis://queue.internal:6379/0", False),
])
def test_the_queue_in_the_caches_database_is_warned_about(settings, cache, queue, warned):
    settings.TASKS = RQ
    settings.CACHES = {"default": {"BACKEND": REDIS_CACHE, "LOCATION": cache}}
    settings.RQ_QUEUES = {"default": {"URL": queue}}

    assert [w.id for w in queue_is_not_the_cache(None)] == (["worker.W001"] if warned else [])


def test_the_queue_as_the_settings_configure_it_is_compared_too(settings):
    from config.settings.base import rq_queue

    settings.TASKS = RQ
    settings.CACHES = {"default": {"BACKEND": REDIS_CACHE, "LOCATION": "redis://127.0.0.1:6379/3"}}
    settings.RQ_QUEUES = {"default": rq_queue("redis://127.0.0.1:6379/3")}
    warned = [w.id for w in queue_is_not_the_cache(None)]
    settings.RQ_QUEUES = {"default": rq_queue("redis://127.0.0.1:6379/4")}

    assert (warned, queue_is_not_the_cache(None)) == (["worker.W001"], [])


def test_the_database_queue_needs_no_redis(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CACHES = {"default": {"BACKEND": REDIS_CACHE, "LOCATION": "redis://127.0.0.1:6379/1"}}

    assert queue_is_not_the_cache(None) == []
