"""Running the queue on RQ (TASKS_BACKEND=rq): the worker `manage.py run_worker` starts, and what waits.

django-tasks-rq puts each task in Redis as an RQ job; this runs them. The worker is RQ's
SimpleWorker: tasks run in this process, one after the other, as django-tasks-db's worker runs
them, so a task keeps the database connection of the one before (no fork and no new connection per
email), and the recovery thread beside it is never forked into a half-copied child. RQ still stops
a task that overruns its timeout (TASKS_TIMEOUT), and the scheduler it runs in the same loop moves a
deferred task (an email's next attempt) onto the queue when it is due.
"""
import signal

import django_rq
from django.db import connections
from django_tasks_rq.backend import Job
from rq.registry import ScheduledJobRegistry
from rq.worker import SimpleWorker


def _drop_broken_connections():
    """What Django does around a request: a connection past CONN_MAX_AGE or broken is closed.

    A connection inside a transaction is left alone (a test that runs the worker in its own
    transaction; a worker itself never sits in one between two tasks).
    """
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


class DjangoWorker(SimpleWorker):
    def execute_job(self, job, queue):
        _drop_broken_connections()
        try:
            return super().execute_job(job, queue)
        finally:
            _drop_broken_connections()


def run(queue_names, *, burst=False, max_jobs=None, logging_level="INFO"):
    """Work the RQ queues named until stopped (SIGTERM: the running task ends first), or until empty if `burst`.

    Returns whether any task ran. The signal handlers RQ installs are put back afterwards, so a
    caller that goes on (a test) keeps its own.
    """
    queues = [django_rq.get_queue(name, job_class=Job) for name in queue_names]
    worker = DjangoWorker(queues, connection=queues[0].connection, job_class=Job)
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        return worker.work(burst=burst, with_scheduler=True, max_jobs=max_jobs, logging_level=logging_level)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def waiting_calls(task):
    """The `(args, kwargs)` of every call of `task` waiting on its RQ queue, due now or scheduled later."""
    queue = django_rq.get_queue(task.queue_name, job_class=Job)
    job_ids = queue.get_job_ids() + ScheduledJobRegistry(queue=queue).get_job_ids()
    jobs = Job.fetch_many(job_ids, connection=queue.connection)
    return [(tuple(job.args), job.kwargs) for job in jobs if job is not None and job.func_name == task.module_path]
