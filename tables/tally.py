"""The counts behind the board's quality summary, so a drag is rescored from the two tables it touched.

The engine's `evaluate` scores a whole plan. After a drag the board needs the same figures without
reading the event again; these counts add up table by table, so the page keeps the event's counts
and a change adds what it changed at its tables (counted before and after it, from
tables.queries.load_round_tables). The definitions are the engine's: rank points of researchers
(and of hosts in research rounds), pairs of researchers sharing a table in two rounds, pairs of
one lab at one table, researchers who meet someone a second time; tests/tables/test_tally.py holds
them to `evaluate`. No queries here.
"""
import copy
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from . import adapter
from .enums import RoundBasis


@dataclass
class Counts:
    points: int = 0
    repeat_pairs: int = 0        # (pair, other round) sharings, counted from this round's side
    same_lab_pairs: int = 0
    first: Counter = field(default_factory=Counter)     # round number -> researchers at their 1st choice
    matched: Counter = field(default_factory=Counter)   # round number -> researchers at a choice
    met_again: set = field(default_factory=set)         # registration pks meeting someone twice


def _rank_index(choices, theme_name):
    if theme_name is None or theme_name not in choices:
        return None
    index = list(choices).index(theme_name)
    return index if index < 3 else None


@dataclass
class _Index:
    """Who sits where in `data`, read once: model attributes are slow to read thousands of times."""

    where: dict   # (registration pk, round pk) -> table pk
    at: dict      # (round pk, table pk) -> {registration pk}
    labs: dict    # registration pk -> lab key


def _index(data):
    where, at = {}, defaultdict(set)
    for round_pk, seats in data.seats_by_round.items():
        for seat in seats:
            if seat.registration_id in data.registration_by_pk:
                where[(seat.registration_id, round_pk)] = seat.table_id
                at[(round_pk, seat.table_id)].add(seat.registration_id)
    labs = {pk: r.researcher.lab_key for pk, r in data.registration_by_pk.items()}
    return _Index(where=where, at=at, labs=labs)


def _meets_again(registration_id, rounds, where, at):
    seen = set()
    for other in rounds:
        table = where.get((registration_id, other))
        if table is not None:
            mates = at[(other, table)]
            if not seen.isdisjoint(mates):
                return True
            seen.update(mates)
            seen.discard(registration_id)
    return False


def count_tables(data, round_, table_ids, *, settings, index=None, met_again=True):
    """The counts of the people at `table_ids` in `round_`; `data` must hold those tables' seats and,
    for their researchers, every seat of theirs and their table-mates' in the other rounds."""
    rank_points = (settings.first_choice_points, settings.second_choice_points, settings.third_choice_points)
    counts = Counts()
    index = index or _index(data)
    where, at, labs = index.where, index.at, index.labs
    rounds = [r.pk for r in data.rounds]
    other_rounds = [pk for pk in rounds if pk != round_.pk]  # read once: `.pk` is a property call
    choices = data.company_choices if round_.basis == RoundBasis.COMPANY else data.research_choices
    hosts = defaultdict(list)   # only research rounds give hosts points
    if round_.basis == RoundBasis.RESEARCH:
        for seat in data.seats_by_round.get(round_.pk, ()):
            if seat.event_host_id in data.event_host_by_pk:
                hosts[seat.table_id].append(data.event_host_by_pk[seat.event_host_id])
    for table_id in table_ids:
        theme = adapter.theme_name(data.themes.get((round_.pk, table_id)))
        people = sorted(at.get((round_.pk, table_id), ()))
        for registration_id in people:
            index = _rank_index(choices.get(registration_id, ()), theme)
            if index is not None:
                counts.points += rank_points[index]
                counts.matched[round_.number] += 1
                counts.first[round_.number] += index == 0
            if met_again and _meets_again(registration_id, rounds, where, at):
                counts.met_again.add(registration_id)
        for a, b in combinations(people, 2):
            lab = labs[a]
            if lab and lab == labs[b]:
                counts.same_lab_pairs += 1
            for other in other_rounds:
                table = where.get((a, other))
                if table is not None and table == where.get((b, other)):
                    counts.repeat_pairs += 1
        for host in hosts.get(table_id, ()):
            index = _rank_index(data.host_research.get(host.host_id, ()), theme)
            if index is not None:
                counts.points += rank_points[index]
    return counts


