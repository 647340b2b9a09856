"""What the seating board, the print view and the CSV show about one round, built from tables.queries data.

No queries here: everything comes from one tables.queries.EventSeating, so the board costs the
same number of queries for 10 researchers or 1,000.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from . import adapter
from .enums import PlacedBy, RoundBasis

MATCH_LABELS = {1: _("1st choice"), 2: _("2nd choice"), 3: _("3rd choice"), None: _("not chosen")}


@dataclass
class PersonCard:
    seat: object
    is_host: bool
    name: str
    detail: str          # affiliation and lab, or the host's company and title
    email: str
    match: int | None    # 1, 2, 3 or None: rank of the table's theme among the person's choices
    repeated_with: list = field(default_factory=list)   # names of table-mates met in another round
    choices: tuple = ()  # the researcher's ranked choices for this round's basis, best first (for "why here")
    same_lab_with: list = field(default_factory=list)   # names of table-mates from their own lab

    @property
    def match_label(self):
        return MATCH_LABELS.get(self.match, MATCH_LABELS[None])

    @property
    def manual(self):
        return self.seat.placed_by == PlacedBy.ORGANIZER


@dataclass
class TableCard:
    table: object
    theme: object
    hosts: list
    researchers: list
    same_lab: list = field(default_factory=list)   # (lab, [names]) with two or more people

    @property
    def fill(self):
        return len(self.researchers)

    @property
    def full(self):
        return self.fill >= self.table.capacity

    @cached_property
    def label(self):
        return str(self.table)

    @property
    def free(self):
        return max(self.table.capacity - self.fill, 0)

    def matches(self, query):
        """Whether a search of the board finds this table: its number, name or theme, or someone at it."""
        query = query.strip().casefold()
        if query.isdigit():
            return int(query) == self.table.number
        texts = [self.label, str(self.theme or "")] + [p.name for p in self.people]
        return any(query in text.casefold() for text in texts)

    @property
    def people(self):
        return self.hosts + self.researchers


@dataclass
class Board:
    round: object
    cards: list
    unseated: list        # names of confirmed researchers and hosts with no seat in this round
    seat_count: int

    def card(self, table_pk):
        return next(c for c in self.cards if c.table.pk == table_pk)


def _rank(choices, theme_name):
    if theme_name is None or theme_name not in choices:
        return None
    rank = list(choices).index(theme_name) + 1
    return rank if rank <= 3 else None


def build_board(data, round_):
    """The round's tables as cards, with match badges and the warnings an organizer should see."""
    registration_by_pk = data.registration_by_pk
    event_host_by_pk = data.event_host_by_pk
    seats = [s for s in data.seats_by_round.get(round_.pk, [])
             if (s.registration_id in registration_by_pk) or (s.event_host_id in event_host_by_pk)]
    elsewhere = defaultdict(dict)   # registration pk -> {round pk: table pk}, other rounds
    for other_round, other_seats in data.seats_by_round.items():
        if other_round == round_.pk:
            continue
        for s in other_seats:
            if s.registration_id:
                elsewhere[s.registration_id][other_round] = s.table_id
    cards, theme_names = {}, {}
    for table in data.tables:
        cards[table.pk] = TableCard(table=table, theme=data.theme_of(round_, table), hosts=[], researchers=[])
        theme_names[table.pk] = adapter.theme_name(cards[table.pk].theme)
    choices = data.company_choices if round_.basis == RoundBasis.COMPANY else data.research_choices
    for seat in seats:
        card = cards[seat.table_id]
        theme_name = theme_names[seat.table_id]
        if seat.registration_id:
            registration = registration_by_pk[seat.registration_id]
            researcher = registration.researcher
            card.researchers.append(PersonCard(
                seat=seat, is_host=False, name=researcher.full_name,
                detail=", ".join(filter(None, [researcher.affiliation, researcher.lab])), email=researcher.email,
                match=_rank(choices.get(registration.pk, ()), theme_name),
                choices=tuple(choices.get(registration.pk, ()))[:3],
            ))
        else:
            host = event_host_by_pk[seat.event_host_id].host
            match = (_rank(data.host_research.get(host.pk, ()), theme_name)
                     if round_.basis == RoundBasis.RESEARCH else None)
            card.hosts.append(PersonCard(
                seat=seat, is_host=True, name=host.full_name,
                detail=", ".join(filter(None, [host.company.name, host.title])), email=host.email, match=match,
            ))
    for card in cards.values():
        _mark_repeats(card, elsewhere)
        _mark_same_lab(card, registration_by_pk)
    seated_researchers = {s.registration_id for s in seats if s.registration_id}
    seated_hosts = {s.event_host_id for s in seats if s.event_host_id}
    unseated = [r.researcher.full_name for r in data.registrations if r.pk not in seated_researchers]
    unseated += [h.host.full_name for h in data.event_hosts if h.pk not in seated_hosts]
    return Board(round=round_, cards=list(cards.values()), unseated=unseated, seat_count=len(seats))


def _mark_repeats(card, elsewhere):
    """Each researcher's table-mates here who sat at one table with them in another round (card order)."""
    people = card.researchers
    sat_there = defaultdict(list)   # (other round pk, table pk) -> indexes of this card's people seated there
    for i, person in enumerate(people):
        for place in elsewhere.get(person.seat.registration_id, {}).items():
            sat_there[place].append(i)
    met = defaultdict(set)
    for together in sat_there.values():
        if len(together) > 1:
            for i in together:
                met[i].update(together)
    for i, others in met.items():
        people[i].repeated_with.extend(people[j].name for j in sorted(others - {i}))


def _mark_same_lab(card, registration_by_pk):
    labs = defaultdict(list)
    for person in card.researchers:
        labs[registration_by_pk[person.seat.registration_id].researcher.lab_key].append(person)
    groups = sorted((lab, people) for lab, people in labs.items() if lab and len(people) > 1)
    card.same_lab = [(lab, [p.name for p in people]) for lab, people in groups]
    for _lab, people in groups:
        for person in people:
            person.same_lab_with = [p.name for p in people if p is not person]
