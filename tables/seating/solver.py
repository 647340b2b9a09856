"""The solver: refuse what cannot be seated, then hosts exactly, then researchers.

1. :func:`check_instance` refuses an impossible instance before any work (never a half plan).
2. Hosts are never part of a pair, so their seats are a separate problem, solved exactly per round
   by min-cost flow (:mod:`tables.seating.hosts`).
3. Researchers: each round is first seated exactly on its own (:mod:`tables.seating.roundflow`):
   points, same-lab pairs and, after late changes, staying put. The sum of those optima bounds
   the whole objective. A search of exact large neighbourhoods (:mod:`tables.seating.lns`) then
   removes the pairs who would meet twice; it stops as soon as it meets the bound (the plan is
   then optimal), at its step budget or at its deadline.

Late changes: with ``instance.previous``, every researcher and host seated elsewhere than in that
plan costs ``weights.move_penalty`` in the solver's objective (never in the score), so newcomers
and people whose seats became invalid are seated while moving as few others as it pays to.

Reproducibility: the same instance, weights, seed and ``steps`` give the same plan on any
machine. With a time budget the search runs until the clock; it reports the steps it did
(:class:`Solution`), and those steps repeat the run exactly. A run that meets the bound stops
there, so with a generous budget the plan does not depend on the machine at all.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .core import Core
from .hosts import assign_hosts
from .lns import improve
from .model import RESEARCH, DEFAULT_WEIGHTS, Instance, Plan, RoundId, Weights
from .roundflow import seat_round
from .validate import check_instance

__all__ = ["solve", "solve_report", "Solution", "default_time_limit", "moved_people"]


def default_time_limit(instance: Instance) -> float:
    """Seconds a solve may take by default: grows with the instance, within the benchmark's limits.

    4.0 s for 100 researchers, 7.5 s for 200, 50 s (the most) for 2,000 and more: the benchmark
    allows 5, 10 and 60 s for the whole command, Python's start-up and the JSON included. The
    search stops sooner when it proves its plan optimal.
    """
    n = len(instance.researchers)
    return round(min(50.0, 0.5 + 0.035 * n), 1)


@dataclass
class Solution:
    """What a solve found, and how to repeat it."""

    plan: Plan
    score: int  # the plan's score (default objective of FORMAT.md or the weights given)
    steps: int  # search steps done: solve again with ``steps=`` this to get the same plan
    optimal: bool  # proven: no plan does better (score, less the move penalties after late changes)
    seconds: float
    moved: dict[RoundId, list[str]] = field(default_factory=dict)  # vs instance.previous, per round


def moved_people(instance: Instance, plan: Plan) -> dict[RoundId, list[str]]:
    """Per round, the people of ``instance.previous`` seated at another table in ``plan``.

    As ``score.py`` counts them: people the previous plan lacks, or who left, are not moves.
    """
    if instance.previous is None:
        return {}
    out: dict[RoundId, list[str]] = {}
    for rnd in instance.rounds:
        before = instance.previous.seats.get(rnd.id, {})
        now = plan.seats.get(rnd.id, {})
        out[rnd.id] = [pid for pid, tid in now.items() if before.get(pid, tid) != tid]
    return out


def solve(
    instance: Instance,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    seed: int = 0,
    time_limit: float | None = None,
    steps: int | None = None,
    progress: Callable[[float, int], None] | None = None,
) -> Plan:
    """Seat every researcher and host in every round, keeping every hard rule and pin.

    Parameters:
        instance: the event (with ``previous``: late changes, see the module docstring).
        weights: the objective (defaults: FORMAT.md's).
        seed: chooses among plans of equal worth; see ``steps``.
        time_limit: seconds of search; default :func:`default_time_limit`. Ignored with ``steps``.
        steps: search steps instead of a time: the same instance, weights, seed and steps give
            the same plan on any machine.
        progress: called now and then with ``(fraction done, score of the best plan so far)``;
            the last call is ``(1.0, score of the plan returned)``.

    Returns:
        The plan: ``seats[round id][person id] = table id``, researchers then hosts.

    Raises:
        InvalidInstance: the instance is malformed.
        InfeasibleInstance: no plan keeps every hard rule; the message says what to change.
    """
    return solve_report(
        instance, weights=weights, seed=seed, time_limit=time_limit, steps=steps, progress=progress
    ).plan


def solve_report(
    instance: Instance,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    seed: int = 0,
    time_limit: float | None = None,
    steps: int | None = None,
    progress: Callable[[float, int], None] | None = None,
) -> Solution:
    """:func:`solve`, returning the plan with its score, the steps done and who moved."""
    started = time.monotonic()
    check_instance(instance)
    rng = random.Random(seed)
    seconds = default_time_limit(instance) if time_limit is None else max(0.0, float(time_limit))
    host_seats = assign_hosts(instance, weights)
    host_points = 0
    for rnd in instance.rounds:
        if rnd.basis == RESEARCH:
            for h in instance.hosts:
                host_points += weights.points(h.research, rnd.themes.get(host_seats[rnd.id][h.id]))
    core = Core(instance, weights)
    seat, round_upper = [], []
    for r in range(core.R):
        row, value = seat_round(core, r, rng)
        seat.append(row)
        round_upper.append(value)
    if progress is not None:
        progress(0.0, core.score(seat) + host_points)
    found = improve(
        core,
        seat,
        sum(round_upper),
        round_upper,
        rng,
        steps=steps,
        deadline=None if steps is not None else started + seconds,
        started=started,
        progress=None if progress is None else lambda f, best: progress(f, core.score(best) + host_points),
    )
    score = core.score(found.seat) + host_points
    if progress is not None:
        progress(1.0, score)
    seats: dict = {}
    by_round = core.to_seats(found.seat)
    for r, rnd in enumerate(instance.rounds):
        row = by_round[r]
        row.update(host_seats[rnd.id])
        seats[rnd.id] = row
    plan = Plan(seats=seats)
    return Solution(
        plan=plan,
        score=score,
        steps=found.steps,
        optimal=found.optimal,
        seconds=time.monotonic() - started,
        moved=moved_people(instance, plan),
    )

