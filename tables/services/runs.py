"""Background seating runs: queued by the board, executed by the task worker (tables.tasks).

A running run writes its progress every PROGRESS_WRITE_INTERVAL seconds, and that write is its
heartbeat (`updated_at`). A run whose heartbeat stopped lost its worker (killed, machine
restarted): `fail_abandoned_runs` marks it failed, from the worker's recovery pass, from the
board's status request and before a new run starts, so Generate works again within a minute.
"""
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import adapter
from ..enums import RunState
from ..exceptions import SeatingError
from ..models import SeatingRun, SeatingSettings
from ..queries import load_event_seating
from .generation import generate

logger = logging.getLogger(__name__)

PROGRESS_WRITE_INTERVAL = 0.5  # seconds between two progress writes (heartbeats) of a running run


class RunAbandoned(Exception):
    """Raised from the progress callback when the run was marked failed meanwhile: stop the engine."""


def fail_abandoned_runs(*, event=None, now=None):
    """Mark failed the runs whose worker died; returns how many. Only `event`'s runs when given.

    A running run whose heartbeat is older than SEATING_RUN_STALE_AFTER seconds, and a queued run
    no worker started within SEATING_RUN_QUEUED_LIMIT seconds (a busy worker may first have
    hundreds of emails to send, so that limit is generous; past it, no worker is running). Each
    gets a message for the board. One conditional UPDATE: safe from several processes at once,
    and a run whose worker is merely busy or has just written its heartbeat is left alone.
    """
    now = now or timezone.now()
    runs = SeatingRun.objects.all() if event is None else SeatingRun.objects.filter(event=event)
    stale_after = timedelta(seconds=settings.SEATING_RUN_STALE_AFTER)
    queued_limit = timedelta(seconds=settings.SEATING_RUN_QUEUED_LIMIT)
    stale = Q(state=RunState.RUNNING, updated_at__lt=now - stale_after)
    forgotten = Q(state=RunState.QUEUED, created_at__lt=now - queued_limit)
    return runs.filter(stale | forgotten).update(  # one statement: the board runs it on every load
        state=RunState.FAILED, finished_at=now, updated_at=now, message=Case(
            When(state=RunState.RUNNING, then=Value(_("The worker stopped before finishing; start the run again."))),
            default=Value(_(
                "No worker started this run within %(minutes)d minutes; check that the worker is running, "
                "then start the run again.") % {"minutes": int(queued_limit.total_seconds() // 60)}),
        ),
    )


def start_run(*, event, round_numbers, keep_manual=True, fresh=False, seed=0, requested_by=None, now=None):
    """Queue a background seating run of `event` (tables.tasks.run_seating does the work).

    Creates a SeatingRun in state `queued` and enqueues the task once that commits. Refused up
    front, with the reason and the fix, when the run would be refused later (a published round,
    a round without themes, too few hosts, more researchers than seats...), and while another
    run of the event is queued or running (the database enforces it too); runs whose worker died
    are marked failed first (`fail_abandoned_runs`).
    """
    from ..tasks import run_seating  # the task module imports this one

    now = now or timezone.now()
    numbers = sorted({int(n) for n in round_numbers})
    if not numbers:
        raise SeatingError(_("Choose at least one round to seat."))
    adapter.checked_instance(load_event_seating(event), settings=SeatingSettings.for_event(event),
                             round_numbers=numbers, keep_manual=keep_manual, fresh=fresh)
    try:
        with transaction.atomic():
            fail_abandoned_runs(event=event, now=now)
            if SeatingRun.objects.filter(event=event, state__in=[RunState.QUEUED, RunState.RUNNING]).exists():
                raise SeatingError(_("A seating run for this event is already in progress; wait for it to finish."))
            run = SeatingRun.objects.create(event=event, round_numbers=numbers, keep_manual=keep_manual, fresh=fresh,
                                            seed=seed, requested_by=requested_by)
            transaction.on_commit(lambda: run_seating.enqueue(run_id=run.pk))
    except IntegrityError as exc:  # two organizers pressed the button at the same moment
        raise SeatingError(_("A seating run for this event is already in progress; wait for it to finish.")) from exc
    return run


def execute_run(*, run_id, time_limit=None):
    """Do the work of SeatingRun `run_id`: mark it running, generate, mark it done or failed.

    Progress (fraction and best score) is written at most every PROGRESS_WRITE_INTERVAL seconds.
    A SeatingError ends the run as failed with its message; any other error too, with a
    generic message (and is logged). A run that is no longer queued is left as it is (recovery
    failed it, or another worker took it), and one marked failed while it runs stops at its
    next progress write and stays failed. Returns the run.
    """
    run = SeatingRun.objects.select_related("event").get(pk=run_id)
    started = timezone.now()
    # The heartbeat starts now: a run that waited in the queue must not look stale once it runs.
    if not SeatingRun.objects.filter(pk=run.pk, state=RunState.QUEUED).update(
            state=RunState.RUNNING, started_at=started, updated_at=started, progress=0.0):
        run.refresh_from_db()
        return run
    last_write = [0.0]

    def progress(fraction, best):
        clock = timezone.now().timestamp()
        # the last call carries the final plan's score: never skip it, so the bar ends on that figure
        if fraction >= 1.0 or clock - last_write[0] >= PROGRESS_WRITE_INTERVAL:
            last_write[0] = clock
            if not SeatingRun.objects.filter(pk=run.pk, state=RunState.RUNNING).update(
                    progress=min(1.0, max(0.0, fraction)), best_score=best, updated_at=timezone.now()):
                raise RunAbandoned

    try:
        result = generate(event=run.event, rounds=run.round_numbers, keep_manual=run.keep_manual, fresh=run.fresh,
                          seed=run.seed, time_limit=time_limit, progress=progress)
    except RunAbandoned:
        logger.warning("Seating run %s was marked failed while it ran; stopped", run.pk)
    except SeatingError as exc:
        _finish(run, RunState.FAILED, str(exc))
    except Exception:
        logger.exception("Seating run %s failed", run.pk)
        _finish(run, RunState.FAILED, _("The seating engine failed unexpectedly; the error was logged."))
    else:
        _finish(run, RunState.DONE, outcome_message(result), score=result.score, steps=result.steps,
                moved={str(n): names for n, names in result.moved_names.items()})
    run.refresh_from_db()
    return run


def outcome_message(result):
    """"Seated: 2 new seats, 3 moved." then who moved, round by round, by name."""
    lines = [_("Seated: %(created)d new seats, %(moved)d moved.") % {"created": result.created, "moved": result.moved}]
    for number, names in result.moved_names.items():
        if names:
            lines.append(_("Moved in round %(number)s: %(names)s.")
                         % {"number": number, "names": adapter.name_list(names, limit=30)})
    return "\n".join(lines)


def _finish(run, state, message, score=None, steps=None, moved=None):
    values = {"state": state, "message": message, "finished_at": timezone.now(), "updated_at": timezone.now()}
    if state == RunState.DONE:
        values.update(progress=1.0, best_score=score, steps=steps, moved=moved or {})
    # Only a run still running: one that recovery failed meanwhile keeps its failure on the board.
    SeatingRun.objects.filter(pk=run.pk, state=RunState.RUNNING).update(**values)
