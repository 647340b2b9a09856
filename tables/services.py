"""Seating an event: table themes, generating plans, moving people by hand, publishing.

Every function takes keyword arguments (model instances or ids, never a request) and raises
SeatingError with a message for the organizer when it refuses; nothing is written then.
Seat changes lock the round row first (rounds in pk order when there are several), re-read the
seats under that lock and check each seat's `version` against the one the board showed, so two
organizers editing the same round are served one after the other and the later one is told.
"""
import logging
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attendees.enums import RegistrationStatus
from attendees.models import CompanyInterest, EventHost, Registration, ResearchInterest
from events.models import Company

from . import adapter, seating
from .enums import PlacedBy, RoundBasis, RunState
from .exceptions import SeatingConflict, SeatingError
from .models import Round, Seat, SeatingRun, SeatingSettings, Table, TableTheme
from .signals import round_published

logger = logging.getLogger(__name__)

# A run whose progress has not moved for this long lost its worker (killed, machine restarted).
STALE_RUN_AFTER = timedelta(minutes=10)
PROGRESS_WRITE_INTERVAL = 0.5  # seconds between two progress writes of a background run


# --- themes -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ThemeShare:
    subject: object            # Company or ResearchArea
    tables: int
    demand: int                # choice points of the confirmed researchers (1st 3, 2nd 2, 3rd 1 by default)
    hosts: int | None = None   # company rounds: the company's hosts at this event


@dataclass(frozen=True)
class ThemeProposal:
    round: Round
    shares: tuple              # ThemeShare, most tables first; only subjects that get a table

    @property
    def table_count(self):
        return sum(s.tables for s in self.shares)


def suggest_themes(*, round):
    """Propose how many tables each company (company round) or research area gets in `round`.

    Demand is what the confirmed researchers ranked, weighted by the event's choice points. In a
    company round the hosts decide too: a company with k hosts fills at most k // host_min tables
    and needs ceil(k / host_max) (so at least one) when it has hosts; companies without hosts get
    no table while tables need hosts. Tables are shared by largest remainder. Reads only; raises
    SeatingError when the hosts cannot fill the tables.
    """
    event = round.event
    settings = SeatingSettings.for_event(event)
    table_count = Table.objects.filter(event=event).count()
    points = (settings.first_choice_points, settings.second_choice_points, settings.third_choice_points)
    confirmed = {"registration__event": event, "registration__status": RegistrationStatus.CONFIRMED, "rank__lte": 3}
    if round.basis == RoundBasis.COMPANY:
        interests = CompanyInterest.objects.filter(**confirmed).values_list("company_id", "rank")
        host_counts = Counter(EventHost.objects.filter(event=event).values_list("host__company_id", flat=True))
        subjects = {c.pk: c for c in Company.objects.filter(pk__in=set(event.companies.values_list("pk", flat=True))
                                                            | set(host_counts))}
    else:
        interests = ResearchInterest.objects.filter(**confirmed).values_list("research_area_id", "rank")
        host_counts = None
        subjects = {a.pk: a for a in event.research_areas.all()}
    demand = Counter()
    for subject_id, rank in interests:
        if subject_id in subjects:
            demand[subject_id] += points[rank - 1]
    order = sorted(subjects, key=lambda pk: (-demand[pk], subjects[pk].name))
    if not order or not table_count:
        raise SeatingError(_("Add tables and the companies or research areas researchers choose from first."))
    minimum, cap = {}, {}
    if host_counts is not None and host_counts and settings.host_seats_min > 0:
        minimum, cap = _host_limits(subjects, host_counts, settings, table_count)
    counts = _share_tables(table_count, {pk: demand[pk] for pk in order}, minimum, cap)
    shares = sorted(
        (ThemeShare(subject=subjects[pk], tables=n, demand=demand[pk],
                    hosts=host_counts.get(pk, 0) if host_counts is not None else None)
         for pk, n in counts.items() if n > 0),
        key=lambda s: (-s.tables, -s.demand, s.subject.name),
    )
    return ThemeProposal(round=round, shares=tuple(shares))


