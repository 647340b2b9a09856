"""The task queue the tests run against: django-tasks-db's table, or RQ on Redis with TASKS_BACKEND=rq.

A test that takes the `task_queue` fixture (tests/conftest.py) enqueues, runs a real worker
(`manage.py run_worker --batch`: the queue is worked until empty, in this process) and reads what
became of each task through this object, the same way on either backend. `.ci/run` runs those tests
a second time with TASKS_BACKEND=rq (`pytest -m task_queue`). RQ's queue lives in a Redis database
of this test process's own (tests/redis_server.py), emptied before and after each test.
"""
import io
import os
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from tests.redis_server import database_of_this_test_process, redis_client

BACKEND = "rq" if os.environ.get("TASKS_BACKEND") == "rq" else "database"


def run_worker():
    call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


class DatabaseQueue:
    name = "database"

    def __init__(self, settings):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    run_worker = staticmethod(run_worker)

    def statuses(self, task, *args):
        """The status of every call of `task` with `args`, oldest first ("READY", "RUNNING", "SUCCESSFUL"...)."""
        from django_tasks_db.models import DBTaskResult

        rows = DBTaskResult.objects.filter(task_path=task.module_path).order_by("enqueued_at")
        return [row.status for row in rows if row.args_kwargs["args"] == list(args)]

    def deferred_until(self, task, *args):
        """When each waiting, deferred call of `task` with `args` becomes due."""
        from django_tasks_db.models import DBTaskResult

        rows = DBTaskResult.objects.filter(task_path=task.module_path, status="READY", run_after__isnull=False)
        return [row.run_after for row in rows.order_by("run_after") if row.args_kwargs["args"] == list(args)]

    def make_due(self):
        """Deferred tasks become due now (instead of waiting for their time)."""
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(status="READY", run_after__isnull=False).update(run_after=timezone.now())

    def worker_environment(self):
        """What a worker started as another process needs in its environment to work this queue."""
        return {"TASKS_BACKEND": "database"}

    def close(self):
        pass


class RQQueue:
    name = "rq"

    def __init__(self, settings):
        database = database_of_this_test_process()
        self.url = f"{os.environ.get('TEST_REDIS_URL', 'redis://127.0.0.1:6379/0').rsplit('/', 1)[0]}/{database}"
        self.redis = redis_client(self.url)
        self._empty()
        settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
        settings.RQ_QUEUES = {"default": {"URL": self.url, "DEFAULT_TIMEOUT": 120}}

    run_worker = staticmethod(run_worker)

    def _empty(self):
        for key in self.redis.scan_iter("rq:*"):
            self.redis.delete(key)

    def _jobs(self):
        from django_tasks_rq.backend import Job

        prefix = Job.redis_job_namespace_prefix
        ids = [key.decode().removeprefix(prefix) for key in self.redis.scan_iter(f"{prefix}*")]
        jobs = Job.fetch_many([i for i in ids if ":" not in i], connection=self.redis)
        return sorted((job for job in jobs if job is not None), key=lambda job: job.created_at)

    def statuses(self, task, *args):
        return [task.get_backend().get_result(job.id).status.value for job in self._jobs()
                if job.func_name == task.module_path and list(job.args) == list(args)]

    def _scheduled(self):
        import django_rq
        from rq.registry import ScheduledJobRegistry

        return ScheduledJobRegistry(queue=django_rq.get_queue("default"))

    def deferred_until(self, task, *args):
        registry = self._scheduled()
        return sorted(registry.get_scheduled_time(job) for job in self._jobs()
                      if job.id in registry and job.func_name == task.module_path and list(job.args) == list(args))

    def make_due(self):
        registry = self._scheduled()
        for job in self._jobs():
            if job.id in registry:
                registry.schedule(job, timezone.now() - timedelta(seconds=1))

    def worker_environment(self):
        return {"TASKS_BACKEND": "rq", "TASKS_REDIS_URL": self.url}

    def close(self):
        self._empty()
