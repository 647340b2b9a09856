"""Refusals: check an instance before solving, in words an organizer can act on.

:func:`check_instance` raises :class:`InvalidInstance` for a malformed instance (duplicate ids,
negative capacity...) and :class:`InfeasibleInstance` when no plan can keep every hard rule of
FORMAT.md; the message lists every problem found, one a line, each with what to change.
The checks are exact: when they pass, a plan exists (the solver relies on it).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .model import COMPANY, InfeasibleInstance, Instance, InvalidInstance

__all__ = ["check_instance", "plural"]


def plural(n: int, word: str, words: str | None = None) -> str:
    """``plural(1, "seat") == "1 seat"``, ``plural(8, "seat") == "8 seats"``."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def _is_are(n: int) -> str:
    return "is" if n == 1 else "are"


def _check_form(instance: Instance) -> None:
    problems: list[str] = []
    seen: Counter[str] = Counter(t.id for t in instance.tables)
    dup = [t for t, c in seen.items() if c > 1]
    if dup:
        problems.append(f"table ids must be unique: {', '.join(dup)} repeated")
    people = Counter([r.id for r in instance.researchers] + [h.id for h in instance.hosts])
    dup = [p for p, c in people.items() if c > 1]
    if dup:
        problems.append(f"person ids must be unique across researchers and hosts: {', '.join(dup[:5])} repeated")
    for t in instance.tables:
        if t.capacity < 0:
            problems.append(f"table {t.id}: capacity must not be negative, got {t.capacity}")
    rids = Counter(r.id for r in instance.rounds)
    dup = [str(r) for r, c in rids.items() if c > 1]
    if dup:
        problems.append(f"round ids must be unique: {', '.join(dup)} repeated")
    if not instance.rounds:
        problems.append("the instance has no round")
    table_ids = set(seen)
    for rnd in instance.rounds:
        if rnd.basis not in ("company", "research"):
            problems.append(f"round {rnd.id}: basis must be 'company' or 'research', got {rnd.basis!r}")
        unknown = [t for t in rnd.themes if t not in table_ids]
        if unknown:
            problems.append(f"round {rnd.id}: themes name unknown tables {', '.join(unknown[:5])}")
    if instance.host_min < 0:
        problems.append(f"host seats: the minimum must not be negative, got {instance.host_min}")
    if instance.host_max is not None and instance.host_max < instance.host_min:
        problems.append(f"host seats: the maximum ({instance.host_max}) is below the minimum ({instance.host_min})")
    if problems:
        raise InvalidInstance("\n".join(problems))


def check_instance(instance: Instance) -> None:
    """Raise unless a plan keeping every hard rule and every pin exists.

    Raises:
        InvalidInstance: the instance is malformed.
        InfeasibleInstance: the hard rules cannot all hold; ``problems`` says what to change.
    """
    _check_form(instance)
    problems: list[str] = []
    capacity = {t.id: t.capacity for t in instance.tables}
    researchers = {r.id for r in instance.researchers}
    hosts = {h.id: h for h in instance.hosts}
    rounds = {r.id: r for r in instance.rounds}
    round_names = ", ".join(str(r) for r in rounds)

    # -- researchers against seats
    seats = sum(capacity.values())
    n = len(instance.researchers)
    if n > seats:
        problems.append(
            f"{plural(n - seats, 'researcher')} more than seats: {plural(n, 'researcher')}, {plural(seats, 'seat')}; "
            "add tables or raise capacity"
        )

    # -- pins: known ids, one table per person and round
    pinned: dict[tuple, str] = {}  # (round, person) -> table
    for pin in instance.pinned:
        if pin.round not in rounds:
            hint = ' (round ids keep their type: 1 is not "1")' if str(pin.round) in map(str, rounds) else ""
            problems.append(f"pin: round {pin.round!r} does not exist{hint}; the rounds are {round_names}")
            continue
        if pin.person not in researchers and pin.person not in hosts:
            problems.append(f"pin: {pin.person} is neither a researcher nor a host; remove the pin or add the person")
            continue
        if pin.table not in capacity:
            problems.append(
                f"pin: {pin.person} is pinned to unknown table {pin.table} in round {pin.round}; "
                "pin to an existing table"
            )
            continue
        before = pinned.get((pin.round, pin.person))
        if before is not None and before != pin.table:
            problems.append(
                f"pin: {pin.person} is pinned to both {before} and {pin.table} in round {pin.round}; keep one"
            )
            continue
        pinned[(pin.round, pin.person)] = pin.table

    # -- pinned researchers per table
    by_table: dict[tuple, list[str]] = defaultdict(list)
    for (rid, pid), tid in pinned.items():
        if pid in researchers:
            by_table[(rid, tid)].append(pid)
    for (rid, tid), pids in by_table.items():
        if len(pids) > capacity[tid]:
            problems.append(
                f"pin: {pids[-1]} is pinned to {tid} in round {rid} but {tid} has only "
                f"{plural(capacity[tid], 'seat')} and {len(pids)} pins; unpin {len(pids) - capacity[tid]} "
                f"or raise the capacity of {tid}"
            )

    # -- hosts (FORMAT.md: host rules only apply when the instance has hosts)
    if hosts:
        problems.extend(_host_problems(instance, hosts, pinned))
    if problems:
        raise InfeasibleInstance(problems)