def _host_limits(subjects, host_counts, settings, table_count):
    hmin, hmax = settings.host_seats_min, settings.host_seats_max
    minimum, cap = {}, {}
    for pk, subject in subjects.items():
        k = host_counts.get(pk, 0)
        minimum[pk] = math.ceil(k / hmax) if k else 0
        cap[pk] = k // hmin
        if minimum[pk] > cap[pk]:
            raise SeatingError(
                _("%(company)s brings %(hosts)d host(s) but every table needs %(min)d to %(max)d hosts: "
                  "add hosts of %(company)s or remove them from the event.")
                % {"company": subject.name, "hosts": k, "min": hmin, "max": hmax}
            )
    if sum(minimum.values()) > table_count:
        raise SeatingError(
            _("The hosts need at least %(need)d tables (at most %(max)d hosts each) but there are %(tables)d: "
              "add tables or raise the host maximum.")
            % {"need": sum(minimum.values()), "max": hmax, "tables": table_count}
        )
    if sum(cap.values()) < table_count:
        raise SeatingError(
            _("The hosts can fill only %(fill)d of the %(tables)d tables (at least %(min)d hosts each): "
              "add hosts, remove tables or lower the host minimum.")
            % {"fill": sum(cap.values()), "tables": table_count, "min": hmin}
        )
    return minimum, cap


def _share_tables(table_count, demand, minimum, cap):
    """Largest remainder with minimums (the engine's) and maximums (ours: fix the capped, share the rest)."""
    fixed = {}
    while True:
        free = [pk for pk in demand if pk not in fixed]
        left = table_count - sum(fixed.values())
        try:
            suggestion = seating.suggest_table_themes(
                table_count=left, demand={str(pk): demand[pk] for pk in free},
                minimum={str(pk): minimum[pk] for pk in free if minimum.get(pk)},
            )
        except seating.SeatingError as exc:  # our own checks come first; this is a safety net
            raise SeatingError(str(exc)) from exc
        over = [pk for pk in free if pk in cap and suggestion[str(pk)] > cap[pk]]
        if not over:
            return {**fixed, **{pk: suggestion[str(pk)] for pk in free}}
        for pk in over:
            fixed[pk] = cap[pk]


def apply_themes(*, round, proposal):
    """Theme the tables of `round` as `proposal` says: in table-number order, the biggest share first.

    In one transaction with the round locked: replaces every TableTheme of the round. Seats stay
    where they are (generate again to seat people by the new themes). Refused for a published
    round or when the tables changed since the proposal was made. Returns the new themes.
    """
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("event").get(pk=round.pk)
        if round.published_at is not None:
            raise SeatingError(_("This round is published: unpublish it before changing its themes."))
        tables = list(Table.objects.filter(event=round.event).order_by("number"))
        if len(tables) != proposal.table_count:
            raise SeatingError(_("The tables changed since the themes were suggested; suggest them again."))
        subjects = [share.subject for share in proposal.shares for _n in range(share.tables)]
        TableTheme.objects.filter(round=round).delete()
        company_round = round.basis == RoundBasis.COMPANY
        return TableTheme.objects.bulk_create(
            TableTheme(round=round, table=table, company=subject if company_round else None,
                       research_area=None if company_round else subject)
            for table, subject in zip(tables, subjects, strict=True)
        )


# --- generating ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class GenerationResult:
    created: int
    moved: int
    removed: int
    score: int


def generate(*, event, rounds, keep_manual=True, seed=0, time_limit=None, progress=None):
    """Seat `rounds` (Round instances or numbers) of `event` with the engine and save the plan.

    Keeps pinned seats, and the organizer's manual placements unless `keep_manual` is False;
    other rounds that are seated already are taken as they are (the engine avoids their
    table-mates). The engine runs outside any transaction; the plan is saved in one transaction
    with the event's round rows locked (see tables.adapter.solve_and_save). `progress(fraction,
    best score)` is called now and then. Raises SeatingError (the engine's refusal, in readable
    words) with nothing written.
    """
    numbers = [r.number if isinstance(r, Round) else int(r) for r in rounds]
    outcome, plan = adapter.solve_and_save(
        event=event, round_numbers=numbers, keep_manual=keep_manual, seed=seed, time_limit=time_limit,
        progress=progress,
    )
    return GenerationResult(created=outcome.created, moved=outcome.moved, removed=outcome.removed,
                            score=_score_of(event))


