"""Integer-indexed view of an instance, for the researcher part of the solvers.

Tables, rounds and researchers become 0-based indexes; ``pts[r][p][t]`` is the points of
researcher ``p`` at table ``t`` in round ``r``; ``aff[p]`` is an affiliation index or -1;
``keep[r][p]`` is the table of ``p`` in round ``r`` of the instance's previous plan, or -1.

The solvers maximize :meth:`Core.objective`: the researchers' part of the score plus
``w_keep`` for each researcher left at their previous table.
"""

from __future__ import annotations

from .model import COMPANY, Instance, DEFAULT_WEIGHTS, Weights

__all__ = ["Core"]


class Core:
    def __init__(self, instance: Instance, weights: Weights = DEFAULT_WEIGHTS):
        self.instance = instance
        self.weights = weights
        self.table_ids = [t.id for t in instance.tables]
        self.t_index = {t: i for i, t in enumerate(self.table_ids)}
        self.cap = [t.capacity for t in instance.tables]
        self.round_ids = [r.id for r in instance.rounds]
        self.r_index = {r: i for i, r in enumerate(self.round_ids)}
        self.res_ids = [r.id for r in instance.researchers]
        self.p_index = {p: i for i, p in enumerate(self.res_ids)}
        self.T = len(self.table_ids)
        self.R = len(self.round_ids)
        self.N = len(self.res_ids)
        affs: dict[str, int] = {}
        self.aff = []
        for r in instance.researchers:
            if r.affiliation:
                self.aff.append(affs.setdefault(r.affiliation, len(affs)))
            else:
                self.aff.append(-1)
        self.n_aff = len(affs)
        # theme per round and table; theme groups (tables sharing a theme, None = unthemed)
        self.theme: list[list[str | None]] = []
        self.pts: list[list[list[int]]] = []
        for rnd in instance.rounds:
            themes = [rnd.themes.get(t) for t in self.table_ids]
            self.theme.append(themes)
            rows = []
            for r in instance.researchers:
                choices = r.companies if rnd.basis == COMPANY else r.research
                cache: dict = {}
                row = []
                for th in themes:
                    if th not in cache:
                        cache[th] = weights.points(choices, th)
                    row.append(cache[th])
                rows.append(row)
            self.pts.append(rows)
        # researcher pins per round
        self.pins: list[dict[int, int]] = [dict() for _ in range(self.R)]
        for pin in instance.pinned:
            p = self.p_index.get(pin.person)
            if p is not None:
                self.pins[self.r_index[pin.round]][p] = self.t_index[pin.table]
        self.w_rep = weights.repeat_pair_penalty
        self.w_aff = weights.same_affiliation_penalty
        self.w_keep = weights.move_penalty if instance.previous is not None else 0
        self.keep: list[list[int]] = [[-1] * self.N for _ in range(self.R)]
        if instance.previous is not None:
            for r, rid in enumerate(self.round_ids):
                before = instance.previous.seats.get(rid, {})
                row = self.keep[r]
                for p, pid in enumerate(self.res_ids):
                    t = self.t_index.get(before.get(pid))
                    if t is not None:
                        row[p] = t

    def round_value(self, row: list[int], r: int) -> int:
        """Round ``r``'s own part of the objective: points, same-lab pairs, researchers kept."""
        pts = self.pts[r]
        keep = self.keep[r]
        total = 0
        labs: dict[tuple[int, int], int] = {}
        for p, t in enumerate(row):
            total += pts[p][t]
            if keep[p] == t:
                total += self.w_keep
            a = self.aff[p]
            if a >= 0:
                c = labs.get((a, t), 0)
                total -= self.w_aff * c
                labs[(a, t)] = c + 1
        return total

    def kept(self, seat: list[list[int]]) -> int:
        """Researcher-rounds seated where the previous plan had them."""
        return sum(1 for r in range(self.R) for p, t in enumerate(seat[r]) if self.keep[r][p] == t)

    def objective(self, seat: list[list[int]]) -> int:
        return self.score(seat) + self.w_keep * self.kept(seat)

    def score(self, seat: list[list[int]]) -> int:
        """Researcher part of the objective for ``seat[r][p] = t`` (hosts excluded)."""
        total = 0
        members = []
        for r in range(self.R):
            pts = self.pts[r]
            at: list[list[int]] = [[] for _ in range(self.T)]
            for p, t in enumerate(seat[r]):
                total += pts[p][t]
                at[t].append(p)
            members.append(at)
            for people in at:
                cnt: dict[int, int] = {}
                for p in people:
                    a = self.aff[p]
                    if a >= 0:
                        cnt[a] = cnt.get(a, 0) + 1
                total -= self.w_aff * sum(c * (c - 1) // 2 for c in cnt.values())
        for r in range(self.R):
            for s in range(r + 1, self.R):
                ss = seat[s]
                for people in members[r]:
                    cnt = {}
                    for p in people:
                        cnt[ss[p]] = cnt.get(ss[p], 0) + 1
                    total -= self.w_rep * sum(c * (c - 1) // 2 for c in cnt.values())
        return total

    def to_seats(self, seat: list[list[int]]) -> list[dict[str, str]]:
        return [{self.res_ids[p]: self.table_ids[t] for p, t in enumerate(seat[r])} for r in range(self.R)]
