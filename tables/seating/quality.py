"""A plan's quality round by round and person by person, beside :func:`evaluate`'s totals.

`evaluate` answers "how good is the plan" in one score; the event's home page also asks "for whom
is it good": how many researchers got their 1st, 2nd, 3rd or no choice in each round, how many met
only new people in a later round, how many sat with nobody from their own lab, whether the hosts
sit at their research areas, and who lost the most points. The points follow the same weights as
`evaluate`, so a person's loss is counted in the units the optimizer maximises.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from .model import COMPANY, DEFAULT_WEIGHTS, RESEARCH, Instance, Plan, RoundId, Weights

__all__ = ["RoundQuality", "PersonQuality", "Quality", "quality"]


@dataclass(frozen=True)
class RoundQuality:
    """Counts of researchers (and hosts) in one round; shares are left to the caller."""

    id: RoundId
    basis: str
    researchers: int
    by_rank: tuple[int, ...]          # seated at their 1st, 2nd, 3rd ... choice
    no_choice: int                    # seated at a table themed with none of their (scored) choices
    unseated: int
    repeat_pairs: int                 # pairs who already shared a table in an earlier round
    all_new: int | None               # researchers meeting only new table-mates; None in the first round
    same_lab_pairs: int
    lab_mixed: int                    # seated researchers with nobody of their own lab at the table
    hosts: int                        # hosts seated this round
    hosts_matched: int                # company round: at their company's table; research round: at a chosen area
    hosts_by_rank: tuple[int, ...]    # research rounds: at their 1st, 2nd, 3rd ... area


@dataclass(frozen=True)
class PersonQuality:
    """One researcher over the whole plan: what they got and how many points short of their best."""

    id: str
    lost: int
    ranks: dict[RoundId, int | None] = field(default_factory=dict)   # 0-based rank; None: no choice; absent: unseated
    tables: dict[RoundId, str] = field(default_factory=dict)
    repeated: int = 0                 # table-mates met again in a later round
    same_lab: int = 0                 # table-mates from their own lab, summed over rounds


@dataclass(frozen=True)
class Quality:
    rounds: list[RoundQuality]
    people: list[PersonQuality]       # most points lost first, then by id

    def worst(self, count: int) -> list[PersonQuality]:
        """The `count` researchers who lost the most points (those who lost none are left out)."""
        return [p for p in self.people if p.lost > 0][:count]


def _rank(choices: tuple[str, ...], theme: str | None, n_ranks: int) -> int | None:
    if theme is None or theme not in choices:
        return None
    k = choices.index(theme)
    return k if k < n_ranks else None


def quality(instance: Instance, plan: Plan, *, weights: Weights = DEFAULT_WEIGHTS) -> Quality:
    """Per-round counts and per-researcher losses of `plan` (people or rounds missing from it count as unseated).

    A researcher's loss in a round is the points of the best theme that round offered them minus
    the points they got; each table-mate met again costs the repeat penalty and each table-mate
    of their own lab the same-lab penalty (a pair's penalty counts for both of its people).
    """
    n_ranks = len(weights.rank_points)
    researchers = {r.id: r for r in instance.researchers}
    hosts = {h.id: h for h in instance.hosts}
    lost: defaultdict[str, int] = defaultdict(int)
    ranks: defaultdict[str, dict] = defaultdict(dict)
    tables: defaultdict[str, dict] = defaultdict(dict)
    repeated: defaultdict[str, int] = defaultdict(int)
    same_lab: defaultdict[str, int] = defaultdict(int)
    met: set[tuple[str, str]] = set()
    rounds = []
    for index, spec in enumerate(instance.rounds):
        seats = plan.seats.get(spec.id, {})
        offered = set(spec.themes.values())
        at: defaultdict[str, list[str]] = defaultdict(list)
        by_rank = [0] * n_ranks
        no_choice = unseated = 0
        for pid, person in researchers.items():
            choices = person.companies if spec.basis == COMPANY else person.research
            # Only a theme among the person's choices scores, so look at those, not at every table's.
            best = max((weights.points(choices, theme) for theme in choices if theme in offered), default=0)
            table = seats.get(pid)
            if table is None:
                unseated += 1
                lost[pid] += best
                continue
            at[table].append(pid)
            tables[pid][spec.id] = table
            theme = spec.themes.get(table)
            rank = _rank(choices, theme, n_ranks)
            ranks[pid][spec.id] = rank
            lost[pid] += best - weights.points(choices, theme)
            if rank is None:
                no_choice += 1
            else:
                by_rank[rank] += 1
        pairs, repeats, lab_pairs = set(), 0, 0
        with_lab: set[str] = set()
        for people in at.values():
            for a, b in combinations(sorted(people), 2):
                pairs.add((a, b))
                if (a, b) in met:
                    repeats += 1
                    for pid in (a, b):
                        repeated[pid] += 1
                        lost[pid] += weights.repeat_pair_penalty
                lab = researchers[a].affiliation
                if lab and lab == researchers[b].affiliation:
                    lab_pairs += 1
                    with_lab.update((a, b))
                    for pid in (a, b):
                        same_lab[pid] += 1
                        lost[pid] += weights.same_affiliation_penalty
        seated = [pid for people in at.values() for pid in people]
        if index == 0:
            all_new = None
        else:
            met_again = {pid for pair in pairs & met for pid in pair}
            all_new = len(seated) - len(met_again)
        met |= pairs
        hosts_seated = hosts_matched = 0
        hosts_by_rank = [0] * n_ranks
        for hid, host in hosts.items():
            table = seats.get(hid)
            if table is None:
                continue
            hosts_seated += 1
            theme = spec.themes.get(table)
            if spec.basis == RESEARCH:
                rank = _rank(host.research, theme, n_ranks)
                if rank is not None:
                    hosts_by_rank[rank] += 1
                    hosts_matched += 1
            elif theme is not None and theme == host.company:
                hosts_matched += 1
        rounds.append(RoundQuality(
            id=spec.id, basis=spec.basis, researchers=len(researchers), by_rank=tuple(by_rank),
            no_choice=no_choice, unseated=unseated, repeat_pairs=repeats, all_new=all_new,
            same_lab_pairs=lab_pairs, lab_mixed=len(seated) - len(with_lab), hosts=hosts_seated,
            hosts_matched=hosts_matched, hosts_by_rank=tuple(hosts_by_rank) if spec.basis == RESEARCH else (),
        ))
    people = [
        PersonQuality(id=pid, lost=lost[pid], ranks=dict(ranks[pid]), tables=dict(tables[pid]),
                      repeated=repeated[pid], same_lab=same_lab[pid])
        for pid in researchers
    ]
    people.sort(key=lambda p: (-p.lost, p.id))
    return Quality(rounds=rounds, people=people)
