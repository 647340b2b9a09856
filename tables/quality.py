"""The seating's quality per round, for the event's home page: the engine's scorer on the seats as
they are now (hand edits included), with table numbers and researchers' names put back.

Reads the event with `load_event_seating` (its fixed nine queries) and the seating settings (one).
"""
from dataclasses import dataclass, replace

from . import adapter, seating
from .checks import rules_not_kept
from .enums import RoundBasis
from .models import SeatingSettings
from .queries import load_event_seating
from .seating.quality import quality

POORLY_SEATED = 8  # a list an organizer can act on over dinner, not a ranking of everyone


@dataclass(frozen=True)
class RoundSummary:
    round: object                     # tables.models.Round
    seated: int                       # researchers with a seat this round
    researchers: int                  # confirmed researchers
    by_rank: tuple                    # seated at their 1st, 2nd, 3rd choice
    no_choice: int
    unseated: int
    all_new: int | None               # later rounds: met only new table-mates
    repeat_pairs: int
    same_lab_pairs: int
    lab_mixed: int
    hosts: int
    hosts_matched: int
    hosts_by_rank: tuple

    @property
    def is_research(self):
        return self.round.basis == RoundBasis.RESEARCH


@dataclass(frozen=True)
class PoorlySeated:
    name: str
    affiliation: str
    lost: int
    places: list                      # [(round number, table number or None, 1-based rank or None)] by round
    repeated: int
    same_lab: int


@dataclass(frozen=True)
class SeatingQuality:
    rounds: list                      # RoundSummary of each round that has seats
    poorly_seated: list               # PoorlySeated, most points lost first
    score: int | None                 # None when not asked for (with_score=False)
    feasible: bool | None
    problems: list                    # the engine's broken rules, names readable


def seating_quality(event, *, data=None, settings=None, worst=POORLY_SEATED, with_score=True):
    """The quality of `event`'s current seats; None while no round has a seat.

    `data` and `settings`: the event's seating and settings when the caller has them already (the board).
    `with_score=False` leaves out the engine's score and broken rules (None, []): the board shows its
    own summary of them (tables.tally), and scoring 2,000 researchers again cost it some 7 ms.
    """
    data = data or load_event_seating(event)
    if not data.seats:
        return None
    settings = settings or SeatingSettings.for_event(event)
    # A round not seated yet is not a badly seated one: only rounds with seats are measured.
    seated_rounds = {r.number for r in data.rounds if data.seats_by_round.get(r.pk)}
    instance = adapter.figures_instance(data, settings=settings)
    instance = replace(instance, rounds=tuple(r for r in instance.rounds if r.id in seated_rounds))
    plan = adapter.current_plan(data)
    plan.seats = {number: row for number, row in plan.seats.items() if number in seated_rounds}
    weights = adapter.weights_for(settings)
    report = quality(instance, plan, weights=weights)
    rounds_by_number = {r.number: r for r in data.rounds}
    table_numbers = {adapter.table_id(t): t.number for t in data.tables}
    summaries = [
        RoundSummary(
            round=rounds_by_number[q.id], seated=q.researchers - q.unseated, researchers=q.researchers,
            by_rank=q.by_rank, no_choice=q.no_choice, unseated=q.unseated, all_new=q.all_new,
            repeat_pairs=q.repeat_pairs, same_lab_pairs=q.same_lab_pairs, lab_mixed=q.lab_mixed, hosts=q.hosts,
            hosts_matched=q.hosts_matched, hosts_by_rank=q.hosts_by_rank,
        )
        for q in report.rounds
    ]
    registrations = {adapter.researcher_id(r.pk): r for r in data.registrations}
    poorly_seated = []
    for person in report.worst(worst):
        researcher = registrations[person.id].researcher
        places = [
            (number, table_numbers.get(person.tables.get(number)),
             None if person.ranks.get(number) is None else person.ranks[number] + 1)
            for number in (q.id for q in report.rounds)
        ]
        poorly_seated.append(PoorlySeated(
            name=researcher.full_name, affiliation=researcher.affiliation, lost=person.lost, places=places,
            repeated=person.repeated, same_lab=person.same_lab,
        ))
    score, feasible, problems = None, None, []
    if with_score:
        figures = seating.evaluate(instance, plan, weights=weights)
        score, feasible, problems = figures.score, figures.feasible, rules_not_kept(data, figures.errors)
    return SeatingQuality(rounds=summaries, poorly_seated=poorly_seated, score=score, feasible=feasible,
                          problems=problems)
