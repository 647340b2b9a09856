"""What the seats as they are break or lack, in an organizer's words.

`rules_not_kept` turns the engine's figures errors (the reference score.py's wording, with engine
ids) into sentences with names; `late_changes` lists, before a run from the current seats, who
needs a seat: newcomers and people whose seat became invalid.
"""
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .adapter import host_id, name_list, names_of, person_id, readable, researcher_id, theme_name

_UNSEATED = re.compile(r"^round (?P<round>\S+): \d+ people unseated")
_OVER = re.compile(
    r"^round (?P<round>\S+): table T(?P<table>\d+) holds (?P<count>\d+) researchers > capacity (?P<cap>\d+)$")
_HOSTS = re.compile(
    r"^round (?P<round>\S+): table T(?P<table>\d+) has (?P<count>\d+) hosts, not (?P<min>\d+)\.\.(?P<max>\d+)$")
_WRONG_HOST = re.compile(r"^round (?P<round>\S+): host (?P<host>h\d+) of .* at table themed (?P<theme>.*)$")


def rules_not_kept(data, errors):
    """The hard rules the seats break, as sentences with names (the engine's errors are score.py's)."""
    if not errors:
        return []  # most of the time: no names to look up
    names = names_of(data)
    out = []
    for error in errors:
        if m := _UNSEATED.match(error):
            round_ = next((r for r in data.rounds if str(r.number) == m["round"]), None)
            seated = {person_id(seat) for seat in data.seats_by_round.get(round_.pk, [])} if round_ else set()
            missing = [name for pid, name in names.items() if pid not in seated]
            out.append(_("Round %(round)s: no seat for %(names)s.")
                       % {"round": m["round"], "names": name_list(missing)})
        elif m := _OVER.match(error):
            out.append(_("Round %(round)s: table %(table)s holds %(count)s researchers but has %(capacity)s seats.")
                       % {"round": m["round"], "table": m["table"], "count": m["count"], "capacity": m["cap"]})
        elif m := _HOSTS.match(error):
            out.append(_("Round %(round)s: table %(table)s needs %(min)s to %(max)s hosts but has %(count)s.")
                       % {"round": m["round"], "table": m["table"], "count": m["count"], "min": m["min"],
                          "max": m["max"]})
        elif m := _WRONG_HOST.match(error):
            out.append(_(
                "Round %(round)s: %(host)s sits at a table themed %(theme)s; in a company round hosts sit only "
                "at their company's tables."
            ) % {"round": m["round"], "host": names.get(m["host"], m["host"]), "theme": m["theme"]})
        else:
            out.append(readable(error, data, names))
    return out


@dataclass(frozen=True)
class LateChanges:
    """Who needs a (new) seat before rounds are generated again from the seats as they are."""

    newcomers: dict  # round number -> [person id] with no seat in that round
    invalid: dict  # round number -> [person id] whose seat breaks a rule now
    over: int  # people more than a table's seats or host places, over all rounds (who is not known yet)

    @property
    def count(self):
        return sum(map(len, self.newcomers.values())) + sum(map(len, self.invalid.values())) + self.over


def late_changes(data, *, settings, round_numbers):
    """The people a run of `round_numbers` from the current seats has to (re)seat: newcomers and invalid seats.

    Others may move too, to make room or when it gains points (the engine moves as few as it can).
    """
    known = {researcher_id(r.pk) for r in data.registrations} | {host_id(h.pk) for h in data.event_hosts}
    hosts = {host_id(h.pk): h.host.company.name for h in data.event_hosts}
    newcomers, invalid, over = {}, {}, 0
    for round_ in data.rounds:
        if round_.number not in round_numbers:
            continue
        seated, wrong = set(), []
        researchers_at, hosts_at = {}, {}
        for seat in data.seats_by_round.get(round_.pk, []):
            pid = person_id(seat)
            if pid not in known:
                continue
            seated.add(pid)
            table = data.table_by_pk[seat.table_id]
            if pid in hosts:
                hosts_at[table.pk] = hosts_at.get(table.pk, 0) + 1
                theme = data.theme_of(round_, table)
                if round_.basis == "company" and theme_name(theme) != hosts[pid] and not seat.pinned:
                    wrong.append(pid)
            else:
                researchers_at[table.pk] = researchers_at.get(table.pk, 0) + 1
        for table in data.tables:
            over += max(0, researchers_at.get(table.pk, 0) - table.capacity)
            if settings.host_seats_max is not None:
                over += max(0, hosts_at.get(table.pk, 0) - settings.host_seats_max)
        newcomers[round_.number] = sorted(known - seated, key=lambda pid: (pid[0] == "h", int(pid[1:])))
        invalid[round_.number] = wrong
    return LateChanges(newcomers=newcomers, invalid=invalid, over=over)
