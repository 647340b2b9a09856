"""The emails that carry a researcher's published tables."""
from django.db import transaction
from django.utils import timezone, translation

from attendees.enums import PLACE_HOLDING_STATUSES
from attendees.mail.enums import EmailKind
from attendees.mail.queue import queue_registration_email, queue_registration_emails
from attendees.models import Registration
from tables.published import published_seating, published_seating_by_registration


def queue_seating_email(*, registration, now=None):
    """Write the "your tables" email for one registration (all its published tables), sent after commit."""
    with translation.override(registration.language):  # theme and company names in their language
        seating = published_seating(registration)
    return queue_registration_email(registration=registration, kind=EmailKind.SEATING, seating=seating, now=now)


def queue_seating_emails(*, round, now=None):
    """Email every researcher seated in `round` (a just-published round) all their published tables.

    One transaction, one INSERT: every message is written or none is. Researchers who no longer hold
    a place are skipped. Returns the OutboundEmail rows.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registrations = list(
            Registration.objects.filter(seats__round=round, status__in=PLACE_HOLDING_STATUSES)
            .select_related("researcher", "event").distinct().order_by("pk")
        )
        seating = {}
        for language in sorted({r.language for r in registrations}):
            with translation.override(language):  # theme and company names in each researcher's language
                seating.update(published_seating_by_registration(
                    event_id=round.event_id, registration_ids=[r.pk for r in registrations if r.language == language],
                ))
        emails = queue_registration_emails(
            emails=[(registration, EmailKind.SEATING) for registration in registrations], seating=seating, now=now,
        )
    return emails
