"""`manage.py run_worker`: the task worker of the configured backend with the recovery pass beside it.

With django-tasks-db (the default) it is `db_worker` (same options); with RQ (TASKS_BACKEND=rq) an RQ
worker on the same queues (worker/rq.py): `--batch` works the queue empty and exits, `--max-tasks`
stops after that many; `--interval` and `--no-startup-delay` mean nothing there (RQ waits on Redis).

django-tasks 0.12 has no periodic tasks, and a recovery task that re-enqueued itself would stop
for good the day its own worker died mid-pass. So the recovery runs in a daemon thread of each
worker process instead: wherever tasks are run, stuck work is looked for, and it dies with the
process. Passes are safe to run from several workers at once (see worker.signals).
"""
import logging
import os
import threading
import time
from argparse import ArgumentTypeError

from django.conf import settings
from django.db import connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.compat import InvalidTaskBackend
from django_tasks_db.management.commands import db_worker

from ...queue import is_rq
from ...recovery import run_recovery

logger = logging.getLogger("worker")


def positive_seconds(value):
    seconds = float(value)
    if not 0 < seconds < float("inf"):
        raise ArgumentTypeError("must be a number of seconds above zero")
    return seconds


def configured_backend(alias):
    try:
        task_backends[alias]
    except InvalidTaskBackend as error:
        raise ArgumentTypeError(error.args[0]) from error
    return alias


def recover_every(seconds):
    """Run a recovery pass now and then every `seconds`, for ever (the body of the daemon thread)."""
    while True:
        try:
            run_recovery()
        except Exception:  # the database is away for a moment: try again at the next pass
            logger.exception("Recovery pass failed")
        finally:
            connections.close_all()  # this thread's own connections, not the worker's
        time.sleep(seconds)


class Command(db_worker.Command):
    help = ("Run the background worker (emails, seating runs) of the configured task backend, with a recovery "
            "pass every RECOVERY_INTERVAL seconds that retries or fails the work of workers that died. "
            "Takes db_worker's options.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # db_worker's --backend accepts database backends only; here any configured one (RQ too).
        backend = next(action for action in parser._actions if action.dest == "backend_name")
        backend.type = configured_backend
        parser.add_argument(
            "--recovery-interval", type=positive_seconds, default=None,
            help="seconds between two recovery passes (default: the RECOVERY_INTERVAL setting, 60)",
        )

    def handle(self, *args, recovery_interval=None, reload, batch, backend_name=DEFAULT_TASK_BACKEND_ALIAS,
               **options):
        on_rq = is_rq(task_backends[backend_name])
        reload = reload and not on_rq  # RQ's worker has no autoreload; restart it after a code change
        seconds = settings.RECOVERY_INTERVAL if recovery_interval is None else recovery_interval
        if batch:
            run_recovery()  # one pass, then the tasks it may have enqueued run with the others
        elif not reload or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            # With --reload the command runs twice: a parent that only watches the files and the
            # child that works (DJANGO_AUTORELOAD_ENV set); the child alone recovers.
            threading.Thread(target=recover_every, args=(seconds,), name="recovery", daemon=True).start()
            logger.info("Recovery pass every %s s", seconds)
        if on_rq:
            from ... import rq

            queue_names = task_backends[backend_name].queues if options["queue_name"] == "*" else \
                options["queue_name"].split(",")
            levels = {0: "WARNING", 1: "INFO"}
            rq.run(sorted(queue_names), burst=batch, max_jobs=options["max_tasks"],
                   logging_level=levels.get(options["verbosity"], "DEBUG"))
            return
        super().handle(*args, reload=reload, batch=batch, backend_name=backend_name, **options)
