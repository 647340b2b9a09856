"""Everything the board, the adapter and the exports read about one event's seating, in a fixed number of queries.

`load_event_seating` runs the same nine queries whatever the number of researchers, hosts or tables
(the board's query-count test holds it to that), and returns plain Python structures that
tables.adapter turns into an engine Instance and tables.views into table cards.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, Subquery

from attendees.enums import RegistrationStatus
from attendees.models import (
    CompanyInterest, EventHost, Host, HostExpertise, Registration, Researcher, ResearchInterest,
)

from .models import Round, Seat, Table, TableTheme


@dataclass
class EventSeating:
    event: object
    tables: list                      # Table, by number
    rounds: list                      # Round, by number
    themes: dict                      # (round pk, table pk) -> TableTheme (company / research_area loaded) or ThemeRow
    registrations: list               # confirmed Registration, researcher loaded, by pk
    company_choices: dict             # registration pk -> [company name, ...] by rank
    research_choices: dict            # registration pk -> [research area name, ...] by rank
    event_hosts: list                 # EventHost, host and host.company loaded, or EventHostRow; by pk
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


@dataclass(slots=True)
class SeatRow:
    """A seat as the board reads it: the Seat's columns, without a model instance (4,500 of those
    cost the board more than everything else it does at 2,000 researchers)."""

    pk: int
    round_id: int
    table_id: int
    registration_id: int | None
    event_host_id: int | None
    pinned: bool
    placed_by: str
    version: int


@dataclass(slots=True)
class ResearcherRow:
    """What the board shows of a researcher, read as plain values (names as the model writes them)."""

    first_name: str
    last_name: str
    native_name: str
    email: str
    affiliation: str
    lab: str

    full_name = property(Researcher.full_name.fget)
    lab_key = property(Researcher.lab_key.fget)


@dataclass(slots=True)
class RegistrationRow:
    pk: int
    researcher: ResearcherRow


@dataclass(slots=True)
class NamedRow:
    """A company or research area as the board reads it: its id and name."""

    pk: int
    name: str

    def __str__(self):
        return self.name


@dataclass(slots=True)
class ThemeRow:
    """A TableTheme's columns, its company or research area as a NamedRow."""

    pk: int
    round_id: int
    table_id: int
    company_id: int | None
    research_area_id: int | None
    company: NamedRow | None
    research_area: NamedRow | None

    subject = TableTheme.subject
    __str__ = TableTheme.__str__


@dataclass(slots=True)
class HostRow:
    pk: int
    first_name: str
    last_name: str
    native_name: str
    email: str
    title: str
    company: NamedRow

    full_name = property(Host.full_name.fget)
    __str__ = Host.__str__


@dataclass(slots=True)
class EventHostRow:
    pk: int
    host_id: int
    host: HostRow


def _theme_rows(event):
    named = {}
    rows = {}
    for pk, round_id, table_id, company_id, company, area_id, area in TableTheme.objects.filter(
            round__event=event).values_list("pk", "round_id", "table_id", "company_id", "company__name",
                                            "research_area_id", "research_area__name"):
        company = named.setdefault(("c", company_id), NamedRow(company_id, company)) if company_id else None
        area = named.setdefault(("a", area_id), NamedRow(area_id, area)) if area_id else None
        rows[(round_id, table_id)] = ThemeRow(pk, round_id, table_id, company_id, area_id, company, area)
    return rows


def _event_host_rows(event):
    companies = {}
    return [
        EventHostRow(pk, host_id, HostRow(host_id, first, last, native, email, title,
                                          companies.setdefault(company_id, NamedRow(company_id, company))))
        for pk, host_id, first, last, native, email, title, company_id, company in (
            EventHost.objects.filter(event=event).order_by("pk").values_list(
                "pk", "host_id", "host__first_name", "host__last_name", "host__native_name", "host__email",
                "host__title", "host__company_id", "host__company__name"))
    ]


SEAT_ROW_FIELDS = ("pk", "round_id", "table_id", "registration_id", "event_host_id", "pinned", "placed_by", "version")


def load_event_seating(event, *, seat_rows=False):
    """Read the event's tables, rounds, themes, confirmed researchers, hosts and seats (nine queries).

    Seats are Seat instances, registrations Registration instances, themes TableTheme and hosts
    EventHost instances, or with `seat_rows` SeatRow, RegistrationRow, ThemeRow and EventHostRow (for
    reading only: the board and its figures; at 250 tables the instances cost a quarter of the load).
    """
    tables = list(Table.objects.filter(event=event).order_by("number"))
    rounds = list(Round.objects.filter(event=event).order_by("number"))
    if seat_rows:
        themes = _theme_rows(event)
    else:
        themes = {
            (t.round_id, t.table_id): t
            for t in TableTheme.objects.filter(round__event=event).select_related("company", "research_area")
        }
    registrations = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).order_by("pk")
    if seat_rows:  # the board reads names, addresses and labs: plain rows, not 4,000 model instances
        columns = ("first_name", "last_name", "native_name", "email", "affiliation", "lab")
        registrations = [RegistrationRow(pk, ResearcherRow(*researcher)) for pk, *researcher
                         in registrations.values_list("pk", *(f"researcher__{name}" for name in columns))]
    else:
        registrations = list(registrations.select_related("researcher"))
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
    if seat_rows:
        event_hosts = _event_host_rows(event)
    else:
        event_hosts = list(EventHost.objects.filter(event=event).select_related("host__company").order_by("pk"))
    host_research = defaultdict(list)
    for host_id, area_id in (
        HostExpertise.objects.filter(host__participations__event=event)
        .order_by("host_id", "rank").values_list("host_id", "research_area__name")
    ):
        host_research[host_id].append(area_id)
    # People come from the lists above (by pk), not from a join per seat: at 2,000 researchers the
    # join built 20,000 model instances, most of the board's time.
    # Sorted here, by numbers already read, instead of joining rounds and tables to sort in SQL.
    seats = Seat.objects.filter(round_id__in=[r.pk for r in rounds]).order_by()  # not Seat's joined ordering
    seats = [SeatRow(*row) for row in seats.values_list(*SEAT_ROW_FIELDS)] if seat_rows else list(seats)
    round_number = {r.pk: r.number for r in rounds}
    table_number = {t.pk: t.number for t in tables}
    seats.sort(key=lambda s: (round_number[s.round_id], table_number[s.table_id], s.event_host_id is None,
                              s.event_host_id or 0, s.pk))
    return EventSeating(
        event=event, tables=tables, rounds=rounds, themes=themes, registrations=registrations,
        company_choices=dict(company_choices), research_choices=dict(research_choices),
        event_hosts=event_hosts, host_research=dict(host_research), seats=seats,
    )



