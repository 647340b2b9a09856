"""One round seated exactly: points, same-lab pairs and staying put, by min-cost flow.

Within one round the objective is separable by (lab, table): the k-th member of a lab at a table
adds ``k - 1`` same-lab pairs, a cost that only grows with k (convex), and a convex cost is a
row of unit arcs of rising cost. So the plan of a round that maximizes points minus same-lab
pairs, plus the bonus for each researcher left at their previous table, is found exactly, pins
kept. Repeated pairs couple the rounds and are left to the search (:mod:`tables.seating.lns`);
the sum of the rounds' optima bounds the whole objective from above, so the search can stop
as soon as it meets it: the plan is then optimal.

Network: researcher -> the lab's entry for a theme group (or for "anywhere", at 0 points) ->
the lab's node at a table -> the table -> sink. Researchers without a lab, or the only one of
their lab in play, skip the lab's node (they never form a same-lab pair there).
"""

from __future__ import annotations

import random
from collections import defaultdict

from .core import Core
from .network import NOISE, SeatNetwork

__all__ = ["seat_round"]


def seat_round(
    core: Core, r: int, rng: random.Random | None = None, near: list[int] | None = None
) -> tuple[list[int], int]:
    """Seat round ``r`` exactly; return ``(seat[p], value)``, pins kept.

    ``value`` is the round's part of :meth:`Core.objective`: points, minus ``w_aff`` per same-lab
    pair, plus ``w_keep`` per researcher at their previous table. Among plans of equal value,
    ``near`` (a table per researcher) prefers those leaving the most people there, and ``rng``
    picks at random.
    """
    N = core.N
    pins = core.pins[r]
    pts = core.pts[r]
    keep = core.keep[r]
    aff = core.aff
    free = list(core.cap)
    seat = [-1] * N
    pinned_in: dict[tuple[int, int], int] = defaultdict(int)
    value = 0
    for p, t in pins.items():
        seat[p] = t
        free[t] -= 1
        value += pts[p][t] + (core.w_keep if keep[p] == t else 0)
        if aff[p] >= 0:
            value -= core.w_aff * pinned_in[(aff[p], t)]
            pinned_in[(aff[p], t)] += 1
    movable = [p for p in range(N) if p not in pins]
    if not movable:
        return seat, value
    lab_size: dict[int, int] = defaultdict(int)
    for p in movable:
        if aff[p] >= 0:
            lab_size[aff[p]] += 1
    labs_pinned = {a for a, _ in pinned_in}
    open_tables = [t for t in range(core.T) if free[t] > 0]
    groups: dict = defaultdict(list)  # theme -> its open tables: the same points for everyone there
    for t in open_tables:
        groups[core.theme[r][t]].append(t)
    net = SeatNetwork(len(movable), open_tables, free, NOISE * (len(movable) + 1))
    lab_table: dict[tuple[int, int], int] = {}
    entries: dict[tuple[int, object], int] = {}

    def lab_at(a: int, t: int) -> int:
        if a < 0:
            return net.table_node[t]
        n = lab_table.get((a, t))
        if n is None:
            n = lab_table[(a, t)] = net.node()
            # the k-th member here pairs with those already there
            net.convex(n, t, min(lab_size[a], free[t]), core.w_aff * pinned_in.get((a, t), 0), core.w_aff)
        return n

    def entry(a: int, theme) -> int:
        n = entries.get((a, theme))
        if n is None:
            n = entries[(a, theme)] = net.node()
            for t in open_tables if theme is _ANYWHERE else groups[theme]:
                net.arc(n, lab_at(a, t), len(movable), 0)
        return n

    scale = net.scale
    # tie-breaks: any route in [0, NOISE), or [NOISE/2, NOISE) when staying near costs 0
    low = NOISE // 2 if near is not None else 0

    def tie() -> int:
        return rng.randrange(low, NOISE) if rng else low

    for i, p in enumerate(movable):
        a = aff[p] if aff[p] >= 0 and (lab_size[aff[p]] > 1 or aff[p] in labs_pinned) else -1
        row = pts[p]
        for theme, ts in groups.items():
            if row[ts[0]] > 0:
                net.arc(i, entry(a, theme), 1, -row[ts[0]] * scale + tie())
        net.arc(i, entry(a, _ANYWHERE), 1, tie())
        t = keep[p]
        if t >= 0 and free[t] > 0 and core.w_keep:
            net.arc(i, lab_at(a, t), 1, -(row[t] + core.w_keep) * scale)
        if near is not None:
            t = near[p]
            if t >= 0 and free[t] > 0:
                net.arc(i, lab_at(a, t), 1, -(row[t] + (core.w_keep if keep[p] == t else 0)) * scale)
    tables, cost = net.solve(rng)
    for i, p in enumerate(movable):
        seat[p] = tables[i]
    return seat, value - cost


_ANYWHERE = object()
