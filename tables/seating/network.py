"""A min-cost flow network that seats people: each person sends one unit that ends at a table.

Shared by the exact round solver (:mod:`tables.seating.roundflow`) and the exact neighbourhood
moves of the search (:mod:`tables.seating.lns`). Costs are integers; OR-Tools solves exactly.
"""

from __future__ import annotations

import random
from collections import defaultdict

from ortools.graph.python import min_cost_flow

from .model import SeatingError

__all__ = ["SeatNetwork", "NOISE"]

# Tie-breaks are drawn below NOISE and every real cost is multiplied by NOISE * (people + 1), so
# all the tie-breaks together weigh less than one unit of the objective: they only choose among
# plans of equal score (that is what makes a seed matter without ever costing a point).
NOISE = 64


class SeatNetwork:
    """People (sources, one unit each) -> intermediate nodes -> tables -> sink."""

    def __init__(self, people: int, tables: list[int], free: list[int], scale: int):
        self.scale = scale
        self.tails: list[int] = []
        self.heads: list[int] = []
        self.caps: list[int] = []
        self.costs: list[int] = []
        self.people = people
        self.n_nodes = people
        self.table_node = {t: self.node() for t in tables}
        self.sink = self.node()
        for t, n in self.table_node.items():
            self.arc(n, self.sink, free[t], 0)

    def node(self) -> int:
        self.n_nodes += 1
        return self.n_nodes - 1

    def arc(self, tail: int, head: int, cap: int, cost: int) -> None:
        self.tails.append(tail)
        self.heads.append(head)
        self.caps.append(cap)
        self.costs.append(cost)

    def convex(self, node: int, table: int, units: int, first: int, step: int) -> None:
        """Arcs ``node -> table`` whose k-th unit (k from 0) costs ``(first + k * step)`` objective units."""
        head = self.table_node[table]
        for k in range(units):
            self.arc(node, head, 1, (first + k * step) * self.scale)

    def solve(self, rng: random.Random | None = None) -> tuple[list[int], int]:
        """Route every person; return (table of each person, cost in objective units).

        ``rng`` shuffles which of several equal routes each person takes.
        """
        smcf = min_cost_flow.SimpleMinCostFlow()
        smcf.add_arcs_with_capacity_and_unit_cost(self.tails, self.heads, self.caps, self.costs)
        for i in range(self.people):
            smcf.set_node_supply(i, 1)
        smcf.set_node_supply(self.sink, -self.people)
        if smcf.solve() != smcf.OPTIMAL:
            raise SeatingError("no seating keeps the capacities")
        cost = smcf.optimal_cost()
        flows = smcf.flows(list(range(len(self.tails))))
        out: dict[int, list[list[int]]] = defaultdict(list)
        for i, f in enumerate(flows):
            if f:
                out[self.tails[i]].append([self.heads[i], int(f)])
        if rng is not None:
            for routes in out.values():
                rng.shuffle(routes)
        table_of = {n: t for t, n in self.table_node.items()}
        seat = [-1] * self.people
        # The network has no cycle, so following any arc with flow left from a person reaches a table.
        for i in range(self.people):
            n = i
            while n not in table_of:
                route = out[n][-1]
                route[1] -= 1
                if route[1] == 0:
                    out[n].pop()
                n = route[0]
            seat[i] = table_of[n]
        return seat, cost // self.scale  # the tie-breaks add less than one unit (see NOISE)