def load_round_tables(round_, table_ids):
    """What the board redraws and rescores after a change at `table_ids` of `round_`, in nine queries.

    An EventSeating holding only: those tables with their themes and seats in `round_`; their
    researchers' choices and hosts' expertise; and, for "met before", every seat in the other rounds
    at a table where one of those researchers sits (confirmed researchers only, as everywhere).
    """
    event = round_.event
    table_ids = set(table_ids)
    tables = list(Table.objects.filter(event=event, pk__in=table_ids).order_by("number"))
    rounds = list(Round.objects.filter(event=event).order_by("number"))
    themes = {
        (t.round_id, t.table_id): t
        for t in TableTheme.objects.filter(round=round_, table_id__in=table_ids).select_related("company",
                                                                                               "research_area")
    }
    here = list(
        Seat.objects.filter(round=round_, table_id__in=table_ids)
        .filter(Q(registration__status=RegistrationStatus.CONFIRMED) | Q(event_host__isnull=False))
        .select_related("registration__researcher", "event_host__host__company")
        .order_by("table__number", "event_host_id", "pk")
    )
    researchers = {s.registration_id for s in here if s.registration_id}
    # The tables these researchers sit at in the other rounds, with whoever sits there.
    elsewhere = list(
        Seat.objects.filter(round__event=event, registration__status=RegistrationStatus.CONFIRMED)
        .exclude(round=round_)
        .filter(table_id__in=Subquery(Seat.objects.filter(round__event=event, registration_id__in=researchers)
                                      .exclude(round=round_).values("table_id")))
        .select_related("registration__researcher")
    )
    theirs = {(s.round_id, s.table_id) for s in elsewhere if s.registration_id in researchers}
    elsewhere = [s for s in elsewhere if (s.round_id, s.table_id) in theirs]
    registrations = {s.registration_id: s.registration for s in here + elsewhere if s.registration_id}
    company_choices, research_choices = defaultdict(list), defaultdict(list)
    for registration_id, name in (CompanyInterest.objects.filter(registration_id__in=researchers)
                                  .order_by("registration_id", "rank").values_list("registration_id", "company__name")):
        company_choices[registration_id].append(name)
    for registration_id, name in (ResearchInterest.objects.filter(registration_id__in=researchers)
                                  .order_by("registration_id", "rank")
                                  .values_list("registration_id", "research_area__name")):
        research_choices[registration_id].append(name)
    event_hosts = {s.event_host_id: s.event_host for s in here if s.event_host_id}
    host_research = defaultdict(list)
    for host_id, name in (HostExpertise.objects.filter(host_id__in={h.host_id for h in event_hosts.values()})
                          .order_by("host_id", "rank").values_list("host_id", "research_area__name")):
        host_research[host_id].append(name)
    return EventSeating(
        event=event, tables=tables, rounds=rounds, themes=themes,
        registrations=[registrations[pk] for pk in sorted(registrations)],
        company_choices=dict(company_choices), research_choices=dict(research_choices),
        event_hosts=[event_hosts[pk] for pk in sorted(event_hosts)], host_research=dict(host_research),
        seats=here + elsewhere,
    )


def load_round_people(round_):
    """The round's tables, themes and seated people, without choices or other rounds (five queries):
    enough for menus of tables and people, not for match badges or figures."""
    event = round_.event
    seats = list(
        Seat.objects.filter(round=round_)
        .filter(Q(registration__status=RegistrationStatus.CONFIRMED) | Q(event_host__isnull=False))
        .select_related("registration__researcher", "event_host__host__company")
        .order_by("table__number", "event_host_id", "pk")
    )
    return EventSeating(
        event=event, tables=list(Table.objects.filter(event=event).order_by("number")),
        rounds=list(Round.objects.filter(event=event).order_by("number")),
        themes={(t.round_id, t.table_id): t for t in TableTheme.objects.filter(round=round_)
                .select_related("company", "research_area")},
        registrations=[s.registration for s in seats if s.registration_id],
        company_choices={}, research_choices={},
        event_hosts=[s.event_host for s in seats if s.event_host_id], host_research={}, seats=seats,
    )
