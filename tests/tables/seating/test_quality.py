"""The plan's quality per round and per person: hand-counted on a tiny dinner, and consistent with evaluate."""

from __future__ import annotations

import pytest

from tables.seating import Host, Instance, Plan, Researcher, RoundSpec, TableSpec, evaluate, solve_greedy
from tables.seating.io import instance_from_dict
from tables.seating.quality import quality

from .conftest import load_sample


def tiny_dinner():
    """Two tables, a company round and a research round; r1 and r2 share a lab and sit together twice."""
    instance = Instance(
        tables=(TableSpec("T1", 3), TableSpec("T2", 3)),
        rounds=(RoundSpec(1, "company", {"T1": "A", "T2": "B"}), RoundSpec(2, "research", {"T1": "x", "T2": "y"})),
        researchers=(
            Researcher("r1", ("A", "B"), ("x",), "Lab 1"),
            Researcher("r2", ("B", "A"), ("y", "x"), "Lab 1"),
            Researcher("r3", ("A",), ("y",), "Lab 2"),
            Researcher("r4", (), (), ""),
        ),
        hosts=(Host("h1", "A", ("x", "y")), Host("h2", "B", ("z",))),
    )
    plan = Plan({
        1: {"r1": "T1", "r2": "T1", "r3": "T2", "r4": "T2", "h1": "T1", "h2": "T2"},
        2: {"r1": "T1", "r2": "T1", "r3": "T2", "h1": "T2", "h2": "T1"},  # r4 left out
    })
    return instance, plan


def test_rounds_are_counted_by_hand():
    first, second = quality(*tiny_dinner()).rounds

    # Round 1: r1 at A (1st), r2 at A (2nd), r3 at B (not chosen), r4 chose nothing.
    assert (first.by_rank, first.no_choice, first.unseated) == ((1, 1, 0), 2, 0)
    assert (first.all_new, first.repeat_pairs) == (None, 0)
    assert (first.same_lab_pairs, first.lab_mixed) == (1, 2)  # r1 and r2 together; r3 and r4 mixed
    assert (first.hosts, first.hosts_matched, first.hosts_by_rank) == (2, 2, ())
    # Round 2: r1 at x (1st), r2 at x (2nd), r3 at y (1st), r4 unseated; r1 and r2 meet again.
    assert (second.by_rank, second.no_choice, second.unseated) == ((2, 1, 0), 0, 1)
    assert (second.all_new, second.repeat_pairs) == (1, 1)  # only r3 meets nobody again
    assert (second.same_lab_pairs, second.lab_mixed) == (1, 1)
    assert (second.hosts, second.hosts_matched, second.hosts_by_rank) == (2, 1, (0, 1, 0))  # h1 at its 2nd area


def test_people_lose_points_for_choices_repeats_and_their_own_lab():
    report = quality(*tiny_dinner())

    lost = {p.id: p.lost for p in report.people}
    # r1: same lab twice (1 + 1), met r2 again (2). r2: 2nd choice twice (1 + 1), same lab twice, met again.
    # r3: could have had A (3 points) in round 1. r4 chose nothing, so lost nothing.
    assert lost == {"r1": 4, "r2": 6, "r3": 3, "r4": 0}
    assert [p.id for p in report.worst(10)] == ["r2", "r1", "r3"]
    r2 = report.people[0]
    assert (r2.ranks, r2.tables, r2.repeated, r2.same_lab) == ({1: 1, 2: 1}, {1: "T1", 2: "T1"}, 1, 2)
    r4 = report.people[-1]
    assert (r4.ranks, r4.tables) == ({1: None}, {1: "T2"})


@pytest.mark.parametrize("name", ["sample-100x14.json", "sample-200x25.json"])
def test_the_rounds_add_up_to_evaluates_totals(name):
    instance = instance_from_dict(load_sample(name))
    plan = solve_greedy(instance)

    report = quality(instance, plan)
    figures = evaluate(instance, plan)

    points = [3, 2, 1]
    researcher_points = sum(p * n for r in report.rounds for p, n in zip(points, r.by_rank, strict=True))
    host_points = sum(p * n for r in report.rounds for p, n in zip(points, r.hosts_by_rank, strict=False))
    assert researcher_points + host_points == figures.points
    assert sum(r.repeat_pairs for r in report.rounds) == figures.repeat_pairs
    assert sum(r.same_lab_pairs for r in report.rounds) == figures.same_affiliation_pairs
    for number, r in zip(figures.rounds, report.rounds, strict=True):
        assert round(100 * r.by_rank[0] / r.researchers, 2) == figures.rounds[number].first_choice_pct
        assert round(100 * sum(r.by_rank) / r.researchers, 2) == figures.rounds[number].matched_pct
    second = report.rounds[1]
    assert round(100 * second.all_new / second.researchers, 2) == figures.all_new_tablemates_pct
