"""JSON exchange format <-> dataclasses."""

from __future__ import annotations

import pytest

from tables.seating import (
    Host,
    Instance,
    InvalidInstance,
    Pin,
    Plan,
    Researcher,
    RoundSpec,
    TableSpec,
    instance_from_dict,
    instance_to_dict,
    plan_from_dict,
    plan_to_dict,
)

from .conftest import SAMPLES, load_sample


@pytest.mark.parametrize("name", SAMPLES)
def test_samples_round_trip(name):
    d = load_sample(name)
    instance = instance_from_dict(d)
    assert instance_from_dict(instance_to_dict(instance)) == instance
    assert len(instance.researchers) == len(d["researchers"])


def test_fields_are_read():
    d = {
        "name": "dinner",
        "tables": [{"id": "T1", "capacity": 8}],
        "rounds": [
            {"id": 1, "basis": "company", "themes": {"T1": "LG"}},
            {"id": "b", "basis": "research", "themes": {}},
        ],
        "researchers": [{"id": "r1", "companies": ["LG"], "research": []}],
        "hosts": [{"id": "h1", "company": "LG"}],
        "host_seats": {"min": 1},
        "pinned": [{"round": "b", "person": "h1", "table": "T1"}],
    }
    assert instance_from_dict(d) == Instance(
        tables=(TableSpec("T1", 8),),
        rounds=(RoundSpec(1, "company", {"T1": "LG"}), RoundSpec("b", "research", {})),
        researchers=(Researcher("r1", ("LG",), (), ""),),
        hosts=(Host("h1", "LG", ()),),
        host_min=1,
        host_max=None,
        pinned=(Pin("b", "h1", "T1"),),
        name="dinner",
    )
    assert instance_to_dict(instance_from_dict(d))["host_seats"] == {"min": 1}


def test_plan_round_trip_keeps_round_id_types():
    d = {"rounds": [{"id": 1, "seats": {"r1": "T1"}}, {"id": "2", "seats": {"r1": "T2"}}]}
    plan = plan_from_dict(d)
    assert plan == Plan({1: {"r1": "T1"}, "2": {"r1": "T2"}})
    assert plan_to_dict(plan) == d


def test_bad_plan_is_refused():
    with pytest.raises(InvalidInstance) as info:
        plan_from_dict({"rounds": [{"id": 1}]})
    assert str(info.value) == "plan.rounds[0]: missing key 'seats'"
