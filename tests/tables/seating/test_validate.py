"""Every refusal, with its message: an impossible instance is refused before solving."""

from __future__ import annotations

import copy

import pytest

from tables.seating import (
    InfeasibleInstance,
    InvalidInstance,
    SeatingError,
    check_instance,
    instance_from_dict,
    solve,
    solve_greedy,
)

BASE = {
    "name": "tiny",
    "tables": [{"id": "T1", "capacity": 2}, {"id": "T2", "capacity": 2}, {"id": "T3", "capacity": 2}],
    "rounds": [
        {"id": 1, "basis": "company", "themes": {"T1": "A", "T2": "A", "T3": "B"}},
        {"id": 2, "basis": "research", "themes": {"T1": "CV", "T2": "NLP", "T3": "CV"}},
    ],
    "researchers": [
        {"id": f"r{i}", "affiliation": "U", "companies": ["A", "B"], "research": ["CV"]} for i in range(1, 6)
    ],
    "hosts": [
        {"id": "h1", "company": "A", "research": ["CV"]},
        {"id": "h2", "company": "A", "research": ["NLP"]},
        {"id": "h3", "company": "B", "research": []},
    ],
    "host_seats": {"min": 1, "max": 2},
    "pinned": [],
}


def variant(**changes) -> dict:
    d = copy.deepcopy(BASE)
    d.update(changes)
    return d


def refusal(d: dict) -> str:
    instance = instance_from_dict(d)
    with pytest.raises(InfeasibleInstance) as info:
        check_instance(instance)
    # solve and the greedy baseline refuse the same way, before any work
    with pytest.raises(InfeasibleInstance):
        solve(instance, time_limit=0)
    with pytest.raises(InfeasibleInstance):
        solve_greedy(instance)
    return str(info.value)


def test_base_instance_is_accepted():
    check_instance(instance_from_dict(BASE))


def test_more_researchers_than_seats():
    d = variant(
        researchers=BASE["researchers"]
        + [
            {"id": "r6", "companies": [], "research": []},
            {"id": "r7", "companies": [], "research": []},
        ]
    )
    assert refusal(d) == "1 researcher more than seats: 7 researchers, 6 seats; add tables or raise capacity"


def test_researcher_pins_over_capacity():
    pins = [{"round": 1, "person": p, "table": "T1"} for p in ("r1", "r2", "r3")]
    assert refusal(variant(pinned=pins)) == (
        "pin: r3 is pinned to T1 in round 1 but T1 has only 2 seats and 3 pins; unpin 1 or raise the capacity of T1"
    )


def test_pin_on_unknown_table():
    assert refusal(variant(pinned=[{"round": 2, "person": "r1", "table": "T9"}])) == (
        "pin: r1 is pinned to unknown table T9 in round 2; pin to an existing table"
    )


def test_pin_of_unknown_person():
    assert refusal(variant(pinned=[{"round": 1, "person": "zz", "table": "T1"}])) == (
        "pin: zz is neither a researcher nor a host; remove the pin or add the person"
    )


def test_pin_in_unknown_round():
    assert refusal(variant(pinned=[{"round": 3, "person": "r1", "table": "T1"}])) == (
        "pin: round 3 does not exist; the rounds are 1, 2"
    )
    assert refusal(variant(pinned=[{"round": "1", "person": "r1", "table": "T1"}])) == (
        "pin: round '1' does not exist (round ids keep their type: 1 is not \"1\"); the rounds are 1, 2"
    )


def test_person_pinned_to_two_tables():
    pins = [{"round": 1, "person": "r1", "table": "T1"}, {"round": 1, "person": "r1", "table": "T2"}]
    assert refusal(variant(pinned=pins)) == "pin: r1 is pinned to both T1 and T2 in round 1; keep one"


def test_company_with_too_few_hosts():
    hosts = [h for h in BASE["hosts"] if h["id"] != "h2"]
    assert refusal(variant(hosts=hosts)) == (
        "round 1: A has 1 host but its 2 tables need at least 1 host each; add 1 host of A or give it fewer tables\n"
        "round 2: 2 hosts but the 3 tables need at least 1 host each (3); add 1 host or lower the host minimum"
    )


def test_company_with_too_many_hosts():
    hosts = BASE["hosts"] + [{"id": "h4", "company": "B"}, {"id": "h5", "company": "B"}]
    assert refusal(variant(hosts=hosts)) == (
        "round 1: B has 3 hosts but its 1 table take at most 2 hosts each; give B more tables, "
        "raise the host maximum or remove 1 of its hosts"
    )


def test_too_few_hosts_in_a_research_round():
    d = variant(
        rounds=[BASE["rounds"][1]],
        hosts=BASE["hosts"][:2],
    )
    assert refusal(d) == (
        "round 2: 2 hosts but the 3 tables need at least 1 host each (3); add 1 host or lower the host minimum"
    )


def test_too_many_hosts_in_a_research_round():
    hosts = [{"id": f"h{i}", "company": "A"} for i in range(7)]
    d = variant(rounds=[BASE["rounds"][1]], hosts=hosts)
    assert refusal(d) == (
        "round 2: 7 hosts but the 3 tables take at most 2 hosts each (6); remove 1 host, add tables "
        "or raise the host maximum"
    )


