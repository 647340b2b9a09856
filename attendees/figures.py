"""Arrival figures of an event's place holders: for the door page and the event admin."""
from django.db.models import Count, Q

from .enums import PLACE_HOLDING_STATUSES
from .models import Registration


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
