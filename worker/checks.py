"""Deploy checks of the task queue: on RQ, the queue must not live where the cache may lose it."""
from django.conf import settings
from django.core import checks

from .queue import is_rq


def _same_redis_database(first, second):
    def normalized(url):
        url = url.rstrip("/")
        return url if url.rsplit("/", 1)[-1].isdigit() else f"{url}/0"

    return normalized(first) == normalized(second)


@checks.register(deploy=True)
def queue_is_not_the_cache(app_configs, **kwargs):
    from django_tasks import task_backends

    if not any(is_rq(backend) for backend in task_backends.all()):
        return []
    cache = settings.CACHES.get("default", {})
    queues = getattr(settings, "RQ_QUEUES", {})
    if cache.get("BACKEND", "").endswith("RedisCache") and any(
            _same_redis_database(str(cache.get("LOCATION", "")), queue.get("URL", "")) for queue in queues.values()):
        return [checks.Warning(
            "The RQ task queue shares the cache's Redis database: a flushed or evicting cache loses tasks (emails).",
            hint="Give TASKS_REDIS_URL a database of its own (redis://host:6379/1) on a Redis that never evicts keys.",
            id="worker.W001")]
    return []
