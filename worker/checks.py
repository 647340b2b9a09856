"""Deploy checks of the task queue: on RQ, the queue must not live where the cache may lose it."""
import redis
from django.conf import settings
from django.core import checks

from .queue import is_rq


def _redis_database(url=None, *, host=None, port=None, db=None):
    if url:
        address = redis.ConnectionPool.from_url(url).connection_kwargs  # parses only, connects to nothing
        host, port, db = address.get("host"), address.get("port"), address.get("db")
    return host or "127.0.0.1", int(port or 6379), int(db or 0)


@checks.register(deploy=True)
def queue_is_not_the_cache(app_configs, **kwargs):
    from django_tasks import task_backends

    if not any(is_rq(backend) for backend in task_backends.all()):
        return []
    cache = settings.CACHES.get("default", {})
    if not cache.get("BACKEND", "").endswith("RedisCache"):
        return []
    cached = _redis_database(str(cache.get("LOCATION", "")))
    queues = [_redis_database(queue.get("URL"), host=queue.get("HOST"), port=queue.get("PORT"), db=queue.get("DB"))
              for queue in getattr(settings, "RQ_QUEUES", {}).values()]
    if cached in queues:
        return [checks.Warning(
            "The RQ task queue shares the cache's Redis database: a flushed or evicting cache loses tasks (emails).",
            hint="Give TASKS_REDIS_URL a database of its own (redis://host:6379/1) on a Redis that never evicts keys.",
            id="worker.W001")]
    return []
