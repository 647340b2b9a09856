"""The funnel to hires: per event, per company and across events, from a few grouped counts.

A funnel row counts follow-ups by their current stage. "Reached" a stage means being at it or
past it on the way to a hire (met → contacted → interviewing → offer → hired); a follow-up marked
"not pursued" is counted on its own, as where it stopped is not kept. An event's hired share is
hires among the researchers who came (checked in at the door); a company's is hires among the
researchers it followed up.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from attendees.figures import percentage
from attendees.models import Registration
from events.models import localized_name

from .enums import FUNNEL, Stage
from .models import FollowUp


@dataclass
class Funnel:
    name: str
    came: int | None = None  # researchers who checked in (events only)
    counts: dict = field(default_factory=dict)  # stage value → follow-ups at that stage now
    pk: int | None = None

    def count(self, stage):
        return self.counts.get(stage, 0)

    @property
    def followed(self):
        return sum(self.counts.values())

    @property
    def hired(self):
        return self.count(Stage.HIRED)

    @property
    def not_pursued(self):
        return self.count(Stage.NOT_PURSUED)

    @property
    def reached(self):
        """[(stage, follow-ups at it now, follow-ups at it or past it)] along the funnel."""
        return [(stage, self.count(stage), sum(self.count(later) for later in FUNNEL[i:]))
                for i, stage in enumerate(FUNNEL)]

    @property
    def now(self):
        """Follow-ups at each stage of the funnel now, in its order."""
        return [self.count(stage) for stage in FUNNEL]

    @property
    def base(self):
        return self.came if self.came is not None else self.followed

    @property
    def hired_share(self):
        """Hires among the researchers who came (an event) or who were followed up (a company), in %."""
        return percentage(self.hired, self.base)


def _stage_counts(queryset, *keys):
    """{(key values…): {stage: count}} in one grouped query."""
    grouped = defaultdict(dict)
    for row in queryset.values(*keys, "stage").annotate(n=Count("pk")).order_by():
        grouped[tuple(row[key] for key in keys)][row["stage"]] = row["n"]
    return grouped


def event_funnel(event):
    """The funnel of one event: two queries."""
    counts = _stage_counts(FollowUp.objects.filter(registration__event=event))
    came = Registration.objects.filter(event=event, checked_in_at__isnull=False).count()
    return Funnel(name=event.display_name, came=came, counts=counts.get((), {}), pk=event.pk)


def company_funnels(event):
    """One funnel per company that follows up researchers of `event` (by name), then the follow-ups
    without a company: one query."""
    grouped = _stage_counts(FollowUp.objects.filter(registration__event=event), "company_id", "company__name",
                            "company__name_ko")
    rows = [Funnel(name=localized_name(name, name_ko) if company_id else None, counts=counts, pk=company_id)
            for (company_id, name, name_ko), counts in grouped.items()]
    return sorted(rows, key=lambda row: (row.pk is None, row.name or ""))


def events_funnels(events):
    """One funnel per event of `events` (a queryset), the latest first: two queries whatever their number."""
    events = list(events.order_by("-starts_at"))
    ids = [event.pk for event in events]
    counts = _stage_counts(FollowUp.objects.filter(registration__event_id__in=ids), "registration__event_id")
    came = dict(Registration.objects.filter(event_id__in=ids).values_list("event_id")
                .annotate(n=Count("pk", filter=Q(checked_in_at__isnull=False))).order_by())
    return [Funnel(name=event.display_name, came=came.get(event.pk, 0), counts=counts.get((event.pk,), {}),
                   pk=event.pk) for event in events]


def earlier_follow_ups(registrations):
    """{researcher id: [their follow-ups at earlier events, latest first]} for `registrations` (one query).

    Only the stage, company and event come along, never the notes: those belong to the earlier event.
    """
    registrations = list(registrations)
    if not registrations:
        return {}
    starts = {r.researcher_id: r.event.starts_at for r in registrations}
    earlier = defaultdict(list)
    found = (FollowUp.objects.filter(registration__researcher_id__in=starts)
             .select_related("registration__event", "company").order_by("-registration__event__starts_at"))
    for follow_up in found:
        researcher_id = follow_up.registration.researcher_id
        if follow_up.registration.event.starts_at < starts[researcher_id]:
            earlier[researcher_id].append(follow_up)
    return dict(earlier)