def _host_problems(instance: Instance, hosts: dict, pinned: dict[tuple, str]) -> list[str]:
    problems: list[str] = []
    hmin = instance.host_min
    hmax = instance.host_max
    table_ids = [t.id for t in instance.tables]
    for rnd in instance.rounds:
        rid = rnd.id
        pins_at: dict[str, list[str]] = defaultdict(list)
        for hid in hosts:
            tid = pinned.get((rid, hid))
            if tid is not None:
                pins_at[tid].append(hid)
        over_max = False
        if hmax is not None:
            for tid, hids in pins_at.items():
                if len(hids) > hmax:
                    over_max = True
                    problems.append(
                        f"pin: {hids[-1]} is pinned to {tid} in round {rid} but {tid} takes at most "
                        f"{plural(hmax, 'host')} and {len(hids)} are pinned; unpin {len(hids) - hmax} "
                        "or raise the host maximum"
                    )
        if over_max:
            continue  # the counts below would only repeat it
        # groups of tables that a host may use: its company's tables in a company round, all otherwise
        if rnd.basis == COMPANY:
            bad_pin = False
            for tid, hids in pins_at.items():
                theme = rnd.themes.get(tid)
                for hid in hids:
                    company = hosts[hid].company
                    if theme != company:
                        where = f"themed {theme}" if theme is not None else "unthemed"
                        problems.append(
                            f"pin: host {hid} of {company} is pinned to {tid} in round {rid}, a company round, "
                            f"but {tid} is {where}; in a company round a host sits only at a table of its "
                            f"company: pin {hid} to a {company} table or change the theme of {tid}"
                        )
                        bad_pin = True
            if bad_pin:
                continue
            groups: dict[str, list[str]] = defaultdict(list)
            for tid in table_ids:
                theme = rnd.themes.get(tid)
                if theme is None:
                    if hmin > 0:
                        problems.append(
                            f"round {rid}: table {tid} has no theme, so no host may sit there, but every table "
                            f"needs at least {plural(hmin, 'host')}; give {tid} a company theme or set the "
                            "host minimum to 0"
                        )
                    continue
                groups[theme].append(tid)
            members: dict[str, list[str]] = defaultdict(list)
            for hid, h in hosts.items():
                members[h.company].append(hid)
            for company, hids in members.items():
                if company not in groups:
                    problems.append(
                        f"round {rid}: {company} brings {plural(len(hids), 'host')} but no table is themed "
                        f"{company}; give {company} a table in round {rid} or remove its hosts"
                    )
            for company, tids in groups.items():
                hids = members.get(company, [])
                if not hids:
                    if hmin > 0:
                        problems.append(
                            f"round {rid}: {company} has no host but {plural(len(tids), 'table is', 'tables are')} "
                            f"themed {company} and every table needs at least {plural(hmin, 'host')}; "
                            f"add hosts of {company}, theme {'that table' if len(tids) == 1 else 'those tables'} "
                            "by a company with hosts, or set the host minimum to 0"
                        )
                    continue
                problems.extend(_count_problems(rid, company, hids, tids, pins_at, hmin, hmax))
        else:
            problems.extend(_count_problems(rid, None, list(hosts), table_ids, pins_at, hmin, hmax))
    return problems


def _count_problems(rid, company, hids, tids, pins_at, hmin, hmax) -> list[str]:
    """Hosts ``hids`` may sit at tables ``tids`` only (and nobody else may): check the counts."""
    k = len(tids)
    h = len(hids)
    if k == 0:
        return [f"round {rid}: {plural(h, 'host')} but no table; add tables or remove the hosts"]
    their = f"its {plural(k, 'table')}" if company is not None else f"the {plural(k, 'table')}"
    if h < k * hmin:
        if company is None:
            return [
                f"round {rid}: {plural(h, 'host')} but the {plural(k, 'table')} need at least "
                f"{plural(hmin, 'host')} each ({k * hmin}); add {plural(k * hmin - h, 'host')} "
                "or lower the host minimum"
            ]
        return [
            f"round {rid}: {company} has {plural(h, 'host')} but {their} need at least "
            f"{plural(hmin, 'host')} each; add {plural(k * hmin - h, 'host')} of "
            f"{company} or give it fewer tables"
        ]
    if hmax is not None and h > k * hmax:
        if company is None:
            return [
                f"round {rid}: {plural(h, 'host')} but the {plural(k, 'table')} take at most "
                f"{plural(hmax, 'host')} each ({k * hmax}); remove {plural(h - k * hmax, 'host')}, add tables "
                "or raise the host maximum"
            ]
        return [
            f"round {rid}: {company} has {plural(h, 'host')} but {their} take at most "
            f"{plural(hmax, 'host')} each; give {company} more tables, raise the host maximum "
            f"or remove {h - k * hmax} of its hosts"
        ]
    # enough hosts in total, but pins may hold too many of them at a few tables
    pinned_here = sum(len(pins_at.get(t, ())) for t in tids)
    free = h - pinned_here
    short = sum(max(0, hmin - len(pins_at.get(t, ()))) for t in tids)
    if free < short:
        crowded = [t for t in tids if len(pins_at.get(t, ())) > hmin]
        subject = f"{company} has {plural(h, 'host')}" if company is not None else plural(h, "host")
        return [
            f"round {rid}: {subject} for {plural(k, 'table')}, "
            f"but {pinned_here} of them {_is_are(pinned_here)} pinned (more than {hmin} at "
            f"{', '.join(crowded)}), leaving {free} for tables that still need {short}; unpin some hosts "
            "or add hosts"
        ]
    return []
