"""The figures of an event's home page, from a fixed number of aggregate queries.

Each figure is a GROUP BY or a filtered COUNT in the database, so the page answers in the same
number of queries for 100 registrations as for 2,000 (tests/orga/test_event_home.py counts them).
Only the check-in times are read one by one, to bucket them in the event's clock: a few hundred
timestamps at most, as only place holders check in.
"""
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from attendees.enums import PLACE_HOLDING_STATUSES, Position, RegistrationStatus
from attendees.figures import percentage
from attendees.models import CompanyInterest, Registration, ResearchInterest
from events.models import localized_name
from tables.enums import RoundBasis
from tables.models import Round, TableTheme

TOP_AFFILIATIONS = 10
CHECK_IN_STEP = timedelta(minutes=15)
CHECK_IN_LEAD = timedelta(minutes=30)  # guests arrive before the dinner's official start
CHECK_IN_SPAN = timedelta(hours=12)    # a test check-in days earlier must not stretch the evening's chart


@dataclass(frozen=True)
class Demand:
    """One company or research area: who ranked it (place holders) against the tables it got."""

    name: str
    by_rank: tuple                    # place holders who ranked it 1st, 2nd, 3rd ...
    tables: int                       # tables themed with it, over the rounds of its kind
    seats: int                        # researcher seats at those tables

    @property
    def first(self):
        return self.by_rank[0] if self.by_rank else 0

    @property
    def total(self):
        return sum(self.by_rank)


@dataclass(frozen=True)
class HomeFigures:
    counts: dict                      # total, applied, confirmed, waitlisted, declined, cancelled, holding,
    #                                   arrived, returning, no_shows (None before the dinner)
    check_in_rate: int | None
    returning_share: int | None
    per_day: list                     # [(local date, registrations that day, cumulative)]
    companies: list                   # Demand, most first choices first
    areas: list                       # Demand
    positions: list                   # [(label, count)] among place holders
    affiliations: list                # [(affiliation, count)], the largest first
    check_ins: list                   # [(local time, arrived by then, rate %)] every CHECK_IN_STEP
    rounds: list                      # Round, with `researchers_seated` and `hosts_seated`
    ranks: int                        # how many ranked choices the demand tables show


def home_figures(event, *, now=None):
    """Everything the home page counts about `event` (ten queries)."""
    now = now or timezone.now()
    registrations = Registration.objects.filter(event=event)
    holding = Q(status__in=PLACE_HOLDING_STATUSES)
    counts = registrations.aggregate(
        total=Count("pk"),
        **{status.value: Count("pk", filter=Q(status=status)) for status in RegistrationStatus},
        holding=Count("pk", filter=holding),
        arrived=Count("pk", filter=holding & Q(checked_in_at__isnull=False)),
        returning=Count("pk", filter=holding & Q(is_returning=True)),
    )
    started = event.starts_at <= now
    counts["no_shows"] = counts["holding"] - counts["arrived"] if started else None
    ranks = max(event.max_company_choices, event.max_research_choices, 1)
    return HomeFigures(
        counts=counts,
        check_in_rate=percentage(counts["arrived"], counts["holding"]) if started or counts["arrived"] else None,
        returning_share=percentage(counts["returning"], counts["holding"]),
        per_day=_per_day(event, registrations),
        companies=_demand(event, CompanyInterest, "company", RoundBasis.COMPANY, ranks),
        areas=_demand(event, ResearchInterest, "research_area", RoundBasis.RESEARCH, ranks),
        positions=_positions(registrations.filter(holding)),
        affiliations=list(
            registrations.filter(holding).values_list("researcher__affiliation")
            .annotate(count=Count("pk")).order_by("-count", "researcher__affiliation")[:TOP_AFFILIATIONS]
        ),
        check_ins=_check_ins(event, registrations.filter(holding), counts["holding"], now),
        rounds=list(
            Round.objects.filter(event=event).annotate(
                researchers_seated=Count("seats", filter=Q(seats__registration__isnull=False)),
                hosts_seated=Count("seats", filter=Q(seats__event_host__isnull=False)),
            ).order_by("number")
        ),
        ranks=ranks,
    )


def _per_day(event, registrations):
    rows = (registrations.annotate(day=TruncDate("created_at", tzinfo=event.tzinfo))
            .values_list("day").annotate(count=Count("pk")).order_by("day"))
    per_day, total = [], 0
    for day, count in rows:
        total += count
        per_day.append((day, count, total))
    return per_day


def _demand(event, interest_model, subject, basis, ranks):
    """Place holders' ranked choices of each company (or area) beside the tables themed with it."""
    demand = {}
    names = {}
    for pk, name, name_ko, rank, count in (
        interest_model.objects.filter(registration__event=event, registration__status__in=PLACE_HOLDING_STATUSES,
                                      rank__lte=ranks)
        .values_list(f"{subject}_id", f"{subject}__name", f"{subject}__name_ko", "rank").annotate(count=Count("pk"))
    ):
        names[pk] = localized_name(name, name_ko)
        demand.setdefault(pk, [0] * ranks)[rank - 1] += count
    offered = {}
    for pk, name, name_ko, tables, seats in (
        TableTheme.objects.filter(round__event=event, round__basis=basis, **{f"{subject}__isnull": False})
        .values_list(f"{subject}_id", f"{subject}__name", f"{subject}__name_ko")
        .annotate(tables=Count("pk"), seats=Sum("table__capacity"))
    ):
        names[pk] = localized_name(name, name_ko)
        offered[pk] = (tables, seats or 0)
    rows = [
        Demand(name=names[pk], by_rank=tuple(demand.get(pk, [0] * ranks)), tables=offered.get(pk, (0, 0))[0],
               seats=offered.get(pk, (0, 0))[1])
        for pk in names
    ]
    rows.sort(key=lambda d: (-d.first, -d.total, d.name))
    return rows


def _positions(registrations):
    counted = dict(registrations.values_list("researcher__position").annotate(count=Count("pk")).order_by())
    return [(label, counted.get(value, 0)) for value, label in Position.choices if counted.get(value)]


def _check_ins(event, holders, expected, now):
    """Arrivals of place holders by the event's clock, cumulative, every CHECK_IN_STEP of the evening."""
    times = sorted(holders.filter(checked_in_at__isnull=False).values_list("checked_in_at", flat=True))
    if not times:
        return []
    start = min(event.starts_at - CHECK_IN_LEAD, times[0])
    end = max(min(now, event.ends_at), times[-1])
    start = max(start, end - CHECK_IN_SPAN)
    points, arrived, moment = [], 0, start
    while True:
        while arrived < len(times) and times[arrived] <= moment:
            arrived += 1
        points.append((timezone.localtime(moment, event.tzinfo), arrived, percentage(arrived, expected)))
        if moment >= end:
            return points
        moment += CHECK_IN_STEP
