"""The project's own figures of a plan: the same numbers as the reference ``score.py``.

With the default :class:`Weights` every figure equals ``score.py``'s, including the error messages
and their order; other weights change ``points`` and ``score`` only.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from .model import COMPANY, RESEARCH, Instance, Plan, RoundId, DEFAULT_WEIGHTS, Weights

__all__ = ["RoundFigures", "Figures", "evaluate"]

_UNLIMITED = 10**9


@dataclass(frozen=True)
class RoundFigures:
    """Shares of all researchers, in percent rounded to 2 places."""

    first_choice_pct: float
    matched_pct: float


@dataclass
class Figures:
    points: int
    repeat_pairs: int
    same_affiliation_pairs: int
    score: int
    rounds: dict[RoundId, RoundFigures] = field(default_factory=dict)
    all_new_tablemates_pct: float = 100.0
    errors: list[str] = field(default_factory=list)
    feasible: bool = True

    def to_dict(self) -> dict[str, Any]:
        """Exactly ``score.py``'s JSON object: same keys, same order, same rounding."""
        out: dict[str, Any] = {
            "points": self.points,
            "repeat_pairs": self.repeat_pairs,
            "same_affiliation_pairs": self.same_affiliation_pairs,
        }
        for rid, rf in self.rounds.items():
            out[f"round{rid}_matched_pct"] = rf.matched_pct
            out[f"round{rid}_first_choice_pct"] = rf.first_choice_pct
        out["all_new_tablemates_pct"] = self.all_new_tablemates_pct
        out["score"] = self.score
        out["errors"] = list(self.errors)
        out["feasible"] = self.feasible
        return out


def _rank(choices: tuple[str, ...], theme: str | None) -> int:
    """0-based rank of ``theme`` among ``choices``, or -1."""
    if theme is None:
        return -1
    try:
        return choices.index(theme)
    except ValueError:
        return -1


def evaluate(instance: Instance, plan: Plan, *, weights: Weights = DEFAULT_WEIGHTS) -> Figures:
    """Score ``plan`` for ``instance`` and list the hard rules it breaks.

    Parameters:
        instance: the event.
        plan: ``seats[round id][person id] = table id``.
        weights: the objective; the defaults reproduce ``score.py`` exactly.

    Returns:
        The figures; ``feasible`` is False (and ``errors`` says why, first 20) when a hard rule is broken.

    Example:
        >>> from tables.seating import Instance, TableSpec, RoundSpec, Researcher, Plan, evaluate
        >>> inst = Instance(tables=(TableSpec("T1", 2),), rounds=(RoundSpec(1, "company", {"T1": "A"}),),
        ...                 researchers=(Researcher("r1", ("A",), ()),))
        >>> evaluate(inst, Plan({1: {"r1": "T1"}})).score
        3
    """
    rank_points = weights.rank_points
    n_ranks = len(rank_points)
    errors: list[str] = []
    tables = {t.id: t.capacity for t in instance.tables}
    researchers = {r.id: r for r in instance.researchers}
    hosts = {h.id: h for h in instance.hosts}
    hmin = instance.host_min
    hmax = _UNLIMITED if instance.host_max is None else instance.host_max
    rounds = {r.id: r for r in instance.rounds}
    seats_by_round = plan.seats
    points = repeat_pairs = same_aff = 0
    per_round: dict[RoundId, RoundFigures] = {}
    tablemates: dict[RoundId, set[tuple[str, str]]] = {}
    n = max(len(researchers), 1)
    for rid, rnd in rounds.items():
        seats = seats_by_round.get(rid)
        if seats is None:
            hint = (
                " (the plan's round ids must have the instance's JSON type)"
                if str(rid) in map(str, seats_by_round)
                else ""
            )
            errors.append(f"round {rid}: missing{hint}")
            continue
        for pid, tid in seats.items():
            if tid not in tables:
                errors.append(f"round {rid}: {pid} at unknown table {tid}")
            if pid not in researchers and pid not in hosts:
                errors.append(f"round {rid}: unknown person {pid}")
        missing = [p for p in list(researchers) + list(hosts) if p not in seats]
        if missing:
            errors.append(f"round {rid}: {len(missing)} people unseated, e.g. {missing[:3]}")
        at: defaultdict[str, list[str]] = defaultdict(list)
        host_count: Counter[str] = Counter()
        for pid, tid in seats.items():
            if pid in researchers:
                at[tid].append(pid)
            elif pid in hosts:
                host_count[tid] += 1
        for tid, cap in tables.items():
            if len(at[tid]) > cap:
                errors.append(f"round {rid}: table {tid} holds {len(at[tid])} researchers > capacity {cap}")
            if hosts and not hmin <= host_count[tid] <= hmax:
                errors.append(f"round {rid}: table {tid} has {host_count[tid]} hosts, not {hmin}..{hmax}")
        themes = rnd.themes
        company = rnd.basis == COMPANY
        matched = first = 0
        for pid, r in researchers.items():
            k = _rank(r.companies if company else r.research, themes.get(seats.get(pid)))
            if 0 <= k < n_ranks:
                points += rank_points[k]
                matched += 1
                first += k == 0
        for hid, h in hosts.items():
            tid = seats.get(hid)
            if tid is None:
                continue
            if company and themes.get(tid) != h.company:
                errors.append(f"round {rid}: host {hid} of {h.company} at table themed {themes.get(tid)}")
            if rnd.basis == RESEARCH:
                k = _rank(h.research, themes.get(tid))
                if 0 <= k < n_ranks:
                    points += rank_points[k]
        per_round[rid] = RoundFigures(
            first_choice_pct=round(100 * first / n, 2), matched_pct=round(100 * matched / n, 2)
        )
        pairs: set[tuple[str, str]] = set()
        for people in at.values():
            for a, b in combinations(sorted(people), 2):
                pairs.add((a, b))
                aff = researchers[a].affiliation
                if aff and aff == researchers[b].affiliation:
                    same_aff += 1
        tablemates[rid] = pairs
    for pin in instance.pinned:
        placed = seats_by_round.get(pin.round, {}).get(pin.person)
        if placed != pin.table:
            shown = {"round": pin.round, "person": pin.person, "table": pin.table}
            errors.append(f"pin broken: {shown}, seated at {placed}")
    ids = sorted(tablemates, key=_sort_key)
    met_again: set[str] = set()
    for i, j in combinations(ids, 2):
        again = tablemates[i] & tablemates[j]
        repeat_pairs += len(again)
        for a, b in again:
            met_again.update((a, b))
    score = points - weights.repeat_pair_penalty * repeat_pairs - weights.same_affiliation_penalty * same_aff
    return Figures(
        points=points,
        repeat_pairs=repeat_pairs,
        same_affiliation_pairs=same_aff,
        score=score,
        rounds=per_round,
        all_new_tablemates_pct=round(100 * (1 - len(met_again) / n), 2),
        errors=errors[:20],
        feasible=not errors,
    )


def _sort_key(rid: RoundId) -> tuple[int, Any]:
    # score.py sorts round ids directly; mixed int/str ids would crash it, we order ints first.
    return (0, rid) if isinstance(rid, int) else (1, rid)
