"""What is waiting in the task queue: django-tasks has no API for it, so this asks the queue itself."""
from django_tasks import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult


def waiting_calls(task):
    """The `(args, kwargs)` of every call of `task` waiting in the queue (due now or later), in no order.

    Read from django-tasks-db's table or from RQ's queue in Redis (worker/rq.py); None with any other
    backend, which cannot tell (the test suite's ImmediateBackend keeps no queue). A call a worker
    has taken is no longer waiting, whether that worker is alive or not.
    """
    backend = task.get_backend()
    if is_rq(backend):
        from . import rq

        return rq.waiting_calls(task)
    if not isinstance(backend, DatabaseBackend):
        return None
    rows = DBTaskResult.objects.filter(
        backend_name=backend.alias, task_path=task.module_path, status=TaskResultStatus.READY,
    ).values_list("args_kwargs", flat=True)
    return [(tuple(row["args"]), row["kwargs"]) for row in rows]


def is_rq(backend):
    # By name: django-tasks-rq (and django-rq behind it) is imported only where RQ is the backend.
    return type(backend).__module__.startswith("django_tasks_rq")
