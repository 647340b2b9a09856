"""What each printed document shows, read in a fixed number of queries whatever the event's size.

- Badges: one per confirmed researcher (with the check-in QR code of attendees/mail/qr.py, which opens
  the guest on a door phone) and one per host, alphabetical, so the desk finds them quickly. The code
  goes in at one pixel a module and is printed unsmoothed: sharp, and the quickest to lay out.
- Place cards: one folded card per person at each table of a round, hosts first, grouped by table.
- Table cards: the hosts' cards of tables.cards.

A big event's document comes in parts (PER_PART people or tables each), so that no single request
makes hundreds of pages: a part takes seconds, the whole of a 2,000-guest event minutes.
"""
import base64
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from attendees.enums import RegistrationStatus
from attendees.mail.qr import checkin_qr_png
from attendees.models import EventHost, Registration
from tables.cards import host_cards
from tables.models import Table
from tables.queries import load_event_seating

BADGES, PLACE_CARDS, TABLE_CARDS = "badges", "place_cards", "table_cards"
PER_PART = {BADGES: 200, PLACE_CARDS: 25, TABLE_CARDS: 60}  # people for badges, tables for the others


@dataclass
class Person:
    name: str             # in Latin letters
    native_name: str      # e.g. 김민준, or ""
    detail: str           # a researcher's affiliation, a host's company
    role: str             # "Researcher" or "Host", in the active language
    position: str = ""    # a researcher's position, a host's title
    qr: str = ""          # data: URI of the check-in QR code (researchers' badges)


@dataclass
class TablePlaces:
    table: object
    theme: object         # the company or research area the table is about this round, or None
    people: list          # Person, hosts first


def _latin(person):
    return f"{person.first_name} {person.last_name}".strip()


def _researcher(researcher, **extra):
    return Person(name=_latin(researcher), native_name=researcher.native_name, detail=researcher.affiliation,
                  role=_("Researcher"), position=researcher.get_position_display(), **extra)


def _host(host):
    return Person(name=_latin(host), native_name=host.native_name, detail=host.company.display_name,
                  role=_("Host"), position=host.title)


def _qr_uri(registration):
    return "data:image/png;base64," + base64.b64encode(checkin_qr_png(registration, scale=1)).decode("ascii")


def _badge_registrations(event):
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)


def _bounds(kind, part):
    size = PER_PART[kind]
    return (part - 1) * size, part * size


def item_count(kind, event):
    """How many badges, or tables, the event's document of `kind` covers."""
    if kind == BADGES:
        return _badge_registrations(event).count() + EventHost.objects.filter(event=event).count()
    return Table.objects.filter(event=event).count()


def part_count(kind, event, items=None):
    """How many parts the event's document of `kind` has (at least one, even when empty)."""
    items = item_count(kind, event) if items is None else items
    return max(1, -(-items // PER_PART[kind]))


def badges(event, *, part=1):
    """Researchers holding a confirmed place, then the event's hosts: the `part`-th slice (three queries)."""
    start, stop = _bounds(BADGES, part)
    researchers = _badge_registrations(event).count()
    registrations = (_badge_registrations(event).select_related("researcher")
                     .order_by("researcher__last_name", "researcher__first_name", "pk")[start:stop])
    people = [_researcher(r.researcher, qr=_qr_uri(r)) for r in registrations]
    host_start, host_stop = max(0, start - researchers), max(0, stop - researchers)
    if host_stop > host_start:
        event_hosts = (EventHost.objects.filter(event=event).select_related("host__company")
                       .order_by("host__last_name", "host__first_name", "pk")[host_start:host_stop])
        people += [_host(h.host) for h in event_hosts]
    return people


def place_cards(round_, *, part=1):
    """The round's tables of the `part`-th slice with their people, tables nobody sits at left out."""
    data = load_event_seating(round_.event)
    people = defaultdict(lambda: ([], []))
    for seat in data.seats_by_round.get(round_.pk, []):
        hosts, researchers = people[seat.table_id]
        if seat.event_host_id in data.event_host_by_pk:
            hosts.append(_host(data.event_host_by_pk[seat.event_host_id].host))
        elif seat.registration_id in data.registration_by_pk:
            researchers.append(_researcher(data.registration_by_pk[seat.registration_id].researcher))
    start, stop = _bounds(PLACE_CARDS, part)
    tables = []
    for table in data.tables[start:stop]:
        if table.pk not in people:
            continue
        hosts, researchers = people[table.pk]
        theme = data.theme_of(round_, table)
        subject = None if theme is None else (theme.company if theme.company_id else theme.research_area)
        by_name = sorted(hosts, key=lambda p: p.name) + sorted(researchers, key=lambda p: p.name)
        tables.append(TablePlaces(table=table, theme=subject, people=by_name))
    return tables


def table_cards(round_, *, part=1):
    """(the round as loaded, the hosts' cards of the `part`-th slice of its tables)."""
    data = load_event_seating(round_.event)
    round_ = next(r for r in data.rounds if r.pk == round_.pk)
    start, stop = _bounds(TABLE_CARDS, part)
    return round_, host_cards(data, round_)[start:stop]
