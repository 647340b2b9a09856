"""What a table's hosts hold in their hands for one round (issue 12's table cards): who sits at the table,
with affiliation and position, what the table has in common, and two conversation openers from it.

Read by the print view and the table cards PDF. Built from one tables.queries.EventSeating plus two
queries for the areas' and companies' own records (their Korean names, the areas' slugs), so a card
costs the same for 4 tables or 250. Names of areas and companies are shown in the active language,
so build and render the cards under the same translation.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass

from events.models import Company, ResearchArea

from .openers import openers

SHOWN_AREAS = 4
SHOWN_COMPANIES = 3


@dataclass
class Guest:
    name: str
    affiliation: str     # a researcher's affiliation and lab, a host's company
    position: str        # a researcher's position, a host's title


@dataclass
class Shared:
    subject: object      # ResearchArea or Company: the template shows its display_name
    people: int          # how many at the table named it (ranked interests, hosts' expertise)


@dataclass
class HostCard:
    table: object
    theme: object        # the round's TableTheme of the table, or None
    hosts: list          # Guest
    researchers: list    # Guest
    areas: list          # Shared, the most shared first
    companies: list      # Shared
    openers: list        # two questions, in the active language

    @property
    def theme_subject(self):
        if self.theme is None:
            return None
        return self.theme.company if self.theme.company_id else self.theme.research_area


def _count(names_per_person):
    """How many people named each subject, for subjects named by two or more (ties by name)."""
    counts = Counter(name for names in names_per_person for name in set(names))
    return sorted(((name, n) for name, n in counts.items() if n >= 2), key=lambda item: (-item[1], item[0]))


def host_cards(data, round_):
    """One HostCard per table of `round_` (in table order), from `data` (tables.queries.load_event_seating)."""
    seats = defaultdict(list)
    for seat in data.seats_by_round.get(round_.pk, []):
        seats[seat.table_id].append(seat)
    per_table = {}
    for table in data.tables:
        registrations = [data.registration_by_pk[s.registration_id] for s in seats[table.pk]
                         if s.registration_id in data.registration_by_pk]
        event_hosts = [data.event_host_by_pk[s.event_host_id] for s in seats[table.pk]
                       if s.event_host_id in data.event_host_by_pk]
        areas = _count([data.research_choices.get(r.pk, ()) for r in registrations]
                       + [data.host_research.get(h.host_id, ()) for h in event_hosts])
        companies = _count([data.company_choices.get(r.pk, ()) for r in registrations])
        per_table[table.pk] = (registrations, event_hosts, areas[:SHOWN_AREAS], companies[:SHOWN_COMPANIES])
    area_by_name = _by_name(ResearchArea, {name for *_, areas, _c in per_table.values() for name, _n in areas})
    company_by_name = _by_name(Company, {name for *_, companies in per_table.values() for name, _n in companies})
    cards = []
    for table in data.tables:
        registrations, event_hosts, areas, companies = per_table[table.pk]
        shared_areas = [Shared(area_by_name[name], n) for name, n in areas if name in area_by_name]
        cards.append(HostCard(
            table=table, theme=data.theme_of(round_, table),
            hosts=sorted((_host(h.host) for h in event_hosts), key=lambda g: g.name),
            researchers=sorted((_researcher(r.researcher) for r in registrations), key=lambda g: g.name),
            areas=shared_areas,
            companies=[Shared(company_by_name[name], n) for name, n in companies if name in company_by_name],
            openers=openers(_opener_areas(shared_areas, data.theme_of(round_, table)), turn=table.number),
        ))
    return cards


def _opener_areas(shared_areas, theme):
    """The areas to ask about: the shared ones; at a research table nobody else shares, its theme."""
    areas = [shared.subject for shared in shared_areas]
    if not areas and theme is not None and theme.research_area_id:
        areas = [theme.research_area]
    return areas


def _by_name(model, names):
    return {obj.name: obj for obj in model.objects.filter(name__in=names)} if names else {}


def _researcher(researcher):
    return Guest(name=researcher.full_name,
                 affiliation=", ".join(filter(None, [researcher.affiliation, researcher.lab])),
                 position=researcher.get_position_display())


def _host(host):
    return Guest(name=host.full_name, affiliation=host.company.display_name, position=host.title)
