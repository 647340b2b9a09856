"""Background seating runs: queued by the board, executed by the task worker (tables.tasks)."""
import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import RunState
from ..exceptions import SeatingError
from ..models import SeatingRun
from .generation import generate

logger = logging.getLogger(__name__)

# A run whose progress has not moved for this long lost its worker (killed, machine restarted).
STALE_RUN_AFTER = timedelta(minutes=10)
PROGRESS_WRITE_INTERVAL = 0.5  # seconds between two progress writes of a background run


def start_run(*, event, round_numbers, keep_manual=True, seed=0, requested_by=None, now=None):
    """Queue a background seating run of `event` (tables.tasks.run_seating does the work).

    Creates a SeatingRun in state `queued` and enqueues the task once that commits. Refused
    while another run of the event is queued or running (the database enforces it too); a run
    whose progress has not moved for STALE_RUN_AFTER is marked failed first, as its worker died.
    """
    from ..tasks import run_seating  # the task module imports this one

    now = now or timezone.now()
    numbers = sorted({int(n) for n in round_numbers})
    if not numbers:
        raise SeatingError(_("Choose at least one round to seat."))
    try:
        with transaction.atomic():
            SeatingRun.objects.filter(
                event=event, state__in=[RunState.QUEUED, RunState.RUNNING], updated_at__lt=now - STALE_RUN_AFTER,
            ).update(state=RunState.FAILED, finished_at=now,
                     message=_("The worker stopped before finishing; start the run again."))
            if SeatingRun.objects.filter(event=event, state__in=[RunState.QUEUED, RunState.RUNNING]).exists():
                raise SeatingError(_("A seating run for this event is already in progress; wait for it to finish."))
            run = SeatingRun.objects.create(event=event, round_numbers=numbers, keep_manual=keep_manual, seed=seed,
                                            requested_by=requested_by)
            transaction.on_commit(lambda: run_seating.enqueue(run_id=run.pk))
    except IntegrityError as exc:  # two organizers pressed the button at the same moment
        raise SeatingError(_("A seating run for this event is already in progress; wait for it to finish.")) from exc
    return run


def execute_run(*, run_id, time_limit=None):
    """Do the work of SeatingRun `run_id`: mark it running, generate, mark it done or failed.

    Progress (fraction and best score) is written at most every PROGRESS_WRITE_INTERVAL seconds.
    A SeatingError ends the run as failed with its message; any other error too, with a
    generic message (and is logged). Returns the run.
    """
    run = SeatingRun.objects.select_related("event").get(pk=run_id)
    if run.state != RunState.QUEUED:
        return run
    SeatingRun.objects.filter(pk=run.pk).update(state=RunState.RUNNING, started_at=timezone.now(), progress=0.0)
    last_write = [0.0]

    def progress(fraction, best):
        clock = timezone.now().timestamp()
        if clock - last_write[0] >= PROGRESS_WRITE_INTERVAL:
            last_write[0] = clock
            SeatingRun.objects.filter(pk=run.pk).update(progress=min(1.0, max(0.0, fraction)), best_score=best,
                                                        updated_at=timezone.now())

    try:
        result = generate(event=run.event, rounds=run.round_numbers, keep_manual=run.keep_manual, seed=run.seed,
                          time_limit=time_limit, progress=progress)
    except SeatingError as exc:
        _finish(run, RunState.FAILED, str(exc))
    except Exception:
        logger.exception("Seating run %s failed", run.pk)
        _finish(run, RunState.FAILED, _("The seating engine failed unexpectedly; the error was logged."))
    else:
        _finish(run, RunState.DONE, _("Seated: %(created)d new seats, %(moved)d moved.")
                % {"created": result.created, "moved": result.moved}, score=result.score)
    run.refresh_from_db()
    return run


def _finish(run, state, message, score=None):
    values = {"state": state, "message": message, "finished_at": timezone.now()}
    if state == RunState.DONE:
        values.update(progress=1.0, best_score=score)
    SeatingRun.objects.filter(pk=run.pk).update(**values)
