"""The search over all rounds: large neighbourhoods, each solved exactly by min-cost flow.

A step picks a round ``r`` and a set F of researchers no two of whom share a table in any other
round, frees their seats in ``r`` and seats them again optimally, everybody else staying put.
Since no two of F met elsewhere, every term of the objective is exact in that network: points,
same-lab pairs (convex, through the lab's node at each table), the repeats a person of F would
have with the others (linear: those others do not move) and the bonus for staying put. So a step
never makes the plan worse, and with up to one person per table moving at once it finds
reshuffles that move-and-swap searches only reach through worse plans. When steps stop
improving, one round is redrawn exactly (:func:`seat_round`, new tie-breaks) from the best plan
so far and the steps repair what that broke.

The search stops at the upper bound (the sum of the rounds' optima: no plan can do better), at
``steps`` steps, or at the ``deadline``; the steps done are reported so that a run stopped by
the clock can be repeated exactly with that step budget.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from .core import Core
from .network import NOISE, SeatNetwork
from .roundflow import seat_round

__all__ = ["Search", "improve", "reseat"]

# Steps without improvement before a round is redrawn; then the patience grows with the failures,
# since a plan near its optimum needs longer to be repaired.
PATIENCE = 15
# Steps without a better plan since the last (re)start before starting again from fresh rounds:
# measured on the samples, restarts cut the long tail of unlucky searches.
RESTART = 150


@dataclass
class Search:
    seat: list[list[int]]  # the best plan found
    value: int  # its objective (Core.objective)
    upper: int  # no plan's objective exceeds this
    steps: int  # steps done

    @property
    def optimal(self) -> bool:
        return self.value >= self.upper


def independent_set(core: Core, seat: list[list[int]], r: int, rng: random.Random) -> list[int]:
    """Movable researchers of round ``r``, in a random order, no two at one table in another round."""
    others = [s for s in range(core.R) if s != r]
    pins = core.pins[r]
    order = [p for p in range(core.N) if p not in pins]
    rng.shuffle(order)
    used = [bytearray(core.T) for _ in others]
    chosen = []
    for p in order:
        if all(not used[i][seat[s][p]] for i, s in enumerate(others)):
            chosen.append(p)
            for i, s in enumerate(others):
                used[i][seat[s][p]] = 1
    return chosen


def reseat(core: Core, seat: list[list[int]], r: int, people: list[int], rng: random.Random | None = None) -> None:
    """Seat ``people`` again in round ``r`` (in place), optimally with everybody else fixed.

    ``people`` must not share a table in any other round (see :func:`independent_set`).
    """
    T, aff = core.T, core.aff
    row_r = seat[r]
    others = [s for s in range(core.R) if s != r]
    moving = set(people)
    count = [0] * T
    lab_count: dict[tuple[int, int], int] = defaultdict(int)
    # mates[i][u][t]: fixed researchers at table u in round others[i] and at t in round r
    mates = [[[0] * T for _ in range(T)] for _ in others]
    for p in range(core.N):
        if p in moving:
            continue
        t = row_r[p]
        count[t] += 1
        if aff[p] >= 0:
            lab_count[(aff[p], t)] += 1
        for i, s in enumerate(others):
            mates[i][seat[s][p]][t] += 1
    free = [core.cap[t] - count[t] for t in range(T)]
    tables = [t for t in range(T) if free[t] > 0]
    in_play: dict[int, int] = defaultdict(int)
    for p in people:
        if aff[p] >= 0:
            in_play[aff[p]] += 1
    net = SeatNetwork(len(people), tables, free, NOISE * (len(people) + 1))
    lab_node: dict[tuple[int, int], int] = {}
    scale = net.scale
    w_rep, w_aff, w_keep = core.w_rep, core.w_aff, core.w_keep
    pts = core.pts[r]
    keep = core.keep[r]
    for i, p in enumerate(people):
        a = aff[p]
        shared = a >= 0 and in_play[a] > 1  # several of the lab move: pairs among them are convex
        row = pts[p]
        rows = [mates[j][seat[s][p]] for j, s in enumerate(others)]
        for t in tables:
            gain = row[t] + (w_keep if keep[p] == t else 0)
            for m in rows:
                gain -= w_rep * m[t]
            if shared:
                head = lab_node.get((a, t))
                if head is None:
                    head = lab_node[(a, t)] = net.node()
                    net.convex(head, t, min(in_play[a], free[t]), w_aff * lab_count.get((a, t), 0), w_aff)
            else:
                head = net.table_node[t]
                if a >= 0:
                    gain -= w_aff * lab_count.get((a, t), 0)
            net.arc(i, head, 1, -gain * scale + (rng.randrange(NOISE) if rng else 0))
    placed, _cost = net.solve(rng)
    for i, p in enumerate(people):
        row_r[p] = placed[i]


def improve(
    core: Core,
    seat: list[list[int]],
    upper: int,
    round_upper: list[int],
    rng: random.Random,
    *,
    steps: int | None = None,
    deadline: float | None = None,
    progress: Callable[[float, list[list[int]]], None] | None = None,
    started: float = 0.0,
) -> Search:
    """Search from ``seat`` (not modified) until the bound, ``steps`` steps or the ``deadline``.

    ``progress(fraction done, best seats)`` is called after each step that improved the best plan
    and now and then otherwise.
    """
    best = [row[:] for row in seat]
    best_value = core.objective(best)
    current = [row[:] for row in seat]
    value = best_value
    base, base_value = best, best_value  # the best plan of this restart: kicks start from it
    done = stale = since_base = 0
    last_report = time.monotonic()

    def fraction() -> float:
        if steps is not None:
            return done / steps if steps else 1.0
        if deadline is None or deadline <= started:
            return 1.0
        return min(1.0, (time.monotonic() - started) / (deadline - started))

    # one round is exact already; with everybody pinned (or nobody to seat) there is nothing to search
    searchable = core.R > 1 and core.T > 1 and any(len(core.pins[r]) < core.N for r in range(core.R))
    while best_value < upper and searchable:
        if steps is not None and done >= steps:
            break
        if steps is None and deadline is not None and time.monotonic() >= deadline:
            break
        done += 1
        since_base += 1
        if since_base >= RESTART:
            # a long search from one start rarely ends well: start again from freshly drawn rounds
            current = [seat_round(core, r, rng)[0] for r in range(core.R)]
            value = core.objective(current)
            base, base_value = [row[:] for row in current], value
            stale = since_base = 0
            continue
        if stale >= PATIENCE:
            # stuck: redraw one round exactly, then let the steps repair what that broke
            stale = 0
            current = [row[:] for row in base]
            r = rng.randrange(core.R)
            # a round below its own optimum is brought to it, moving as few as it can
            short = [r for r in range(core.R) if core.round_value(current[r], r) < round_upper[r]]
            if short:
                r = short[rng.randrange(len(short))]
            current[r] = seat_round(core, r, rng, near=current[r])[0]
            value = core.objective(current)
            continue
        r = rng.randrange(core.R)
        reseat(core, current, r, independent_set(core, current, r, rng), rng)
        new_value = core.objective(current)
        stale = 0 if new_value > value else stale + 1
        value = new_value
        if value > base_value:
            base, base_value = [row[:] for row in current], value
            since_base = 0
        if value > best_value:
            best_value = value
            best = [row[:] for row in current]
            if progress is not None:
                progress(fraction(), best)
                last_report = time.monotonic()
        elif progress is not None and time.monotonic() - last_report > 0.25:
            progress(fraction(), best)
            last_report = time.monotonic()
    return Search(seat=best, value=best_value, upper=upper, steps=done)