def _score_of(event):
    from .queries import load_event_seating

    return adapter.current_figures(load_event_seating(event)).score


def reoptimize(*, round, seed=0, time_limit=None, progress=None):
    """Seat `round` again, moving everyone who is not pinned (manual placements included).

    Same side effects as `generate` for that one round.
    """
    return generate(event=round.event, rounds=[round], keep_manual=False, seed=seed, time_limit=time_limit,
                    progress=progress)


# --- background runs ----------------------------------------------------------------------------

def start_run(*, event, round_numbers, keep_manual=True, seed=0, requested_by=None, now=None):
    """Queue a background seating run of `event` (tables.tasks.run_seating does the work).

    Creates a SeatingRun in state `queued` and enqueues the task once that commits. Refused
    while another run of the event is queued or running (the database enforces it too); a run
    whose progress has not moved for STALE_RUN_AFTER is marked failed first, as its worker died.
    """
    from .tasks import run_seating

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


# --- moving people by hand ----------------------------------------------------------------------

@dataclass
class SeatChange:
    """What a hand change did: the seats it changed, the tables to redraw, warnings worth a look."""

    round: Round
    seats: list
    table_ids: set
    warnings: list = field(default_factory=list)


def _lock_round_of(seat_ids):
    """Lock the round of the seats (one round) and return (round, {seat pk: Seat}) re-read under the lock."""
    round_ids = set(Seat.objects.filter(pk__in=seat_ids).values_list("round_id", flat=True))
    if len(round_ids) > 1:
        raise SeatingError(_("Only seats of the same round can be swapped."))
    if not round_ids:
        raise SeatingConflict(_("This seat no longer exists (the round was seated again); the board was reloaded."))
    round = Round.objects.select_for_update().select_related("event").get(pk=round_ids.pop())
    seats = {
        s.pk: s for s in Seat.objects.select_for_update(of=("self",)).filter(pk__in=seat_ids, round=round)
        .select_related("registration__researcher", "event_host__host__company", "table")
        .order_by("pk")
    }
    if len(seats) != len(set(seat_ids)):
        raise SeatingConflict(_("This seat no longer exists (the round was seated again); the board was reloaded."))
    return round, seats


def _person_name(seat):
    return seat.registration.researcher.full_name if seat.registration_id else seat.event_host.host.full_name


def _check_version(seat, expected_version):
    if expected_version is not None and seat.version != int(expected_version):
        raise SeatingConflict(
            _("%(name)s was moved by someone else meanwhile; the board was reloaded.") % {"name": _person_name(seat)}
        )


