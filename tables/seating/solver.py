"""The solver: refuse what cannot be seated, then hosts exactly, then researchers.

1. :func:`check_instance` refuses an impossible instance before any work (never a half plan).
2. Hosts are never part of a pair, so their seats are a separate problem, solved exactly per round
   by min-cost flow (:mod:`tables.seating.hosts`).
3. Researchers: per round, an exact assignment to themes then spreading over each theme's tables
   (:mod:`tables.seating.construct`), then simulated annealing over all rounds together
   (:mod:`tables.seating.search`), since round 1 decides who has already met.

Determinism: the amount of search is a number of steps derived from the time budget through a
fixed rate calibrated on a 2-core machine, never from the clock; the clock only caps a run that is
much slower than expected (then the plan is still valid, only possibly different).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from .construct import construct
from .core import Core
from .hosts import assign_hosts
from .model import RESEARCH, Instance, Plan, DEFAULT_WEIGHTS, Weights
from .search import anneal
from .validate import check_instance

__all__ = ["solve", "default_time_limit", "search_steps"]


def default_time_limit(instance: Instance) -> float:
    """Seconds a solve may take by default: grows with the instance, within the benchmark's limits.

    4.3 s for 100 researchers, 7.8 s for 200, 50 s (the most) for 2,000 and more: the benchmark
    allows 5, 10 and 60 s for the whole command, Python's start-up and the JSON included.
    """
    n = len(instance.researchers)
    return round(min(50.0, 0.8 + 0.035 * n), 1)


# Annealing steps per second of CPU on the 2-core reference machine, measured: ~530k for
# 100 x 14 tables, ~380k for 200 x 25 (full: swaps only), ~165k for 2,000 x 250 (the counters
# outgrow the CPU caches). We plan on 55% of a fit of those, leaving room for set-up and a busy machine.
_RATE = 420_000
_RATE_SIZE = 300_000
_PLANNED_SHARE = 0.55
_MIN_CAP = 5.0


def search_steps(core: Core, seconds: float) -> int:
    """Annealing steps planned for a solve of ``seconds`` (a pure function: no clock involved)."""
    size = core.N * core.T * max(core.R, 1) / 2
    return max(0, int(_PLANNED_SHARE * seconds * _RATE / (1 + size / _RATE_SIZE)))


def _temperatures(core: Core) -> tuple[float, float]:
    # Tuned with the default weights; other weights scale the score changes, so the temperatures too.
    w = core.weights
    scale = max(max(w.rank_points, default=0), w.repeat_pair_penalty, w.same_affiliation_penalty, 1) / 3
    # Big instances start from a near-optimal construction: a hot start would only undo it.
    if core.N >= 1000:
        return 0.3 * scale, 0.02 * scale
    return 2.0 * scale, 0.05 * scale


def solve(
    instance: Instance,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    seed: int = 0,
    time_limit: float | None = None,
    progress: Callable[[float, int], None] | None = None,
) -> Plan:
    """Seat every researcher and host in every round, keeping every hard rule and pin.

    Parameters:
        instance: the event.
        weights: the objective (defaults: FORMAT.md's).
        seed: the same instance, weights, seed and time limit give the same plan.
        time_limit: seconds the solve may take; default :func:`default_time_limit`. The search
            is planned in steps from this figure (about half of it on the reference machine); the
            clock only stops a run that would overshoot it (and never before 5 s).
        progress: called now and then with ``(fraction done, best score so far)``.

    Returns:
        The plan: ``seats[round id][person id] = table id``, researchers then hosts.

    Raises:
        InvalidInstance: the instance is malformed.
        InfeasibleInstance: no plan keeps every hard rule; the message says what to change.
    """
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
    seat = construct(core, rng)
    if progress is not None:
        progress(0.0, core.score(seat) + host_points)
    steps = search_steps(core, seconds)
    t_start, t_end = _temperatures(core)
    # The step budget ends a normal run well before the time limit; the clock only stops a run
    # on a machine much slower or busier than planned (its plan is then valid but may differ).
    # Never before 5 s, so that short runs (tests, previews) stay deterministic on a busy machine.
    deadline = started + max(seconds, _MIN_CAP)
    seat, best = anneal(
        core, seat, rng, steps, t_start=t_start, t_end=t_end, deadline=deadline, progress=progress, offset=host_points
    )
    if progress is not None:
        progress(1.0, best + host_points)
    seats: dict = {}
    by_round = core.to_seats(seat)
    for r, rnd in enumerate(instance.rounds):
        row = by_round[r]
        row.update(host_seats[rnd.id])
        seats[rnd.id] = row
    return Plan(seats=seats)
