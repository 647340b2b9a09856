"""The solver: hard rules and pins always hold, optimal on tiny instances, deterministic, weighted."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tables.seating import (
    InfeasibleInstance,
    Plan,
    Weights,
    check_instance,
    evaluate,
    instance_from_dict,
    instance_to_dict,
    plan_to_dict,
    solve,
    solve_report,
)

from .conftest import BEST_KNOWN, load_sample, score_py

COMPANIES = ["A", "B", "C"]
AREAS = ["X", "Y", "Z", "W"]


@st.composite
def small_instances(draw, max_researchers: int = 8, max_hosts: int = 4) -> dict:
    n_tables = draw(st.integers(1, 4))
    tables = [{"id": f"T{i}", "capacity": draw(st.integers(0, 3))} for i in range(n_tables)]
    rounds = []
    string_ids = draw(st.booleans())  # score.py sorts round ids: one JSON type per instance
    for k in range(draw(st.integers(1, 3))):
        basis = draw(st.sampled_from(["company", "research"]))
        pool = COMPANIES if basis == "company" else AREAS
        themes = {}
        for t in tables:
            theme = draw(st.one_of(st.none(), st.sampled_from(pool)))
            if theme is not None:
                themes[t["id"]] = theme
        rounds.append({"id": f"R{k + 1}" if string_ids else k + 1, "basis": basis, "themes": themes})
    researchers = []
    for i in range(draw(st.integers(0, max_researchers))):
        researchers.append(
            {
                "id": f"r{i}",
                "affiliation": draw(st.sampled_from(["", "U", "V"])),
                "companies": draw(st.permutations(COMPANIES + ["D"]).map(lambda p: p[: draw(st.integers(0, 4))])),
                "research": draw(st.permutations(AREAS).map(lambda p: p[: draw(st.integers(0, 4))])),
            }
        )
    hosts = []
    for i in range(draw(st.integers(0, max_hosts))):
        hosts.append(
            {
                "id": f"h{i}",
                "company": draw(st.sampled_from(COMPANIES)),
                "research": draw(st.permutations(AREAS).map(lambda p: p[: draw(st.integers(0, 3))])),
            }
        )
    host_min = draw(st.integers(0, 2))
    host_max = draw(st.one_of(st.none(), st.integers(host_min, 3)))
    seats = {"min": host_min} if host_max is None else {"min": host_min, "max": host_max}
    people = [p["id"] for p in researchers + hosts]
    pinned = []
    if people:
        for _ in range(draw(st.integers(0, 3))):
            pinned.append(
                {
                    "round": draw(st.sampled_from([r["id"] for r in rounds])),
                    "person": draw(st.sampled_from(people)),
                    "table": draw(st.sampled_from([t["id"] for t in tables])),
                }
            )
    return {
        "name": "random",
        "tables": tables,
        "rounds": rounds,
        "researchers": researchers,
        "hosts": hosts,
        "host_seats": seats,
        "pinned": pinned,
    }


@st.composite
def seatable_instances(draw) -> dict:
    """Instances built to be seatable: hosts fit their tables, pins come from a valid plan."""
    n_tables = draw(st.integers(1, 4))
    tables = [{"id": f"T{i}", "capacity": draw(st.integers(1, 4))} for i in range(n_tables)]
    company = {t["id"]: draw(st.sampled_from(COMPANIES)) for t in tables}
    area = {t["id"]: draw(st.sampled_from(AREAS)) for t in tables}
    rounds = [
        {"id": 1, "basis": "company", "themes": company},
        {"id": 2, "basis": "research", "themes": area},
    ]
    host_min = draw(st.integers(0, 1))
    host_max = draw(st.integers(max(host_min, 1), 2))
    hosts, home = [], {}
    for t in tables:
        for _ in range(draw(st.integers(host_min, host_max))):
            hid = f"h{len(hosts)}"
            home[hid] = t["id"]
            hosts.append(
                {
                    "id": hid,
                    "company": company[t["id"]],
                    "research": draw(st.permutations(AREAS).map(lambda p: p[: draw(st.integers(0, 3))])),
                }
            )
    if not hosts:
        host_min = 0
    seats = sum(t["capacity"] for t in tables)
    researchers = []
    for i in range(draw(st.integers(0, seats))):
        researchers.append(
            {
                "id": f"r{i}",
                "affiliation": draw(st.sampled_from(["", "U", "V"])),
                "companies": draw(st.permutations(COMPANIES).map(lambda p: p[: draw(st.integers(0, 3))])),
                "research": draw(st.permutations(AREAS).map(lambda p: p[: draw(st.integers(0, 3))])),
            }
        )
    # a valid plan to take pins from: researchers fill tables in order
    slots = [t["id"] for t in tables for _ in range(t["capacity"])]
    valid = {r["id"]: slots[i] for i, r in enumerate(researchers)}
    pinned = []
    people = list(valid) + list(home)
    if people:
        for _ in range(draw(st.integers(0, 4))):
            person = draw(st.sampled_from(people))
            rid = draw(st.sampled_from([1, 2]))
            table = home[person] if person in home else valid[person]
            pinned.append({"round": rid, "person": person, "table": table})
    return {
        "name": "seatable",
        "tables": tables,
        "rounds": rounds,
        "researchers": researchers,
        "hosts": hosts,
        "host_seats": {"min": host_min, "max": host_max},
        "pinned": pinned,
    }


@settings(max_examples=100, deadline=None)
@given(d=seatable_instances(), seed=st.integers(0, 2**32 - 1))
def test_seatable_instances_are_seated_keeping_every_rule_and_pin(d, seed):
    instance = instance_from_dict(d)
    plan = solve(instance, seed=seed, time_limit=0.01)
    figures = score_py.score(d, plan_to_dict(plan))
    assert figures["errors"] == []
    assert figures["feasible"] is True
    for pin in d["pinned"]:
        assert plan.seats[pin["round"]][pin["person"]] == pin["table"]
    assert evaluate(instance, plan).to_dict() == figures


def _host_rounds_feasible(d: dict) -> bool:
    """Brute force: can the hosts alone be seated in every round (bounds, companies, pins)?"""
    if not d["hosts"]:
        return True
    tables = [t["id"] for t in d["tables"]]
    hmin = d["host_seats"]["min"]
    hmax = d["host_seats"].get("max", 10**9)
    for rnd in d["rounds"]:
        pins = {p["person"]: p["table"] for p in d["pinned"] if p["round"] == rnd["id"]}
        options = []
        for h in d["hosts"]:
            allowed = [t for t in tables if rnd["basis"] != "company" or rnd["themes"].get(t) == h["company"]]
            if h["id"] in pins:
                allowed = [t for t in allowed if t == pins[h["id"]]]
            options.append(allowed)
        if not any(all(hmin <= choice.count(t) <= hmax for t in tables) for choice in itertools.product(*options)):
            return False
    return True


def _researchers_feasible(d: dict) -> bool:
    seats = sum(t["capacity"] for t in d["tables"])
    if len(d["researchers"]) > seats:
        return False
    capacity = {t["id"]: t["capacity"] for t in d["tables"]}
    ids = {r["id"] for r in d["researchers"]}
    for rnd in d["rounds"]:
        count = {}
        for person, table in {p["person"]: p["table"] for p in d["pinned"] if p["round"] == rnd["id"]}.items():
            if person in ids:
                count[table] = count.get(table, 0) + 1
        if any(n > capacity[t] for t, n in count.items()):
            return False
    return True


def _pins_consistent(d: dict) -> bool:
    seen = {}
    for p in d["pinned"]:
        if seen.setdefault((p["round"], p["person"]), p["table"]) != p["table"]:
            return False
    return True


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(d=small_instances(), seed=st.integers(0, 2**32 - 1))
def test_every_hard_rule_and_pin_holds_or_the_instance_is_refused(d, seed):
    instance = instance_from_dict(d)
    feasible = _pins_consistent(d) and _researchers_feasible(d) and _host_rounds_feasible(d)
    try:
        plan = solve(instance, seed=seed, time_limit=0.01)
    except InfeasibleInstance as exc:
        assert feasible is False, str(exc)
        assert str(exc) != ""
        return
    assert feasible is True
    figures = score_py.score(d, plan_to_dict(plan))
    assert figures["errors"] == []
    assert figures["feasible"] is True
    for pin in d["pinned"]:
        assert plan.seats[pin["round"]][pin["person"]] == pin["table"]
    assert evaluate(instance, plan).to_dict() == figures


@settings(max_examples=25, deadline=None)
@given(d=small_instances(max_researchers=3, max_hosts=3))
def test_instance_dict_round_trip(d):
    instance = instance_from_dict(d)
    assert instance_from_dict(instance_to_dict(instance)) == instance


# --- tiny instances against brute force -------------------------------------------------------


def _tiny(seed: int, n: int = 6, capacity: int = 2, pins: int = 0) -> dict:
    rng = random.Random(seed)
    tables = [{"id": f"T{i}", "capacity": capacity} for i in range(3)]
    rounds = [
        {"id": 1, "basis": "company", "themes": {"T0": "A", "T1": "A", "T2": "B"}},
        {"id": 2, "basis": "research", "themes": {"T0": "X", "T1": "Y", "T2": "X"}},
    ]
    researchers = []
    for i in range(n):
        researchers.append(
            {
                "id": f"r{i}",
                "affiliation": rng.choice(["", "U", "U", "V"]),
                "companies": rng.sample(["A", "B", "C"], rng.randint(0, 3)),
                "research": rng.sample(["X", "Y", "Z"], rng.randint(0, 3)),
            }
        )
    pinned = [{"round": rng.choice([1, 2]), "person": f"r{i}", "table": f"T{rng.randrange(3)}"} for i in range(pins)]
    return {"tables": tables, "rounds": rounds, "researchers": researchers, "pinned": pinned}


def _brute_force_best(d: dict, weights: Weights | None = None) -> int:
    weights = weights or Weights()
    instance = instance_from_dict(d)
    tables = [t["id"] for t in d["tables"]]
    cap = {t["id"]: t["capacity"] for t in d["tables"]}
    ids = [r["id"] for r in d["researchers"]]
    per_round = []
    for rnd in d["rounds"]:
        pins = {p["person"]: p["table"] for p in d["pinned"] if p["round"] == rnd["id"]}
        options = [[pins[p]] if p in pins else tables for p in ids]
        rows = []
        for choice in itertools.product(*options):
            if all(choice.count(t) <= cap[t] for t in tables):
                rows.append(dict(zip(ids, choice, strict=False)))
        per_round.append(rows)
    best = None
    for combo in itertools.product(*per_round):
        plan = Plan({rnd["id"]: seats for rnd, seats in zip(d["rounds"], combo, strict=False)})
        score = evaluate(instance, plan, weights=weights).score
        if best is None or score > best:
            best = score
    return best


def test_tiny_instances_reach_the_brute_force_optimum():
    cases = [_tiny(seed) for seed in range(4)] + [_tiny(10, n=5, capacity=2, pins=2), _tiny(11, n=5, capacity=3)]
    for d in cases:
        instance = instance_from_dict(d)
        plan = solve(instance, time_limit=0.1)
        assert evaluate(instance, plan).score == _brute_force_best(d)


def test_tiny_instance_with_other_weights_reaches_the_brute_force_optimum():
    d = _tiny(3)
    weights = Weights(rank_points=(1, 1), repeat_pair_penalty=5, same_affiliation_penalty=3)
    plan = solve(instance_from_dict(d), weights=weights, time_limit=0.1)
    assert evaluate(instance_from_dict(d), plan, weights=weights).score == _brute_force_best(d, weights)


def test_hosts_get_their_best_research_tables():
    d = {
        "tables": [{"id": f"T{i}", "capacity": 1} for i in range(3)],
        "rounds": [{"id": "dinner", "basis": "research", "themes": {"T0": "X", "T1": "Y", "T2": "Z"}}],
        "researchers": [],
        "hosts": [
            {"id": "h0", "company": "A", "research": ["X", "Y"]},
            {"id": "h1", "company": "A", "research": ["X", "Z"]},
            {"id": "h2", "company": "B", "research": ["X"]},
            {"id": "h3", "company": "B", "research": ["Y", "X", "Z"]},
            {"id": "h4", "company": "B", "research": ["X", "Y", "Z"]},
        ],
        "host_seats": {"min": 1, "max": 2},
    }
    instance = instance_from_dict(d)
    tables = [t["id"] for t in d["tables"]]
    hosts = [h["id"] for h in d["hosts"]]
    plans = [Plan({"dinner": dict(zip(hosts, c, strict=False))}) for c in itertools.product(tables, repeat=len(hosts))]
    best = max(evaluate(instance, p).score for p in plans if evaluate(instance, p).feasible)
    plan = solve(instance, time_limit=0)
    figures = evaluate(instance, plan)
    assert figures.feasible is True
    assert figures.score == best == 13  # X: h2 h4, Y: h3 h0, Z: h1


# --- determinism and weights ----------------------------------------------------------------


def test_same_seed_and_steps_same_plan():
    instance = instance_from_dict(load_sample("sample-100x14.json"))
    first = solve(instance, seed=7, steps=12)
    second = solve(instance, seed=7, steps=12)
    assert plan_to_dict(first) == plan_to_dict(second)


def test_a_timed_run_is_repeated_by_the_steps_it_reports():
    instance = instance_from_dict(load_sample("sample-200x25.json"))
    timed = solve_report(instance, seed=3, time_limit=0.3)
    again = solve_report(instance, seed=3, steps=timed.steps)
    assert again.steps == timed.steps
    assert plan_to_dict(again.plan) == plan_to_dict(timed.plan)
    assert again.score == timed.score == evaluate(instance, timed.plan).score


@pytest.mark.parametrize("name", ["sample-100x14.json", "sample-200x25.json"])
def test_the_default_run_reaches_the_best_known_score(name):
    # REFERENCE.md: 631 and 1293 are proven optimal; the search proves it too and stops there.
    d = load_sample(name)
    found = solve_report(instance_from_dict(d), steps=3000)
    figures = score_py.score(d, plan_to_dict(found.plan))
    assert figures["feasible"] is True
    assert figures["score"] == found.score >= BEST_KNOWN[name]
    assert found.optimal is True
    assert found.steps < 3000


def test_progress_ends_with_the_score_of_the_plan():
    instance = instance_from_dict(load_sample("sample-100x14.json"))
    calls = []
    plan = solve(instance, steps=40, progress=lambda fraction, best: calls.append((fraction, best)))
    assert calls[0][0] == 0.0
    assert calls[-1] == (1.0, evaluate(instance, plan).score)
    assert [c[1] for c in calls] == sorted(c[1] for c in calls)
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)


def _clash() -> dict:
    """Everybody wants A and X, each a single table: points want them together, repeats do not."""
    return {
        "tables": [{"id": "T1", "capacity": 4}, {"id": "T2", "capacity": 4}],
        "rounds": [
            {"id": 1, "basis": "company", "themes": {"T1": "A", "T2": "B"}},
            {"id": 2, "basis": "research", "themes": {"T1": "X", "T2": "Y"}},
        ],
        "researchers": [{"id": f"r{i}", "companies": ["A"], "research": ["X"]} for i in range(4)],
    }


def test_repeat_penalty_changes_the_plan():
    instance = instance_from_dict(_clash())
    free = evaluate(instance, solve(instance, weights=Weights(repeat_pair_penalty=0), time_limit=0.2))
    dear = evaluate(instance, solve(instance, weights=Weights(repeat_pair_penalty=100), time_limit=0.2))
    assert (free.points, free.repeat_pairs) == (24, 6)
    assert (dear.points, dear.repeat_pairs) == (12, 0)


def test_rank_points_change_the_plan():
    d = {
        "tables": [{"id": "T1", "capacity": 1}, {"id": "T2", "capacity": 1}],
        "rounds": [{"id": 1, "basis": "company", "themes": {"T1": "A", "T2": "B"}}],
        "researchers": [
            {"id": "r1", "companies": ["A", "B"], "research": []},
            {"id": "r2", "companies": ["B", "A"], "research": []},
        ],
        "pinned": [],
    }
    instance = instance_from_dict(d)
    # with (3, 2, 1) each gets their first choice; with (0, 5) each gets their second
    assert solve(instance, time_limit=0.1).seats == {1: {"r1": "T1", "r2": "T2"}}
    assert solve(instance, weights=Weights(rank_points=(0, 5)), time_limit=0.1).seats == {1: {"r1": "T2", "r2": "T1"}}


def test_check_instance_accepts_the_samples():
    for name in ("sample-100x14.json", "sample-200x25.json"):
        check_instance(instance_from_dict(load_sample(name)))