def _check_rules(round, moves):
    """Refuse moves ([(seat, to table)]) that break a hard rule; return warnings for the soft ones.

    Refused: a table over its researcher capacity; in a company round a host at a table not of
    their company; a table pushed below the host minimum or above the host maximum (swap hosts
    instead). A move only counts against a rule it makes worse, so an already broken table can be
    mended step by step.
    """
    settings = SeatingSettings.for_event(round.event)
    tables = {t.pk: t for t in Table.objects.filter(pk__in={s.table_id for s, _t in moves} | {t.pk for _s, t in moves})}
    people = Counter()
    for table_id, is_host in Seat.objects.filter(round=round, table_id__in=tables).values_list(
            "table_id", "event_host_id"):
        people[(table_id, is_host is not None)] += 1
    before = Counter(people)
    for seat, to_table in moves:
        host = seat.event_host_id is not None
        people[(seat.table_id, host)] -= 1
        people[(to_table.pk, host)] += 1
    themes = {t.table_id: t for t in
              TableTheme.objects.filter(round=round, table_id__in=tables).select_related("company")}
    for seat, to_table in moves:
        if seat.event_host_id and round.basis == RoundBasis.COMPANY:
            company = seat.event_host.host.company
            theme = themes.get(to_table.pk)
            if theme is None or theme.company_id != company.pk:
                raise SeatingError(
                    _("In a company round a host sits only at a table of their company: %(name)s (%(company)s) "
                      "cannot sit at %(table)s (%(theme)s).")
                    % {"name": _person_name(seat), "company": company.name, "table": to_table,
                       "theme": theme.company.name if theme else _("no theme")}
                )
    for pk, table in sorted(tables.items(), key=lambda item: item[1].number):
        researchers = people[(pk, False)]
        if researchers > table.capacity and researchers > before[(pk, False)]:
            raise SeatingError(_("%(table)s is full: it seats %(capacity)d researchers.")
                               % {"table": table, "capacity": table.capacity})
        hosts = people[(pk, True)]
        if hosts > settings.host_seats_max and hosts > before[(pk, True)]:
            raise SeatingError(_("%(table)s would have %(count)d hosts, more than %(max)d: swap two hosts instead.")
                               % {"table": table, "count": hosts, "max": settings.host_seats_max})
        if hosts < settings.host_seats_min and hosts < before[(pk, True)]:
            raise SeatingError(_("%(table)s would keep %(count)d host(s), fewer than %(min)d: swap two hosts instead.")
                               % {"table": table, "count": hosts, "min": settings.host_seats_min})
    return _soft_warnings(round, moves)


def _soft_warnings(round, moves):
    """Same-lab and repeated table-mates at the tables researchers are moved to (allowed, worth a look)."""
    warnings = []
    if round.published_at is not None:
        warnings.append(_("This round is published: researchers already received their tables."))
    movers = {seat.registration_id: (seat, to_table) for seat, to_table in moves if seat.registration_id}
    if not movers:
        return warnings
    destination = {}
    for registration_id, table_id in Seat.objects.filter(
            round=round, table_id__in={t.pk for _s, t in movers.values()}, registration__isnull=False
    ).values_list("registration_id", "table_id"):
        destination.setdefault(table_id, []).append(registration_id)
    earlier = {}
    for registration_id, other_round, table_id in Seat.objects.filter(
            round__event=round.event_id, registration__isnull=False).exclude(round=round).values_list(
            "registration_id", "round__number", "table_id"):
        earlier[(registration_id, other_round)] = table_id
    involved = {pk for pks in destination.values() for pk in pks} | set(movers)
    names = {r.pk: r for r in Registration.objects.filter(pk__in=involved).select_related("researcher")}
    rounds_elsewhere = sorted({number for _pk, number in earlier})
    for registration_id, (_seat, to_table) in movers.items():
        me = names[registration_id].researcher
        mates = [pk for pk in destination.get(to_table.pk, []) if pk != registration_id and pk not in movers]
        for pk in mates:
            other = names[pk].researcher
            if me.lab_key and me.lab_key == other.lab_key:
                warnings.append(_("%(a)s and %(b)s are from the same lab (%(lab)s).")
                                % {"a": me.full_name, "b": other.full_name, "lab": me.lab_key})
            for number in rounds_elsewhere:
                mine = earlier.get((registration_id, number))
                if mine is not None and mine == earlier.get((pk, number)):
                    warnings.append(_("%(a)s and %(b)s also share a table in round %(round)s.")
                                    % {"a": me.full_name, "b": other.full_name, "round": number})
    return warnings


def move(*, seat_id, to_table_id, expected_version):
    """Move the person of seat `seat_id` to table `to_table_id` (same round), as the organizer.

    In one transaction with the round row locked: checks the seat's version (SeatingConflict if
    someone changed it since the board showed `expected_version`), the table's capacity and the
    host rules (SeatingError), then moves the seat: `placed_by=organizer` (so generating again keeps
    it unless told otherwise), version + 1. Returns a SeatChange with soft warnings (same lab,
    repeated table-mates, published round), which do not stop the move.
    """
    with transaction.atomic():
        round, seats = _lock_round_of([int(seat_id)])
        seat = seats[int(seat_id)]
        _check_version(seat, expected_version)
        to_table = Table.objects.filter(pk=to_table_id, event_id=round.event_id).first()
        if to_table is None:
            raise SeatingError(_("Choose a table of this event."))
        if to_table.pk == seat.table_id:
            return SeatChange(round=round, seats=[seat], table_ids={seat.table_id})
        warnings = _check_rules(round, [(seat, to_table)])
        from_table = seat.table_id
        _save_moved(seat, to_table)
        return SeatChange(round=round, seats=[seat], table_ids={from_table, to_table.pk}, warnings=warnings)


