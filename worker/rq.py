"""Running the queue on RQ (TASKS_BACKEND=rq): the worker `manage.py run_worker` starts, and what waits.

django-tasks-rq puts each task in Redis as an RQ job; this runs them. The worker is RQ's
SimpleWorker: tasks run in this process, one after the other, as django-tasks-db's worker runs
them, so a task keeps the database connection of the one before (no fork and no new connection per
email), and the recovery thread beside it is never forked into a half-copied child. RQ still stops
a task that overruns its timeout (TASKS_TIMEOUT).

RQ's scheduler (it moves a deferred task, an email's next attempt, onto the queue when it is due)
runs here as a thread, not as the process RQ forks for it: a worker killed with SIGKILL would leave
that process running without it. One worker's scheduler holds the queue's lock; when that worker
dies, the lock expires within a minute and another worker's scheduler takes over.
"""
import logging
import signal
import threading

import django_rq
import redis
from django.db import connections
from django_tasks_rq.backend import Job
from rq.registry import ScheduledJobRegistry
from rq.scheduler import RQScheduler
from rq.worker import SimpleWorker

logger = logging.getLogger("worker")


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

    def _start_scheduler(self, burst=False, *args, **kwargs):
        if burst:  # one pass before the work, in this thread: RQ's own way
            return super()._start_scheduler(burst, *args, **kwargs)
        self._scheduling = threading.Event()
        self._scheduler = RQScheduler(self.queues, connection=self.connection)
        self._scheduler_thread = threading.Thread(target=self._schedule, name="rq-scheduler", daemon=True)
        self._scheduler_thread.start()

    def _schedule(self):
        while not self._scheduling.wait(self._scheduler.interval):
            try:
                self._scheduler.acquire_locks()  # takes the lock, or refreshes it (it expires a minute after us)
                self._scheduler.enqueue_scheduled_jobs()
            except redis.exceptions.RedisError:  # Redis away for a moment: the next second tries again
                logger.exception("RQ scheduler pass failed")

    def teardown(self):
        if getattr(self, "_scheduling", None):
            self._scheduling.set()
            self._scheduler_thread.join(timeout=10)
            self._scheduler.release_locks()
        super().teardown()


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