def event_counters(data, *, settings):
    """The counters of the whole event (every round, every table), as the board page carries them."""
    total = Counts()
    table_ids = [t.pk for t in data.tables]
    index = _index(data)
    for round_ in data.rounds:
        counts = count_tables(data, round_, table_ids, settings=settings, index=index, met_again=False)
        total.points += counts.points
        total.repeat_pairs += counts.repeat_pairs
        total.same_lab_pairs += counts.same_lab_pairs
        total.first.update(counts.first)
        total.matched.update(counts.matched)
    rounds = [r.pk for r in data.rounds]
    met_again = sum(_meets_again(pk, rounds, index.where, index.at) for pk in data.registration_by_pk)
    return {
        "feasible": _keeps_every_rule(data, settings, index),
        "points": total.points,
        "repeat_pairs": total.repeat_pairs // 2,   # each repeated pair was counted from both of its rounds
        "same_lab_pairs": total.same_lab_pairs,
        "met_again": met_again,
        "researchers": len(data.registrations),
        "rounds": [[r.number, total.first[r.number], total.matched[r.number]] for r in data.rounds],
    }


def _keeps_every_rule(data, settings, index):
    """Whether `evaluate` would find nothing wrong: everyone seated in every round, no table over its
    capacity or outside the host limits, in company rounds each host at a table of their company.
    (When something is wrong the board asks `evaluate` what, in its words.)"""
    for round_ in data.rounds:
        seats = data.seats_by_round.get(round_.pk, ())
        seated = {s.registration_id for s in seats if s.registration_id in data.registration_by_pk}
        hosts = [s for s in seats if s.event_host_id in data.event_host_by_pk]
        if len(seated) < len(data.registrations) or len({s.event_host_id for s in hosts}) < len(data.event_hosts):
            return False
        if any(len(index.at.get((round_.pk, t.pk), ())) > t.capacity for t in data.tables):
            return False
        per_table = Counter(s.table_id for s in hosts)
        if data.event_hosts and not all(settings.host_seats_min <= per_table[t.pk] <= settings.host_seats_max
                                        for t in data.tables):
            return False
        if round_.basis == RoundBasis.COMPANY and any(
                adapter.theme_name(data.themes.get((round_.pk, s.table_id)))
                != data.event_host_by_pk[s.event_host_id].host.company.name for s in hosts):
            return False
    return True


def undo_moves(data, round_, moves):
    """A copy of `data` with the seats of `moves` ([(seat pk, from table pk, to table pk)]) back where they were."""
    before = copy.copy(data)
    back = {seat_pk: from_table for seat_pk, from_table, _to in moves}
    seats = []
    for seat in data.seats:
        if seat.round_id == round_.pk and seat.pk in back:
            seat = copy.copy(seat)
            seat.table_id = back[seat.pk]
        seats.append(seat)
    before.seats = seats
    before.__post_init__()
    return before


def apply_change(counters, before, after, round_, table_ids, *, settings):
    """`counters` (as event_counters) after a change at `table_ids` of `round_`, from the seats there
    before and after it; None when `counters` is not a well-formed set of counters of this event."""
    if counters.get("feasible") is not True:   # the page listed rules not kept: it is scored whole
        return None
    try:
        new = {key: int(counters[key]) for key in ("points", "repeat_pairs", "same_lab_pairs", "met_again",
                                                   "researchers")}
        rounds = {int(number): [int(first), int(matched)] for number, first, matched in counters["rounds"]}
    except (KeyError, TypeError, ValueError):
        return None
    if set(rounds) != {r.number for r in after.rounds} or new["researchers"] < 1:
        return None
    was = count_tables(before, round_, table_ids, settings=settings)
    now = count_tables(after, round_, table_ids, settings=settings)
    new["points"] += now.points - was.points
    new["repeat_pairs"] += now.repeat_pairs - was.repeat_pairs
    new["same_lab_pairs"] += now.same_lab_pairs - was.same_lab_pairs
    new["met_again"] += len(now.met_again) - len(was.met_again)
    rounds[round_.number][0] += now.first[round_.number] - was.first[round_.number]
    rounds[round_.number][1] += now.matched[round_.number] - was.matched[round_.number]
    new["rounds"] = [[number, *rounds[number]] for number in sorted(rounds)]
    new["feasible"] = True   # a move or swap that would break a rule is refused before it gets here
    return new


def figures_of(counters, *, settings):
    """The board's quality summary (as adapter.figures_dict) from counters of a plan that keeps every rule."""
    n = counters["researchers"] or 1
    return {
        "points": counters["points"],
        "repeat_pairs": counters["repeat_pairs"],
        "same_lab_pairs": counters["same_lab_pairs"],
        "score": counters["points"] - settings.repeat_pair_penalty * counters["repeat_pairs"]
        - settings.same_lab_penalty * counters["same_lab_pairs"],
        "rounds": [{"number": number, "first_choice_pct": round(100 * first / n, 2),
                    "matched_pct": round(100 * matched / n, 2)} for number, first, matched in counters["rounds"]],
        "all_new_tablemates_pct": round(100 * (1 - counters["met_again"] / n), 2),
        "feasible": True,
        "problems": [],
    }
