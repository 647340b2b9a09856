"""Everything the board, the adapter and the exports read about one event's seating, in a fixed number of queries.

`load_event_seating` runs the same nine queries whatever the number of researchers, hosts or tables
(the board's query-count test holds it to that), and returns plain Python structures that
tables.adapter turns into an engine Instance and tables.views into table cards.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from attendees.enums import RegistrationStatus
from attendees.models import CompanyInterest, EventHost, HostExpertise, Registration, ResearchInterest

from .models import Round, Seat, Table, TableTheme


@dataclass
class EventSeating:
    event: object
    tables: list                      # Table, by number
    rounds: list                      # Round, by number
    themes: dict                      # (round pk, table pk) -> TableTheme (company / research_area loaded)
    registrations: list               # confirmed Registration, researcher loaded, by pk
    company_choices: dict             # registration pk -> [company name, ...] by rank
    research_choices: dict            # registration pk -> [research area name, ...] by rank
    event_hosts: list                 # EventHost, host and host.company loaded, by pk
    host_research: dict               # host pk -> [research area name, ...] by rank
    seats: list                       # every Seat of the event, all rounds
    seats_by_round: dict = field(default_factory=dict)  # round pk -> [Seat]

    def __post_init__(self):
        by_round = defaultdict(list)
        for seat in self.seats:
            by_round[seat.round_id].append(seat)
        self.seats_by_round = dict(by_round)
        self.registration_by_pk = {r.pk: r for r in self.registrations}
        self.event_host_by_pk = {h.pk: h for h in self.event_hosts}
        self.table_by_pk = {t.pk: t for t in self.tables}

    def theme_of(self, round_, table):
        return self.themes.get((round_.pk, table.pk))


def load_event_seating(event):
    """Read the event's tables, rounds, themes, confirmed researchers, hosts and seats (nine queries)."""
    tables = list(Table.objects.filter(event=event).order_by("number"))
    rounds = list(Round.objects.filter(event=event).order_by("number"))
    themes = {
        (t.round_id, t.table_id): t
        for t in TableTheme.objects.filter(round__event=event).select_related("company", "research_area")
    }
    registrations = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("researcher").order_by("pk")
    )
    company_choices = defaultdict(list)
    for registration_id, company_id in (
        CompanyInterest.objects.filter(registration__event=event, registration__status=RegistrationStatus.CONFIRMED)
        .order_by("registration_id", "rank").values_list("registration_id", "company__name")
    ):
        company_choices[registration_id].append(company_id)
    research_choices = defaultdict(list)
    for registration_id, area_id in (
        ResearchInterest.objects.filter(registration__event=event, registration__status=RegistrationStatus.CONFIRMED)
        .order_by("registration_id", "rank").values_list("registration_id", "research_area__name")
    ):
        research_choices[registration_id].append(area_id)
    event_hosts = list(EventHost.objects.filter(event=event).select_related("host__company").order_by("pk"))
    host_research = defaultdict(list)
    for host_id, area_id in (
        HostExpertise.objects.filter(host__participations__event=event)
        .order_by("host_id", "rank").values_list("host_id", "research_area__name")
    ):
        host_research[host_id].append(area_id)
    seats = list(
        Seat.objects.filter(round__event=event)
        .select_related("registration__researcher", "event_host__host__company")
        .order_by("round__number", "table__number", "event_host_id", "pk")
    )
    return EventSeating(
        event=event, tables=tables, rounds=rounds, themes=themes, registrations=registrations,
        company_choices=dict(company_choices), research_choices=dict(research_choices),
        event_hosts=event_hosts, host_research=dict(host_research), seats=seats,
    )