def swap(*, seat_a_id, seat_b_id, versions):
    """Swap the tables of two seats of the same round, as the organizer.

    `versions` are the two versions the board showed, in the same order. Same locking, checks and
    side effects as `move`, for both seats at once (a host and a researcher may swap when the
    tables' capacity and host counts allow it).
    """
    seat_a_id, seat_b_id = int(seat_a_id), int(seat_b_id)
    if seat_a_id == seat_b_id:
        raise SeatingError(_("Choose two different people to swap."))
    with transaction.atomic():
        round, seats = _lock_round_of([seat_a_id, seat_b_id])
        a, b = seats[seat_a_id], seats[seat_b_id]
        _check_version(a, versions[0])
        _check_version(b, versions[1])
        if a.table_id == b.table_id:
            raise SeatingError(_("%(a)s and %(b)s already sit at the same table.")
                               % {"a": _person_name(a), "b": _person_name(b)})
        table_a, table_b = a.table, b.table
        warnings = _check_rules(round, [(a, table_b), (b, table_a)])
        _save_moved(a, table_b)
        _save_moved(b, table_a)
        return SeatChange(round=round, seats=[a, b], table_ids={table_a.pk, table_b.pk}, warnings=warnings)


def _save_moved(seat, to_table):
    seat.table = to_table
    seat.placed_by = PlacedBy.ORGANIZER
    seat.version += 1
    seat.save(update_fields=["table", "placed_by", "version", "updated_at"])


def set_pinned(*, seat_id, pinned, expected_version=None):
    """Pin a seat (generating again never moves it) or unpin it.

    In one transaction with the round locked; checks the version like `move`; bumps it.
    """
    with transaction.atomic():
        round, seats = _lock_round_of([int(seat_id)])
        seat = seats[int(seat_id)]
        _check_version(seat, expected_version)
        if seat.pinned != bool(pinned):
            seat.pinned = bool(pinned)
            seat.version += 1
            seat.save(update_fields=["pinned", "version", "updated_at"])
        return SeatChange(round=round, seats=[seat], table_ids={seat.table_id})


# --- publishing ---------------------------------------------------------------------------------

def publish(*, round, now=None):
    """Publish the seating of `round`: researchers may see their table, and get an email.

    In one transaction with the round locked: refuses when a confirmed researcher has no seat in
    the round; sets `published_at`. tables.signals.round_published is sent after the commit
    (attendees emails each seated researcher from it). Publishing a published round does nothing.
    """
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("event").get(pk=round.pk)
        if round.published_at is not None:
            return round
        unseated = Registration.objects.filter(event=round.event_id, status=RegistrationStatus.CONFIRMED).exclude(
            seats__round=round).count()
        if unseated:
            raise SeatingError(
                _("%(count)d confirmed researcher(s) have no seat in this round: generate the round first.")
                % {"count": unseated}
            )
        round.published_at = now or timezone.now()
        round.save(update_fields=["published_at"])
        transaction.on_commit(lambda: round_published.send(sender=Round, round=round))
    return round


def unpublish(*, round):
    """Take the seating of `round` back (researchers no longer see it); no email is sent. One UPDATE."""
    with transaction.atomic():
        round = Round.objects.select_for_update().get(pk=round.pk)
        round.published_at = None
        round.save(update_fields=["published_at"])
    return round


def seating_settings(*, event):
    """The event's SeatingSettings, created with the defaults on first use (one INSERT then)."""
    return SeatingSettings.objects.get_or_create(event=event)[0]

