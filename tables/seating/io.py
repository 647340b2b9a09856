"""JSON exchange format (FORMAT.md) <-> dataclasses.

``instance_from_dict`` raises :class:`InvalidInstance` with a readable message when a key is
missing or has the wrong type; it does not check feasibility (see :mod:`tables.seating.validate`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .model import BASES, Host, Instance, InvalidInstance, Pin, Plan, Researcher, RoundSpec, TableSpec

__all__ = [
    "instance_from_dict",
    "instance_to_dict",
    "plan_from_dict",
    "plan_to_dict",
    "load_instance",
    "load_plan",
]


def _need(d: Any, key: str, where: str, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(d, Mapping):
        raise InvalidInstance(f"{where}: expected an object, got {type(d).__name__}")
    if key not in d:
        raise InvalidInstance(f"{where}: missing key {key!r}")
    value = d[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise InvalidInstance(f"{where}: {key!r} must be {names}, got {value!r}")
    return value


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInstance(f"{where}: expected a list of strings, got {value!r}")
    return tuple(value)


def _round_id(value: Any, where: str) -> int | str:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise InvalidInstance(f"{where}: a round id must be an integer or a string, got {value!r}")
    return value


def instance_from_dict(d: Mapping[str, Any]) -> Instance:
    """Read an instance in the exchange format of FORMAT.md.

    Raises:
        InvalidInstance: a key is missing or has the wrong type.
    """
    if not isinstance(d, Mapping):
        raise InvalidInstance(f"instance: expected an object, got {type(d).__name__}")
    tables = []
    for i, t in enumerate(_need(d, "tables", "instance", list)):
        where = f"tables[{i}]"
        tables.append(TableSpec(id=_need(t, "id", where, str), capacity=_need(t, "capacity", where, int)))
    rounds = []
    for i, r in enumerate(_need(d, "rounds", "instance", list)):
        where = f"rounds[{i}]"
        basis = _need(r, "basis", where, str)
        if basis not in BASES:
            raise InvalidInstance(f"{where}: basis must be 'company' or 'research', got {basis!r}")
        themes = _need(r, "themes", where, dict)
        for tid, theme in themes.items():
            if not isinstance(theme, str):
                raise InvalidInstance(f"{where}: theme of table {tid} must be a string, got {theme!r}")
        rounds.append(RoundSpec(id=_round_id(_need(r, "id", where, (int, str)), where), basis=basis, themes=themes))
    researchers = []
    for i, r in enumerate(_need(d, "researchers", "instance", list)):
        where = f"researchers[{i}]"
        affiliation = r.get("affiliation") if isinstance(r, Mapping) else None
        if affiliation is None:
            affiliation = ""
        if not isinstance(affiliation, str):
            raise InvalidInstance(f"{where}: 'affiliation' must be a string, got {affiliation!r}")
        researchers.append(
            Researcher(
                id=_need(r, "id", where, str),
                companies=_strings(_need(r, "companies", where, list), f"{where}.companies"),
                research=_strings(_need(r, "research", where, list), f"{where}.research"),
                affiliation=affiliation,
            )
        )
    hosts = []
    raw_hosts = d.get("hosts", [])
    if not isinstance(raw_hosts, list):
        raise InvalidInstance(f"instance: 'hosts' must be a list, got {raw_hosts!r}")
    for i, h in enumerate(raw_hosts):
        where = f"hosts[{i}]"
        research = h.get("research", []) if isinstance(h, Mapping) else []
        hosts.append(
            Host(
                id=_need(h, "id", where, str),
                company=_need(h, "company", where, str),
                research=_strings(research, f"{where}.research"),
            )
        )
    seats = d.get("host_seats", {})
    if not isinstance(seats, Mapping):
        raise InvalidInstance(f"instance: 'host_seats' must be an object, got {seats!r}")
    host_min = seats.get("min", 0)
    host_max = seats.get("max")
    for key, value in (("min", host_min), ("max", host_max)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise InvalidInstance(f"host_seats: {key!r} must be an integer, got {value!r}")
    pins = []
    raw_pins = d.get("pinned", [])
    if not isinstance(raw_pins, list):
        raise InvalidInstance(f"instance: 'pinned' must be a list, got {raw_pins!r}")
    for i, p in enumerate(raw_pins):
        where = f"pinned[{i}]"
        pins.append(
            Pin(
                round=_round_id(_need(p, "round", where, (int, str)), where),
                person=_need(p, "person", where, str),
                table=_need(p, "table", where, str),
            )
        )
    name = d.get("name", "")
    previous = None
    if d.get("previous") is not None:
        # Late changes: people and tables the previous plan names but the instance lacks are
        # those who left or what was removed, not errors.
        previous = plan_from_dict(d["previous"], where="previous")
    return Instance(
        tables=tuple(tables),
        rounds=tuple(rounds),
        researchers=tuple(researchers),
        hosts=tuple(hosts),
        host_min=host_min if host_min is not None else 0,
        host_max=host_max,
        pinned=tuple(pins),
        name=name if isinstance(name, str) else str(name),
        previous=previous,
    )


def instance_to_dict(instance: Instance) -> dict[str, Any]:
    """Write an instance in the exchange format (the inverse of :func:`instance_from_dict`)."""
    seats: dict[str, int] = {"min": instance.host_min}
    if instance.host_max is not None:
        seats["max"] = instance.host_max
    out = {
        "name": instance.name,
        "tables": [{"id": t.id, "capacity": t.capacity} for t in instance.tables],
        "rounds": [{"id": r.id, "basis": r.basis, "themes": dict(r.themes)} for r in instance.rounds],
        "researchers": [
            {"id": r.id, "affiliation": r.affiliation, "companies": list(r.companies), "research": list(r.research)}
            for r in instance.researchers
        ],
        "hosts": [{"id": h.id, "company": h.company, "research": list(h.research)} for h in instance.hosts],
        "host_seats": seats,
        "pinned": [{"round": p.round, "person": p.person, "table": p.table} for p in instance.pinned],
    }
    if instance.previous is not None:
        out["previous"] = plan_to_dict(instance.previous)
    return out


def plan_from_dict(d: Mapping[str, Any], *, where: str = "plan") -> Plan:
    """Read a plan ``{"rounds": [{"id": 1, "seats": {person: table}}]}``; the last copy of a round wins.

    Raises:
        InvalidInstance: the plan is not in the exchange format.
    """
    seats: dict[int | str, dict[str, str]] = {}
    for i, r in enumerate(_need(d, "rounds", where, list)):
        at = f"{where}.rounds[{i}]"
        rid = _round_id(_need(r, "id", at, (int, str)), at)
        raw = _need(r, "seats", at, dict)
        for pid, tid in raw.items():
            if not isinstance(tid, str):
                raise InvalidInstance(f"{at}: table of {pid} must be a string, got {tid!r}")
        seats[rid] = dict(raw)
    return Plan(seats=seats)


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """Write a plan in the exchange format, rounds in the plan's order."""
    return {"rounds": [{"id": rid, "seats": dict(seats)} for rid, seats in plan.seats.items()]}


def _load_json(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as exc:
        raise InvalidInstance(f"cannot read {path}: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise InvalidInstance(f"{path} is not valid JSON: {exc}") from exc


def load_instance(path: str) -> Instance:
    """Read an instance from a JSON file (raises :class:`InvalidInstance` on a bad file)."""
    return instance_from_dict(_load_json(path))


def load_plan(path: str) -> Plan:
    """Read a plan from a JSON file (raises :class:`InvalidInstance` on a bad file)."""
    return plan_from_dict(_load_json(path))
