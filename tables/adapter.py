"""The bridge between the database and the seating engine (tables.seating, which knows no Django).

Engine ids: researchers are ``r<registration pk>``, hosts ``h<event host pk>``, tables ``T<number>``
(readable in the engine's refusals), rounds their number, themes the company's or research area's
name (both unique). Only confirmed registrations are seated.

`solve_and_save` loads an Instance, runs the engine outside any transaction (it takes seconds),
then saves the plan in ONE transaction with every round row of the event locked, after checking
that nothing the plan depends on changed meanwhile. By default the engine starts from the seats
as they are (the instance's `previous` plan: late changes) and moves as few people as it can;
`fresh=True` ignores them. `current_figures` scores the seats as they are now (possibly edited by
hand) with the engine's own `evaluate`.
"""
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import seating
from .enums import PlacedBy
from .exceptions import SeatingError
from .models import Round, Seat, SeatingSettings
from .queries import load_event_seating

PERSON_ID = re.compile(r"\b([rh])(\d+)\b")


def researcher_id(registration_id):
    return f"r{registration_id}"


def host_id(event_host_id):
    return f"h{event_host_id}"


def table_id(table):
    return f"T{table.number}"


def person_id(seat):
    return researcher_id(seat.registration_id) if seat.registration_id else host_id(seat.event_host_id)


def theme_name(theme):
    """The engine's theme string of a TableTheme (None for no theme)."""
    if theme is None:
        return None
    return theme.company.name if theme.company_id else theme.research_area.name


def weights_for(settings):
    return seating.Weights(
        rank_points=(settings.first_choice_points, settings.second_choice_points, settings.third_choice_points),
        repeat_pair_penalty=settings.repeat_pair_penalty,
        same_affiliation_penalty=settings.same_lab_penalty,
    )


def is_pin(seat, *, keep_manual):
    """A seat the engine must keep: pinned, or (unless discarded) placed by an organizer."""
    return seat.pinned or (keep_manual and seat.placed_by == PlacedBy.ORGANIZER)


def build_instance(data, *, settings, round_numbers, keep_manual=True, fresh=False):
    """The engine's Instance for `data` (tables.queries.EventSeating).

    Rounds in `round_numbers` are to be (re)seated: their pins are the seats `is_pin` keeps, and
    unless `fresh` their other seats are the `previous` plan the engine moves people from only
    when needed or worth it. Every other round that has seats takes part too, with all its seats
    pinned, so the engine avoids repeating the table-mates people already have there; rounds
    without seats are left out.
    """
    known = {researcher_id(r.pk) for r in data.registrations} | {host_id(h.pk) for h in data.event_hosts}
    tables = tuple(seating.TableSpec(id=table_id(t), capacity=t.capacity) for t in data.tables)
    rounds, pins = [], []
    previous = {}
    for round_ in data.rounds:
        seats = data.seats_by_round.get(round_.pk, [])
        regenerated = round_.number in round_numbers
        if not regenerated and not seats:
            continue
        themes = {}
        for table in data.tables:
            name = theme_name(data.theme_of(round_, table))
            if name is not None:
                themes[table_id(table)] = name
        rounds.append(seating.RoundSpec(id=round_.number, basis=round_.basis, themes=themes))
        if regenerated:
            previous[round_.number] = {}
        for seat in seats:
            pid = person_id(seat)
            if pid not in known:
                continue
            table = table_id(data.table_by_pk[seat.table_id])
            if not regenerated or is_pin(seat, keep_manual=keep_manual):
                pins.append(seating.Pin(round=round_.number, person=pid, table=table))
            else:
                previous[round_.number][pid] = table
    researchers = tuple(
        seating.Researcher(
            id=researcher_id(r.pk),
            companies=tuple(data.company_choices.get(r.pk, ())),
            research=tuple(data.research_choices.get(r.pk, ())),
            affiliation=r.researcher.lab_key,
        )
        for r in data.registrations
    )
    hosts = tuple(
        seating.Host(id=host_id(h.pk), company=h.host.company.name,
                     research=tuple(data.host_research.get(h.host_id, ())))
        for h in data.event_hosts
    )
    return seating.Instance(
        tables=tables, rounds=tuple(rounds), researchers=researchers, hosts=hosts,
        host_min=settings.host_seats_min, host_max=settings.host_seats_max, pinned=tuple(pins),
        name=data.event.slug, previous=None if fresh else seating.Plan(seats=previous),
    )