def test_company_table_without_hosts():
    rounds = copy.deepcopy(BASE["rounds"])
    rounds[0]["themes"]["T3"] = "C"
    d = variant(rounds=rounds[:1], hosts=BASE["hosts"][:2])
    assert refusal(d) == (
        "round 1: C has no host but 1 table is themed C and every table needs at least 1 host; add hosts of C, "
        "theme that table by a company with hosts, or set the host minimum to 0"
    )


def test_company_table_without_hosts_is_fine_without_host_minimum():
    rounds = copy.deepcopy(BASE["rounds"])
    rounds[0]["themes"]["T3"] = "C"
    d = variant(rounds=rounds, hosts=BASE["hosts"][:2], host_seats={"min": 0, "max": 2})
    check_instance(instance_from_dict(d))


def test_unthemed_table_in_a_company_round():
    rounds = copy.deepcopy(BASE["rounds"])
    del rounds[0]["themes"]["T2"]
    assert refusal(variant(rounds=rounds)) == (
        "round 1: table T2 has no theme, so no host may sit there, but every table needs at least 1 host; "
        "give T2 a company theme or set the host minimum to 0"
    )


def test_hosts_of_a_company_without_table():
    hosts = BASE["hosts"] + [{"id": "h9", "company": "Z"}]
    assert refusal(variant(hosts=hosts)) == (
        "round 1: Z brings 1 host but no table is themed Z; give Z a table in round 1 or remove its hosts"
    )


def test_host_pinned_to_another_company_table():
    pins = [{"round": 1, "person": "h3", "table": "T1"}]
    assert refusal(variant(pinned=pins)) == (
        "pin: host h3 of B is pinned to T1 in round 1, a company round, but T1 is themed A; in a company round "
        "a host sits only at a table of its company: pin h3 to a B table or change the theme of T1"
    )


def test_host_pins_over_the_maximum():
    hosts = BASE["hosts"] + [{"id": "h4", "company": "A"}]
    pins = [{"round": 2, "person": h, "table": "T1"} for h in ("h1", "h2", "h4")]
    assert refusal(variant(hosts=hosts, pinned=pins)) == (
        "pin: h4 is pinned to T1 in round 2 but T1 takes at most 2 hosts and 3 are pinned; unpin 1 "
        "or raise the host maximum"
    )


def test_host_pins_leaving_too_few_for_the_other_tables():
    pins = [{"round": 1, "person": h, "table": "T1"} for h in ("h1", "h2")]
    assert refusal(variant(pinned=pins)) == (
        "round 1: A has 2 hosts for 2 tables, but 2 of them are pinned (more than 1 at T1), leaving 0 for "
        "tables that still need 1; unpin some hosts or add hosts"
    )


def test_several_problems_are_listed_one_a_line():
    pins = [{"round": 1, "person": "zz", "table": "T1"}, {"round": 2, "person": "r1", "table": "T9"}]
    error = None
    try:
        check_instance(instance_from_dict(variant(pinned=pins)))
    except InfeasibleInstance as exc:
        error = exc
    assert error.problems == (
        "pin: zz is neither a researcher nor a host; remove the pin or add the person",
        "pin: r1 is pinned to unknown table T9 in round 2; pin to an existing table",
    )
    assert str(error) == "\n".join(error.problems)


def test_host_rules_do_not_apply_without_hosts():
    # FORMAT.md: rule 2 is not checked when the instance has no hosts
    check_instance(instance_from_dict(variant(hosts=[], host_seats={"min": 3, "max": 3})))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tables": BASE["tables"] + [{"id": "T1", "capacity": 2}]}, "table ids must be unique: T1 repeated"),
        (
            {"tables": BASE["tables"][:2] + [{"id": "T3", "capacity": -1}]},
            "table T3: capacity must not be negative, got -1",
        ),
        (
            {"hosts": BASE["hosts"] + [{"id": "r1", "company": "A"}]},
            "person ids must be unique across researchers and hosts: r1 repeated",
        ),
        ({"host_seats": {"min": 3, "max": 2}}, "host seats: the maximum (2) is below the minimum (3)"),
        ({"rounds": [BASE["rounds"][0], BASE["rounds"][0]]}, "round ids must be unique: 1 repeated"),
        ({"rounds": [{"id": 1, "basis": "company", "themes": {"T7": "A"}}]}, "round 1: themes name unknown tables T7"),
    ],
)
def test_malformed_instances(changes, message):
    with pytest.raises(InvalidInstance) as info:
        check_instance(instance_from_dict(variant(**changes)))
    assert str(info.value) == message
    assert isinstance(info.value, SeatingError)


@pytest.mark.parametrize(
    ("d", "message"),
    [
        ({"tables": []}, "instance: missing key 'rounds'"),
        (
            {**BASE, "rounds": [{"id": 1, "basis": "lunch", "themes": {}}]},
            "rounds[0]: basis must be 'company' or 'research', got 'lunch'",
        ),
        ({**BASE, "researchers": [{"id": "r1", "companies": ["A"]}]}, "researchers[0]: missing key 'research'"),
        ({**BASE, "tables": [{"id": "T1", "capacity": "8"}]}, "tables[0]: 'capacity' must be int, got '8'"),
        ([], "instance: expected an object, got list"),
    ],
)
def test_unreadable_instances(d, message):
    with pytest.raises(InvalidInstance) as info:
        instance_from_dict(d)
    assert str(info.value) == message


def test_hosts_without_any_table():
    d = variant(tables=[], rounds=[{"id": 2, "basis": "research", "themes": {}}], researchers=[], host_seats={"min": 0})
    assert refusal(d) == "round 2: 3 hosts but no table; add tables or remove the hosts"
