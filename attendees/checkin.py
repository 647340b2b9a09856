"""Checking guests in at the door: researchers (by registration) and company hosts.

Every function takes ids, never a request, and does its work in one transaction with the row
locked, so two staff phones scanning the same QR code at the same moment record one arrival.
"""
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import PLACE_HOLDING_STATUSES
from .models import EventHost, Registration


class CheckInError(Exception):
    """A check-in (or its undoing) that cannot happen; the message is meant for the staff member."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckInOutcome:
    checked_in_at: datetime
    already: bool  # True when the guest had arrived before: nothing was changed


def check_in(*, registration_id, now=None):
    """Record that the researcher of `registration_id` has arrived.

    In one transaction, with the registration row locked: refuses (CheckInError) a registration
    that holds no place (waitlisted, declined, cancelled); sets `checked_in_at` to `now` the first
    time only. A second check-in changes nothing and reports the first arrival time
    (`already=True`). Raises Registration.DoesNotExist for an unknown id.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        if registration.status not in PLACE_HOLDING_STATUSES:
            raise CheckInError(
                _("This registration is %(status)s: only confirmed guests can check in.")
                % {"status": registration.get_status_display().lower()}
            )
        if registration.checked_in_at is not None:
            return CheckInOutcome(checked_in_at=registration.checked_in_at, already=True)
        registration.checked_in_at = now
        registration.save(update_fields=["checked_in_at", "updated_at"])
        return CheckInOutcome(checked_in_at=now, already=False)


def undo_check_in(*, registration_id):
    """Forget a mistaken check-in of `registration_id`.

    In one transaction, with the registration row locked: clears `checked_in_at` and returns the
    arrival time that was removed. Raises CheckInError when the guest was not checked in.
    """
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        if registration.checked_in_at is None:
            raise CheckInError(_("This guest was not checked in."))
        arrived_at = registration.checked_in_at
        registration.checked_in_at = None
        registration.save(update_fields=["checked_in_at", "updated_at"])
        return arrived_at


def check_in_host(*, event_host_id, now=None):
    """Record that a company host has arrived; the same rules as `check_in`, without statuses.

    In one transaction, with the event-host row locked: sets `checked_in_at` the first time only.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event_host = EventHost.objects.select_for_update().get(pk=event_host_id)
        if event_host.checked_in_at is not None:
            return CheckInOutcome(checked_in_at=event_host.checked_in_at, already=True)
        event_host.checked_in_at = now
        event_host.save(update_fields=["checked_in_at"])
        return CheckInOutcome(checked_in_at=now, already=False)


def undo_host_check_in(*, event_host_id):
    """Forget a mistaken host check-in; raises CheckInError when the host was not checked in."""
    with transaction.atomic():
        event_host = EventHost.objects.select_for_update().get(pk=event_host_id)
        if event_host.checked_in_at is None:
            raise CheckInError(_("This host was not checked in."))
        arrived_at = event_host.checked_in_at
        event_host.checked_in_at = None
        event_host.save(update_fields=["checked_in_at"])
        return arrived_at


# Reading, for the door page and the admin figures.

def seats_with_theme():
    """Seats with their round and table, and the table's theme in that round as `theme_name`/`theme_name_ko`."""
    from tables.models import Seat, TableTheme  # tables depends on attendees, not the other way round

    theme = TableTheme.objects.filter(round=OuterRef("round_id"), table=OuterRef("table_id"))
    return (
        Seat.objects.select_related("round", "table")
        .annotate(
            theme_name=Subquery(theme.values(name=Coalesce("company__name", "research_area__name"))[:1]),
            theme_name_ko=Subquery(theme.values(name=Coalesce(
                NullIf("company__name_ko", Value("")), NullIf("research_area__name_ko", Value(""))))[:1]),
        )
        .order_by("round__number")
    )


def _matching_every_word(queryset, query, fields):
    """Rows where each word of `query` is found in at least one of `fields` (case-insensitive)."""
    for word in query.split():
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(any_field)
    return queryset


def search_guests(*, event, query, limit=30):
    """The event's registrations (any status) whose researcher matches every word of `query`.

    A word matches the first, last or native name (Hangul too: "서연" finds 박서연), the email or
    the affiliation. Each registration comes with its researcher and its seats (`seats_with_theme`).
    """
    registrations = _matching_every_word(
        Registration.objects.filter(event=event), query,
        ["researcher__first_name", "researcher__last_name", "researcher__native_name", "researcher__email",
         "researcher__affiliation"],
    )
    return list(
        registrations.select_related("researcher")
        .prefetch_related(Prefetch("seats", queryset=seats_with_theme()))
        .order_by("researcher__last_name", "researcher__first_name", "pk")[:limit]
    )


def search_hosts(*, event, query, limit=10):
    """The event's hosts matching every word of `query` (name, native name, email or company)."""
    event_hosts = _matching_every_word(
        EventHost.objects.filter(event=event), query,
        ["host__first_name", "host__last_name", "host__native_name", "host__email", "host__company__name"],
    )
    return list(
        event_hosts.select_related("host__company")
        .prefetch_related(Prefetch("seats", queryset=seats_with_theme()))
        .order_by("host__last_name", "host__first_name", "pk")[:limit]
    )


def arrival_annotations(prefix="registrations__"):
    """Aggregates over an event's place-holding registrations (confirmed, or applied if any are left).

    `expected` holders, `arrived` among them, `returning` among them. Used by the door page
    (on Registration, prefix="") and the event admin (on Event, one query for the whole list).
    """
    holding = Q(**{f"{prefix}status__in": PLACE_HOLDING_STATUSES})
    return {
        "expected": Count(f"{prefix}pk", filter=holding),
        "arrived": Count(f"{prefix}pk", filter=holding & Q(**{f"{prefix}checked_in_at__isnull": False})),
        "returning": Count(f"{prefix}pk", filter=holding & Q(**{f"{prefix}is_returning": True})),
    }


def arrival_counts(*, event):
    """{'expected', 'arrived', 'returning', 'rate'} for one event; `rate` is a percentage or None."""
    counts = Registration.objects.filter(event=event).aggregate(**arrival_annotations(prefix=""))
    counts["rate"] = percentage(counts["arrived"], counts["expected"])
    return counts


def percentage(part, whole):
    return round(100 * part / whole) if whole else None
