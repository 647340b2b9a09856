"""The project's figures equal the reference score.py's, for good and broken plans."""

from __future__ import annotations

import copy
import json

import pytest

from tables.seating import (
    Plan,
    Weights,
    evaluate,
    instance_from_dict,
    plan_from_dict,
    plan_to_dict,
    solve,
    solve_greedy,
)

from .conftest import SAMPLES, load_sample

# REFERENCE.md's greedy baseline, reproduced exactly
GREEDY_SCORES = {"sample-100x14.json": 521, "sample-200x25.json": 1111, "sample-2000x250.json": 12449}


@pytest.mark.parametrize("name", SAMPLES)
def test_greedy_figures_equal_score_py(name, reference_score):
    d = load_sample(name)
    instance = instance_from_dict(d)
    plan = solve_greedy(instance)
    figures = evaluate(instance, plan).to_dict()
    reference = reference_score(d, plan_to_dict(plan))
    assert figures == reference
    assert json.dumps(figures) == json.dumps(reference)  # same keys in the same order
    assert figures["feasible"] is True
    assert figures["score"] == GREEDY_SCORES[name]


@pytest.mark.parametrize("name", SAMPLES)
def test_solver_figures_equal_score_py(name, reference_score):
    d = load_sample(name)
    instance = instance_from_dict(d)
    plan = solve(instance, time_limit=0.2)
    figures = evaluate(instance, plan).to_dict()
    assert figures == reference_score(d, plan_to_dict(plan))
    assert figures["feasible"] is True
    assert figures["score"] > GREEDY_SCORES[name]


def _broken_plans(d: dict, plan: dict):
    """Plans that break each hard rule in turn (and a few format slips)."""
    r1 = plan["rounds"][0]["seats"]
    people = list(r1)
    # a researcher unseated
    p = copy.deepcopy(plan)
    del p["rounds"][0]["seats"][people[0]]
    yield p
    # a whole table of one round moved onto another: over capacity, hosts off
    p = copy.deepcopy(plan)
    seats = p["rounds"][1]["seats"]
    first = seats[people[0]]
    for k, v in seats.items():
        if v != first:
            seats[k] = first
            break
    for k in list(seats)[:20]:
        seats[k] = first
    yield p
    # unknown table and unknown person
    p = copy.deepcopy(plan)
    p["rounds"][0]["seats"][people[1]] = "nowhere"
    p["rounds"][0]["seats"]["ghost"] = "T1"
    yield p
    # round id of the wrong JSON type
    p = copy.deepcopy(plan)
    p["rounds"][0]["id"] = str(p["rounds"][0]["id"])
    yield p
    # a host at another company's table in the company round
    p = copy.deepcopy(plan)
    host = d["hosts"][0]
    for t, theme in d["rounds"][0]["themes"].items():
        if theme != host["company"]:
            p["rounds"][0]["seats"][host["id"]] = t
            break
    yield p


def test_figures_of_broken_plans_equal_score_py(reference_score):
    d = load_sample("sample-100x14.json")
    d["pinned"] = [{"round": 1, "person": "r1", "table": "T2"}, {"round": 2, "person": "h1", "table": "T1"}]
    instance = instance_from_dict(d)
    good = plan_to_dict(solve_greedy(instance))
    count = 0
    for broken in _broken_plans(d, good):
        figures = evaluate(instance, plan_from_dict(broken)).to_dict()
        reference = reference_score(d, broken)
        assert figures == reference
        assert json.dumps(figures) == json.dumps(reference)
        assert figures["feasible"] is False
        count += 1
    assert count == 5


def test_weights_change_points_and_score_only():
    d = load_sample("sample-100x14.json")
    instance = instance_from_dict(d)
    plan = solve_greedy(instance)
    base = evaluate(instance, plan)
    heavy = evaluate(
        instance, plan, weights=Weights(rank_points=(5, 1), repeat_pair_penalty=10, same_affiliation_penalty=0)
    )
    assert heavy.repeat_pairs == base.repeat_pairs
    assert heavy.same_affiliation_pairs == base.same_affiliation_pairs
    assert heavy.score == heavy.points - 10 * heavy.repeat_pairs
    assert heavy.points != base.points


def test_small_plan_by_hand():
    d = {
        "tables": [{"id": "T1", "capacity": 3}, {"id": "T2", "capacity": 3}],
        "rounds": [
            {"id": 1, "basis": "company", "themes": {"T1": "A", "T2": "B"}},
            {"id": 2, "basis": "research", "themes": {"T1": "CV"}},
        ],
        "researchers": [
            {"id": "a", "affiliation": "U", "companies": ["A", "B"], "research": ["CV"]},
            {"id": "b", "affiliation": "U", "companies": ["B"], "research": ["NLP", "CV"]},
            {"id": "c", "affiliation": "", "companies": ["C", "D", "E", "A"], "research": []},
        ],
        "hosts": [{"id": "h", "company": "A", "research": ["X", "Y", "CV"]}],
        "host_seats": {"min": 0, "max": 1},
    }
    instance = instance_from_dict(d)
    plan = Plan({1: {"a": "T1", "b": "T1", "c": "T1", "h": "T1"}, 2: {"a": "T1", "b": "T1", "c": "T2", "h": "T1"}})
    figures = evaluate(instance, plan)
    # round 1: a 3, b 0, c 0 (A is its 4th choice); round 2: a 3, b 2, host 1 (3rd area)
    assert (figures.points, figures.repeat_pairs, figures.same_affiliation_pairs) == (9, 1, 2)
    assert figures.score == 9 - 2 - 2
    assert figures.all_new_tablemates_pct == 33.33
    assert figures.to_dict() == {
        "points": 9,
        "repeat_pairs": 1,
        "same_affiliation_pairs": 2,
        "round1_matched_pct": 33.33,
        "round1_first_choice_pct": 33.33,
        "round2_matched_pct": 66.67,
        "round2_first_choice_pct": 33.33,
        "all_new_tablemates_pct": 33.33,
        "score": 5,
        "errors": [],
        "feasible": True,
    }