def names_of(data):
    """Person id -> the name an organizer knows them by (a host with their company)."""
    names = {researcher_id(r.pk): r.researcher.full_name for r in data.registrations}
    names.update({host_id(h.pk): f"{h.host.full_name} ({h.host.company.name})" for h in data.event_hosts})
    return names


def readable(message, data, names=None):
    """The engine's message with person ids replaced by names (tables are already ``T<number>``)."""
    names = names if names is not None else names_of(data)
    return PERSON_ID.sub(lambda m: names.get(m.group(0), m.group(0)), message)


def name_list(names, limit=12):
    """"A, B, C" for the first `limit` names, then how many more."""
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += " " + _("and %(count)d more") % {"count": len(names) - limit}
    return shown


def check(data, instance):
    """Raise SeatingError with the engine's organizer-readable refusal when `instance` cannot be seated."""
    try:
        seating.check_instance(instance)
    except seating.SeatingError as exc:
        raise SeatingError(
            _("The seating cannot be generated:") + "\n" + readable(str(exc), data)
        ) from exc


@dataclass(frozen=True)
class SaveOutcome:
    created: int  # seats of people who had none in the round (newcomers)
    moved: int  # people seated at another table than before
    removed: int  # seats of people no longer in the event
    moved_people: dict = field(default_factory=dict)  # round number -> [person id] who moved


def solve_and_save(*, event, round_numbers, keep_manual=True, fresh=False, seed=0, time_limit=None, steps=None,
                   progress=None):
    """Seat rounds `round_numbers` of `event` with the engine and save the plan.

    Side effects, all in one transaction with every round row of the event locked (pk order):
    seats of people no longer in the event (registration not confirmed, host removed) are deleted
    from those rounds; the kept pins stay untouched; every other seat there is moved or created as
    the optimizer's (``placed_by=optimizer``), its version bumped when it moves. Raises
    SeatingError, with nothing written, when the rounds do not exist or are published, when the
    engine refuses the instance, or when seats, themes or people changed while the engine ran.
    Unless `fresh`, the engine starts from the seats as they are and moves as few people as it can.
    Returns (SaveOutcome, seating.Solution).
    """
    round_numbers = sorted(set(round_numbers))
    settings = SeatingSettings.for_event(event)
    data = load_event_seating(event)
    instance = checked_instance(data, settings=settings, round_numbers=round_numbers, keep_manual=keep_manual,
                                fresh=fresh)
    try:
        solution = seating.solve_report(instance, weights=weights_for(settings), seed=seed, time_limit=time_limit,
                                        steps=steps, progress=progress)
    except seating.SeatingError as exc:
        raise SeatingError(_("The seating cannot be generated:") + "\n" + readable(str(exc), data)) from exc
    with transaction.atomic():
        list(Round.objects.select_for_update().filter(event=event).order_by("pk"))
        now = load_event_seating(event)
        _check_rounds(now, round_numbers)
        if build_instance(now, settings=settings, round_numbers=round_numbers, keep_manual=keep_manual,
                          fresh=fresh) != instance:
            raise SeatingError(_(
                "Seats, themes or attendees changed while the plan was being computed; nothing was saved. "
                "Generate again."
            ))
        outcome = save_plan(now, solution.plan, round_numbers=round_numbers, keep_manual=keep_manual)
    return outcome, solution


def checked_instance(data, *, settings, round_numbers, keep_manual=True, fresh=False):
    """The instance to seat `round_numbers`, or SeatingError saying why a run would be refused and what to do.

    The same checks a run makes before any work, so the board can refuse before queueing one.
    """
    _check_rounds(data, round_numbers)
    instance = build_instance(data, settings=settings, round_numbers=round_numbers, keep_manual=keep_manual,
                              fresh=fresh)
    check(data, instance)
    return instance


