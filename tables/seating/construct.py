"""A good first plan for the researchers, round by round.

Per round: an exact assignment of researchers to THEMES (min-cost flow: the most points the round
can give), then each theme's researchers are spread over its tables, one at a time, at the table
where they add the fewest same-lab pairs and repeated pairs (with the rounds already built).
"""

from __future__ import annotations

import random
from collections import defaultdict

from .core import Core
from .flow import assign

__all__ = ["construct"]


def construct(core: Core, rng: random.Random) -> list[list[int]]:
    """Return ``seat[r][p] = t`` keeping every researcher pin and every capacity."""
    R, T, N = core.R, core.T, core.N
    seat: list[list[int]] = [[-1] * N for _ in range(R)]
    aff_size: dict[int, int] = defaultdict(int)
    for a in core.aff:
        if a >= 0:
            aff_size[a] += 1
    for r in range(R):
        pins = core.pins[r]
        free = list(core.cap)
        for p, t in pins.items():
            seat[r][p] = t
            free[t] -= 1
        # theme groups, in table order
        group_of: dict = {}
        groups: list[list[int]] = []
        for t, theme in enumerate(core.theme[r]):
            if theme not in group_of:
                group_of[theme] = len(groups)
                groups.append([])
            groups[group_of[theme]].append(t)
        movable = [p for p in range(N) if p not in pins]
        pts = core.pts[r]
        prefs = []
        for p in movable:
            row = pts[p]
            prefs.append([(g, row[ts[0]]) for g, ts in enumerate(groups) if row[ts[0]] > 0])
        upper = [sum(free[t] for t in ts) for ts in groups]
        chosen = assign(len(movable), prefs, [0] * len(movable), [list(range(len(groups)))], [0] * len(groups), upper)
        members: list[list[int]] = [[] for _ in groups]
        for p, g in zip(movable, chosen, strict=True):
            members[g].append(p)
        # spread: big labs first, then by a seeded shuffle
        acnt: list[dict[int, int]] = [defaultdict(int) for _ in range(T)]
        cross: list[list[dict[int, int]]] = [[defaultdict(int) for _ in range(T)] for _ in range(r)]
        for p, t in pins.items():
            if core.aff[p] >= 0:
                acnt[t][core.aff[p]] += 1
            for s in range(r):
                cross[s][t][seat[s][p]] += 1
        for g, people in enumerate(members):
            keys = {p: rng.random() for p in people}
            people.sort(key=lambda p: (-aff_size.get(core.aff[p], 0), core.aff[p], keys[p]))
            tables = groups[g]
            for p in people:
                a = core.aff[p]
                best, best_cost = -1, None
                for t in tables:
                    if free[t] <= 0:
                        continue
                    cost = 0
                    if a >= 0:
                        cost += core.w_aff * acnt[t][a]
                    for s in range(r):
                        cost += core.w_rep * cross[s][t][seat[s][p]]
                    key = (cost, -free[t])
                    if best_cost is None or key < best_cost:
                        best, best_cost = t, key
                seat[r][p] = best
                free[best] -= 1
                if a >= 0:
                    acnt[best][a] += 1
                for s in range(r):
                    cross[s][best][seat[s][p]] += 1
    return seat
