"""The greedy baseline of REFERENCE.md (a yardstick, not the solver).

Hosts first, per round: each host, in list order, takes its best allowed table still under
``host_min``; the rest then take their best allowed table still under ``host_max``. Allowed: its
company's tables in a company round, any table in a research round (best = its highest-ranked
research theme; the one with the fewest hosts on ties). Researchers then, in registration order,
take the table worth the most points among those with a free seat (on ties the one with the most
free seats, then the first). Pins are placed before anybody else.
"""

from __future__ import annotations

from .core import Core
from .model import COMPANY, Instance, Plan, Weights
from .validate import check_instance

__all__ = ["solve_greedy"]


def solve_greedy(instance: Instance) -> Plan:
    """Seat everybody greedily (see the module docstring); pins kept.

    Raises:
        InfeasibleInstance: the instance cannot be seated (see :func:`check_instance`).
    """
    check_instance(instance)
    weights = Weights()
    core = Core(instance, weights)
    pins = {(p.round, p.person): p.table for p in instance.pinned}
    hmin = instance.host_min
    hmax = instance.host_max if instance.host_max is not None else len(instance.hosts)
    seats: dict = {}
    for r, rnd in enumerate(instance.rounds):
        out: dict[str, str] = {}
        # hosts
        count = [0] * core.T
        todo = []
        for h in instance.hosts:
            tid = pins.get((rnd.id, h.id))
            if tid is not None:
                out[h.id] = tid
                count[core.t_index[tid]] += 1
            else:
                todo.append(h)
        later = []
        for phase, limit in ((0, hmin), (1, hmax)):
            for h in todo if phase == 0 else later:
                best, best_pts = None, -1
                for t, tid in enumerate(core.table_ids):
                    theme = rnd.themes.get(tid)
                    if rnd.basis == COMPANY:
                        if theme != h.company:
                            continue
                        pts = 0
                    else:
                        pts = weights.points(h.research, theme)
                    if count[t] < limit and (pts > best_pts or (pts == best_pts and count[t] < count[best])):
                        best, best_pts = t, pts
                if best is None:
                    if phase == 0:
                        later.append(h)
                        continue
                    best = 0  # unreachable after check_instance
                out[h.id] = core.table_ids[best]
                count[best] += 1
        # researchers
        free = list(core.cap)
        pinned = core.pins[r]
        for t in pinned.values():
            free[t] -= 1
        table_of: dict[int, int] = dict(pinned)
        pts = core.pts[r]
        for p in range(core.N):
            if p in pinned:
                continue
            row = pts[p]
            best, best_pts = -1, -1
            for t in range(core.T):
                if free[t] > 0 and (row[t] > best_pts or (row[t] == best_pts and free[t] > free[best])):
                    best, best_pts = t, row[t]
            free[best] -= 1
            table_of[p] = best
        for p in range(core.N):
            out[core.res_ids[p]] = core.table_ids[table_of[p]]
        seats[rnd.id] = {pid: out[pid] for pid in core.res_ids + [h.id for h in instance.hosts]}
    return Plan(seats=seats)