def _check_rounds(data, round_numbers):
    by_number = {r.number: r for r in data.rounds}
    themed = {round_pk for round_pk, _table_pk in data.themes}
    for number in round_numbers:
        round_ = by_number.get(number)
        if round_ is None:
            raise SeatingError(_("Round %(number)s does not exist.") % {"number": number})
        if round_.published_at is not None:
            raise SeatingError(
                _("Round %(number)s is published: unpublish it before seating it again.") % {"number": number}
            )
        if round_.pk not in themed:
            raise SeatingError(_(
                "Round %(number)s has no table themes yet: apply the suggested themes on its board "
                "(or theme the tables on the round's page), then generate."
            ) % {"number": number})


def save_plan(data, plan, *, round_numbers, keep_manual):
    """Write `plan`'s rounds `round_numbers` over the seats in `data`; the caller holds the round locks."""
    tables = {table_id(t): t for t in data.tables}
    now = timezone.now()
    to_create, to_update, to_delete = [], [], []
    moved_people = {}
    for round_ in data.rounds:
        if round_.number not in round_numbers:
            continue
        planned = dict(plan.seats.get(round_.number, {}))
        for seat in data.seats_by_round.get(round_.pk, []):
            tid = planned.pop(person_id(seat), None)
            if tid is None:
                to_delete.append(seat.pk)
                continue
            table = tables[tid]
            kept = is_pin(seat, keep_manual=keep_manual)
            if seat.table_id == table.pk and (kept or seat.placed_by == PlacedBy.OPTIMIZER):
                continue
            if seat.table_id != table.pk:
                seat.version += 1
                moved_people.setdefault(round_.number, []).append(person_id(seat))
            seat.table = table
            if not kept:
                seat.placed_by = PlacedBy.OPTIMIZER
            seat.updated_at = now
            to_update.append(seat)
        for pid, tid in planned.items():
            kind, pk = pid[0], int(pid[1:])
            to_create.append(Seat(
                round=round_, table=tables[tid], placed_by=PlacedBy.OPTIMIZER,
                registration_id=pk if kind == "r" else None, event_host_id=pk if kind == "h" else None,
            ))
    Seat.objects.filter(pk__in=to_delete).delete()
    Seat.objects.bulk_update(to_update, ["table", "placed_by", "version", "updated_at"], batch_size=500)
    Seat.objects.bulk_create(to_create, batch_size=500)
    return SaveOutcome(created=len(to_create), moved=sum(map(len, moved_people.values())), removed=len(to_delete),
                       moved_people=moved_people)


def current_plan(data):
    """The seats as they are, as an engine Plan over every round (people not in the event left out)."""
    known = {researcher_id(r.pk) for r in data.registrations} | {host_id(h.pk) for h in data.event_hosts}
    seats = {}
    for round_ in data.rounds:
        row = {}
        for seat in data.seats_by_round.get(round_.pk, []):
            pid = person_id(seat)
            if pid in known:
                row[pid] = table_id(data.table_by_pk[seat.table_id])
        seats[round_.number] = row
    return seating.Plan(seats=seats)


def figures_instance(data, *, settings):
    """The instance the quality summary is measured on: every round, no pins."""
    instance = build_instance(data, settings=settings, round_numbers={r.number for r in data.rounds})
    return seating.Instance(
        tables=instance.tables, rounds=instance.rounds, researchers=instance.researchers, hosts=instance.hosts,
        host_min=instance.host_min, host_max=instance.host_max, pinned=(), name=instance.name,
    )


def current_figures(data, *, settings=None):
    """The engine's figures (tables.seating.Figures) of the seats as they are now."""
    settings = settings or SeatingSettings.for_event(data.event)
    instance = figures_instance(data, settings=settings)
    return seating.evaluate(instance, current_plan(data), weights=weights_for(settings))


def figures_dict(data, figures):
    """The quality summary as JSON-ready data for the board (the rules not kept as sentences)."""
    from .checks import rules_not_kept  # here: tables.checks imports this module
    return {
        "points": figures.points,
        "repeat_pairs": figures.repeat_pairs,
        "same_lab_pairs": figures.same_affiliation_pairs,
        "score": figures.score,
        "rounds": [
            {"number": number, "first_choice_pct": f.first_choice_pct, "matched_pct": f.matched_pct}
            for number, f in figures.rounds.items()
        ],
        "all_new_tablemates_pct": figures.all_new_tablemates_pct,
        "feasible": figures.feasible,
        "problems": rules_not_kept(data, figures.errors),
    }

