"""Table themes: how many tables each company or research area gets in a round, and applying that.

Raises SeatingError with a message for the organizer when it refuses; nothing is written then.
"""
import math
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from attendees.enums import RegistrationStatus
from attendees.models import CompanyInterest, EventHost, ResearchInterest
from events.models import Company

from .. import seating
from ..enums import RoundBasis
from ..exceptions import SeatingError
from ..models import Round, SeatingSettings, Table, TableTheme


@dataclass(frozen=True)
class ThemeShare:
    subject: object            # Company or ResearchArea
    tables: int
    demand: int                # choice points of the confirmed researchers (1st 3, 2nd 2, 3rd 1 by default)
    hosts: int | None = None   # company rounds: the company's hosts at this event


@dataclass(frozen=True)
class ThemeProposal:
    round: Round
    shares: tuple              # ThemeShare, most tables first; only subjects that get a table

    @property
    def table_count(self):
        return sum(s.tables for s in self.shares)


def suggest_themes(*, round):
    """Propose how many tables each company (company round) or research area gets in `round`.

    Demand is what the confirmed researchers ranked, weighted by the event's choice points. In a
    company round the hosts decide too: a company with k hosts fills at most k // host_min tables
    and needs ceil(k / host_max) (so at least one) when it has hosts; companies without hosts get
    no table while tables need hosts. Tables are shared by largest remainder. Reads only; raises
    SeatingError when the hosts cannot fill the tables.
    """
    event = round.event
    settings = SeatingSettings.for_event(event)
    table_count = Table.objects.filter(event=event).count()
    points = (settings.first_choice_points, settings.second_choice_points, settings.third_choice_points)
    confirmed = {"registration__event": event, "registration__status": RegistrationStatus.CONFIRMED, "rank__lte": 3}
    if round.basis == RoundBasis.COMPANY:
        interests = CompanyInterest.objects.filter(**confirmed).values_list("company_id", "rank")
        host_counts = Counter(EventHost.objects.filter(event=event).values_list("host__company_id", flat=True))
        subjects = {c.pk: c for c in Company.objects.filter(pk__in=set(event.companies.values_list("pk", flat=True))
                                                            | set(host_counts))}
    else:
        interests = ResearchInterest.objects.filter(**confirmed).values_list("research_area_id", "rank")
        host_counts = None
        subjects = {a.pk: a for a in event.research_areas.all()}
    demand = Counter()
    # Counted by the database: a row per subject and rank, not one per researcher's choice.
    for subject_id, rank, choices in interests.order_by().annotate(choices=Count("pk")):
        if subject_id in subjects:
            demand[subject_id] += points[rank - 1] * choices
    order = sorted(subjects, key=lambda pk: (-demand[pk], subjects[pk].name))
    if not order or not table_count:
        raise SeatingError(_("Add tables and the companies or research areas researchers choose from first."))
    minimum, cap = {}, {}
    if host_counts is not None and host_counts and settings.host_seats_min > 0:
        minimum, cap = _host_limits(subjects, host_counts, settings, table_count)
    counts = _share_tables(table_count, {pk: demand[pk] for pk in order}, minimum, cap)
    shares = sorted(
        (ThemeShare(subject=subjects[pk], tables=n, demand=demand[pk],
                    hosts=host_counts.get(pk, 0) if host_counts is not None else None)
         for pk, n in counts.items() if n > 0),
        key=lambda s: (-s.tables, -s.demand, s.subject.name),
    )
    return ThemeProposal(round=round, shares=tuple(shares))


def _host_limits(subjects, host_counts, settings, table_count):
    hmin, hmax = settings.host_seats_min, settings.host_seats_max
    minimum, cap = {}, {}
    for pk, subject in subjects.items():
        k = host_counts.get(pk, 0)
        minimum[pk] = math.ceil(k / hmax) if k else 0
        cap[pk] = k // hmin
        if minimum[pk] > cap[pk]:
            raise SeatingError(
                _("%(company)s brings %(hosts)d host(s) but every table needs %(min)d to %(max)d hosts: "
                  "add hosts of %(company)s or remove them from the event.")
                % {"company": subject.name, "hosts": k, "min": hmin, "max": hmax}
            )
    if sum(minimum.values()) > table_count:
        raise SeatingError(
            _("The hosts need at least %(need)d tables (at most %(max)d hosts each) but there are %(tables)d: "
              "add tables or raise the host maximum.")
            % {"need": sum(minimum.values()), "max": hmax, "tables": table_count}
        )
    if sum(cap.values()) < table_count:
        raise SeatingError(
            _("The hosts can fill only %(fill)d of the %(tables)d tables (at least %(min)d hosts each): "
              "add hosts, remove tables or lower the host minimum.")
            % {"fill": sum(cap.values()), "tables": table_count, "min": hmin}
        )
    return minimum, cap


def _share_tables(table_count, demand, minimum, cap):
    """Largest remainder with minimums (the engine's) and maximums (ours: fix the capped, share the rest)."""
    fixed = {}
    while True:
        free = [pk for pk in demand if pk not in fixed]
        left = table_count - sum(fixed.values())
        try:
            suggestion = seating.suggest_table_themes(
                table_count=left, demand={str(pk): demand[pk] for pk in free},
                minimum={str(pk): minimum[pk] for pk in free if minimum.get(pk)},
            )
        except seating.SeatingError as exc:  # our own checks come first; this is a safety net
            raise SeatingError(str(exc)) from exc
        over = [pk for pk in free if pk in cap and suggestion[str(pk)] > cap[pk]]
        if not over:
            return {**fixed, **{pk: suggestion[str(pk)] for pk in free}}
        for pk in over:
            fixed[pk] = cap[pk]


def apply_themes(*, round, proposal):
    """Theme the tables of `round` as `proposal` says: in table-number order, the biggest share first.

    In one transaction with the round locked: replaces every TableTheme of the round. Seats stay
    where they are (generate again to seat people by the new themes). Refused for a published
    round or when the tables changed since the proposal was made. Returns the new themes.
    """
    with transaction.atomic():
        round = Round.objects.select_for_update().select_related("event").get(pk=round.pk)
        if round.published_at is not None:
            raise SeatingError(_("This round is published: unpublish it before changing its themes."))
        tables = list(Table.objects.filter(event=round.event).order_by("number"))
        if len(tables) != proposal.table_count:
            raise SeatingError(_("The tables changed since the themes were suggested; suggest them again."))
        subjects = [share.subject for share in proposal.shares for _n in range(share.tables)]
        TableTheme.objects.filter(round=round).delete()
        company_round = round.basis == RoundBasis.COMPANY
        return TableTheme.objects.bulk_create(
            TableTheme(round=round, table=table, company=subject if company_round else None,
                       research_area=None if company_round else subject)
            for table, subject in zip(tables, subjects, strict=True)
        )
