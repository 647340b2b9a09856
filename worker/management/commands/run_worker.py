"""`manage.py run_worker`: django-tasks-db's `db_worker` with the recovery pass beside it, in one process.

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
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from ...recovery import run_recovery

logger = logging.getLogger("worker")


def positive_seconds(value):
    seconds = float(value)
    if not 0 < seconds < float("inf"):
        raise ArgumentTypeError("must be a number of seconds above zero")
    return seconds


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


class Command(DatabaseWorkerCommand):
    help = ("Run the background worker (emails, seating runs) with a recovery pass every RECOVERY_INTERVAL "
            "seconds that retries or fails the work of workers that died. Takes db_worker's options.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--recovery-interval", type=positive_seconds, default=None,
            help="seconds between two recovery passes (default: the RECOVERY_INTERVAL setting, 60)",
        )

    def handle(self, *args, recovery_interval=None, reload, batch, **options):
        seconds = settings.RECOVERY_INTERVAL if recovery_interval is None else recovery_interval
        if batch:
            run_recovery()  # one pass, then the tasks it may have enqueued run with the others
        elif not reload or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            # With --reload the command runs twice: a parent that only watches the files and the
            # child that works (DJANGO_AUTORELOAD_ENV set); the child alone recovers.
            threading.Thread(target=recover_every, args=(seconds,), name="recovery", daemon=True).start()
            logger.info("Recovery pass every %s s", seconds)
        super().handle(*args, reload=reload, batch=batch, **options)
