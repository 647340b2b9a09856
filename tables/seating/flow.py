"""Exact assignment of items to groups with lower/upper group sizes, by min-cost flow (OR-tools).

Used for hosts (items) to tables (groups) and for researchers to themes. Deterministic: the same
arguments give the same assignment.
"""

from __future__ import annotations

from collections.abc import Sequence

from ortools.graph.python import min_cost_flow

from .model import SeatingError

__all__ = ["assign"]


def assign(
    n_items: int,
    prefs: Sequence[Sequence[tuple[int, int]]],
    fallback: Sequence[int | None],
    hubs: Sequence[Sequence[int]],
    lower: Sequence[int],
    upper: Sequence[int],
) -> list[int]:
    """Assign every item to one group, maximizing the total gain.

    Parameters:
        n_items: number of items.
        prefs: per item, ``(group, gain)`` options (gain >= 0).
        fallback: per item, the index of a hub it may also use at gain 0, or None.
        hubs: per hub, the groups it leads to.
        lower, upper: per group, the least and most items it takes.

    Returns:
        The group of each item.

    Raises:
        SeatingError: no assignment meets the sizes (the validator should have refused first).
    """
    n_groups = len(lower)
    hub0 = n_items + n_groups
    sink = hub0 + len(hubs)
    big = 1 + sum(max((g for _, g in p), default=0) for p in prefs)
    tails: list[int] = []
    heads: list[int] = []
    caps: list[int] = []
    costs: list[int] = []

    def arc(a: int, b: int, cap: int, cost: int) -> None:
        tails.append(a)
        heads.append(b)
        caps.append(cap)
        costs.append(cost)

    for i in range(n_items):
        for g, gain in prefs[i]:
            arc(i, n_items + g, 1, -gain)
        if fallback[i] is not None:
            arc(i, hub0 + fallback[i], 1, 0)
    for h, groups in enumerate(hubs):
        for g in groups:
            arc(hub0 + h, n_items + g, n_items, 0)
    for g in range(n_groups):
        lo = min(lower[g], upper[g])
        if lo > 0:
            arc(n_items + g, sink, lo, -big)
        if upper[g] > lo:
            arc(n_items + g, sink, upper[g] - lo, 0)
    if n_items == 0:
        if any(lo > 0 for lo in lower):
            raise SeatingError("no assignment meets the group sizes")
        return []
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = [0] * (sink + 1)
    for i in range(n_items):
        supplies[i] = 1
    supplies[sink] = -n_items
    for node, s in enumerate(supplies):
        smcf.set_node_supply(node, s)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise SeatingError("no assignment meets the group sizes")
    n_arcs = len(tails)
    flows = smcf.flows(list(range(n_arcs))) if n_arcs else []
    through = [0] * n_groups
    for a in range(n_arcs):
        if heads[a] == sink and flows[a]:
            through[tails[a] - n_items] += flows[a]
    if any(through[g] < lower[g] for g in range(n_groups)):
        raise SeatingError("no assignment meets the group sizes")
    # read item -> group, through hubs when needed
    result = [-1] * n_items
    hub_out: list[list[int]] = [[] for _ in hubs]  # groups, with multiplicity
    pending: list[list[int]] = [[] for _ in hubs]
    for a in range(n_arcs):
        f = flows[a]
        if not f:
            continue
        t, h = tails[a], heads[a]
        if t < n_items:
            if h < hub0:
                result[t] = h - n_items
            else:
                pending[h - hub0].append(t)
        elif t >= hub0 and t < sink:
            hub_out[t - hub0].extend([h - n_items] * int(f))
    for hb in range(len(hubs)):
        for item, g in zip(pending[hb], hub_out[hb], strict=True):
            result[item] = g
    if any(g < 0 for g in result):
        raise SeatingError("no assignment meets the group sizes")
    return result
