"""Hosts: an exact, separate problem.

Hosts are never part of a pair, so their seats do not interact with the researchers': per round,
the best host plan is an assignment of hosts to tables with ``host_min..host_max`` hosts per table
(their company's tables only in a company round), maximizing research-area points in a research
round. Solved exactly by min-cost flow. After late changes (``instance.previous``), a host left
at their previous table gains ``weights.move_penalty``, so hosts only move when their seat became
invalid (a table's theme or the host bounds changed) or when it pays.
"""

from __future__ import annotations

from collections import defaultdict

from .flow import assign
from .model import COMPANY, Instance, DEFAULT_WEIGHTS, Weights

__all__ = ["assign_hosts"]


def _pins(instance: Instance) -> dict:
    return {(p.round, p.person): p.table for p in instance.pinned}


def assign_hosts(instance: Instance, weights: Weights = DEFAULT_WEIGHTS) -> dict:
    """Best host seats per round: ``{round id: {host id: table id}}`` (pins kept).

    Assumes :func:`tables.seating.validate.check_instance` passed. Without hosts, returns empty
    dicts per round.
    """
    out: dict = {}
    pins = _pins(instance)
    table_ids = [t.id for t in instance.tables]
    t_index = {t: i for i, t in enumerate(table_ids)}
    hmin = instance.host_min
    hmax = instance.host_max if instance.host_max is not None else len(instance.hosts)
    bonus = weights.move_penalty if instance.previous is not None else 0
    for rnd in instance.rounds:
        before = instance.previous.seats.get(rnd.id, {}) if instance.previous is not None else {}
        seats: dict[str, str] = {}
        pinned_count = [0] * len(table_ids)
        free: list = []
        for h in instance.hosts:
            tid = pins.get((rnd.id, h.id))
            if tid is not None:
                seats[h.id] = tid
                pinned_count[t_index[tid]] += 1
            else:
                free.append(h)
        if not instance.hosts:
            out[rnd.id] = seats
            continue
        lower = [max(0, hmin - c) for c in pinned_count]
        upper = [max(0, hmax - c) for c in pinned_count]
        if rnd.basis == COMPANY:
            by_company: dict[str, list[int]] = defaultdict(list)
            for i, tid in enumerate(table_ids):
                theme = rnd.themes.get(tid)
                if theme is not None:
                    by_company[theme].append(i)
                else:
                    upper[i] = 0
            companies = sorted({h.company for h in free})
            hub_of = {c: k for k, c in enumerate(companies)}
            hubs = [by_company.get(c, []) for c in companies]
            prefs = []
            for h in free:
                t = t_index.get(before.get(h.id))
                # a host may stay only at a table of their company
                stays = bonus and t is not None and rnd.themes.get(table_ids[t]) == h.company
                prefs.append([(t, bonus)] if stays else [])
            fallback = [hub_of[h.company] for h in free]
        else:
            by_theme: dict[str, list[int]] = defaultdict(list)
            for i, tid in enumerate(table_ids):
                theme = rnd.themes.get(tid)
                if theme is not None:
                    by_theme[theme].append(i)
            hubs = [list(range(len(table_ids)))]
            prefs = []
            for h in free:
                gains: dict[int, int] = {}
                for theme in dict.fromkeys(h.research):
                    gain = weights.points(h.research, theme)
                    if gain > 0:
                        gains.update((i, gain) for i in by_theme.get(theme, ()))
                t = t_index.get(before.get(h.id))
                if bonus and t is not None:
                    gains[t] = gains.get(t, 0) + bonus
                prefs.append(list(gains.items()))
            fallback = [0] * len(free)
        groups = assign(len(free), prefs, fallback, hubs, lower, upper)
        for h, g in zip(free, groups, strict=True):
            seats[h.id] = table_ids[g]
        out[rnd.id] = {h.id: seats[h.id] for h in instance.hosts}
    return out
