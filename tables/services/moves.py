"""Moving people by hand on the board: move, swap, pin.

Seat changes lock the round row first (rounds in pk order when there are several), re-read the
seats under that lock and check each seat's `version` against the one the board showed, so two
organizers editing the same round are served one after the other and the later one is told.
Raises SeatingConflict (someone else was faster), SeatingError (a rule) or NotOnThisBoard (a seat or
table of another round or event) with nothing written.
"""
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from attendees.models import Registration

from ..enums import PlacedBy, RoundBasis
from ..exceptions import NotOnThisBoard, SeatingConflict, SeatingError
from ..models import Round, Seat, SeatingSettings, Table, TableTheme


@dataclass
class SeatChange:
    """What a hand change did: the seats it changed, the tables to redraw, warnings worth a look."""

    round: Round
    seats: list
    table_ids: set
    warnings: list = field(default_factory=list)
    moves: list = field(default_factory=list)   # (seat pk, from table pk, to table pk)


def _lock_round_of(round_id, seat_ids):
    """Lock round `round_id` and return (round, {seat pk: Seat}) with the seats re-read under the lock.

    A seat of another round or event raises NotOnThisBoard; a seat that no longer exists (the round
    was seated again meanwhile) raises SeatingConflict.
    """
    round = Round.objects.select_for_update().select_related("event").get(pk=round_id)
    seats = {
        s.pk: s for s in Seat.objects.select_for_update(of=("self",)).filter(pk__in=seat_ids, round=round)
        .select_related("registration__researcher", "event_host__host__company", "table")
        .order_by("pk")
    }
    missing = set(seat_ids) - set(seats)
    if missing and Seat.objects.filter(pk__in=missing).exists():
        raise NotOnThisBoard("seat of another round")
    if missing:
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
    involved = {pk for pks in destination.values() for pk in pks} | set(movers)
    earlier = {}  # of the people involved only: at 2,000 researchers the whole event is 2,000 rows a drag
    for registration_id, other_round, table_id in Seat.objects.filter(
            round__event=round.event_id, registration_id__in=involved).exclude(round=round).values_list(
            "registration_id", "round__number", "table_id"):
        earlier[(registration_id, other_round)] = table_id
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


def move(*, round_id, seat_id, to_table_id, expected_version):
    """Move the person of seat `seat_id` of round `round_id` to table `to_table_id`, as the organizer.

    In one transaction with the round row locked: checks the seat's version (SeatingConflict if
    someone changed it since the board showed `expected_version`), the table's capacity and the
    host rules (SeatingError), then moves the seat: `placed_by=organizer` (so generating again keeps
    it unless told otherwise), version + 1. Returns a SeatChange with soft warnings (same lab,
    repeated table-mates, published round), which do not stop the move.
    """
    with transaction.atomic():
        round, seats = _lock_round_of(round_id, [int(seat_id)])
        seat = seats[int(seat_id)]
        _check_version(seat, expected_version)
        to_table = Table.objects.filter(pk=to_table_id, event_id=round.event_id).first()
        if to_table is None:
            raise NotOnThisBoard("table of another event")
        if to_table.pk == seat.table_id:
            return SeatChange(round=round, seats=[seat], table_ids={seat.table_id})
        warnings = _check_rules(round, [(seat, to_table)])
        from_table = seat.table_id
        _save_moved(seat, to_table)
        return SeatChange(round=round, seats=[seat], table_ids={from_table, to_table.pk}, warnings=warnings,
                          moves=[(seat.pk, from_table, to_table.pk)])


def swap(*, round_id, seat_a_id, seat_b_id, versions):
    """Swap the tables of two seats of round `round_id`, as the organizer.

    `versions` are the two versions the board showed, in the same order. Same locking, checks and
    side effects as `move`, for both seats at once (a host and a researcher may swap when the
    tables' capacity and host counts allow it).
    """
    seat_a_id, seat_b_id = int(seat_a_id), int(seat_b_id)
    if seat_a_id == seat_b_id:
        raise SeatingError(_("Choose two different people to swap."))
    with transaction.atomic():
        round, seats = _lock_round_of(round_id, [seat_a_id, seat_b_id])
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
        return SeatChange(round=round, seats=[a, b], table_ids={table_a.pk, table_b.pk}, warnings=warnings,
                          moves=[(a.pk, table_a.pk, table_b.pk), (b.pk, table_b.pk, table_a.pk)])


def _save_moved(seat, to_table):
    seat.table = to_table
    seat.placed_by = PlacedBy.ORGANIZER
    seat.version += 1
    seat.save(update_fields=["table", "placed_by", "version", "updated_at"])


def set_pinned(*, round_id, seat_id, pinned, expected_version=None):
    """Pin a seat (generating again never moves it) or unpin it.

    In one transaction with the round locked; checks the version like `move`; bumps it.
    """
    with transaction.atomic():
        round, seats = _lock_round_of(round_id, [int(seat_id)])
        seat = seats[int(seat_id)]
        _check_version(seat, expected_version)
        if seat.pinned != bool(pinned):
            seat.pinned = bool(pinned)
            seat.version += 1
            seat.save(update_fields=["pinned", "version", "updated_at"])
        return SeatChange(round=round, seats=[seat], table_ids={seat.table_id})


@dataclass(frozen=True)
class ReoptimizeScope:
    """Who re-optimizing a round may move: everyone seated but the pinned (hand placements included)."""

    movable: int
    by_hand: int    # of the movable, placed by an organizer: their hand placement may be undone
    pinned: int


def reoptimize_scope(*, round):
    counts = dict.fromkeys(("movable", "by_hand", "pinned"), 0)
    for pinned, placed_by in Seat.objects.filter(round=round).values_list("pinned", "placed_by"):
        if pinned:
            counts["pinned"] += 1
        else:
            counts["movable"] += 1
            counts["by_hand"] += placed_by == PlacedBy.ORGANIZER
    return ReoptimizeScope(**counts)
