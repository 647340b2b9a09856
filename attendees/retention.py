"""How long personal data is kept after an event (the privacy notice states the same numbers).

RETENTION_DAYS_AFTER_EVENT (365) after the end of a researcher's last event, the researcher is
anonymized (attendees/privacy.py): a researcher who comes back keeps their data until a year after
their latest event. EMAIL_BODY_DAYS_AFTER_EVENT (30) after an event ends, the text of the emails
written for it is blanked (kind, recipient, state and times stay until the person is anonymized),
and its registration requests (the form's copy of the details) and unused invitations are deleted.
Survey answers stay with their registration (the organizers read them against the seating); the
comments, the only free text in them, go when the researcher is anonymized, the ratings stay.

`apply_retention` is idempotent: run daily by the worker's recovery pass (attendees/receivers.py)
or by `manage.py apply_retention` from cron; a second run on the same day finds nothing to do.
"""
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .mail.enums import EmailState
from .models import Invitation, OutboundEmail, Registration, RegistrationRequest, Researcher
from .privacy import anonymize_researcher

FINISHED_EMAIL_STATES = (EmailState.SENT, EmailState.FAILED)


@dataclass
class RetentionReport:
    anonymized: list = field(default_factory=list)  # researcher ids
    email_bodies: int = 0
    requests: int = 0
    invitations: int = 0

    def __bool__(self):
        return bool(self.anonymized or self.email_bodies or self.requests or self.invitations)

    def __str__(self):
        return (f"Retention: {len(self.anonymized)} researcher(s) anonymized, {self.email_bodies} email text(s) "
                f"blanked, {self.requests} registration request(s) and {self.invitations} unused invitation(s) "
                f"deleted.")


def researchers_past_retention(cutoff):
    """Researchers not yet anonymized with no registration for an event that ended after `cutoff`."""
    recent = Registration.objects.filter(researcher=OuterRef("pk"), event__ends_at__gt=cutoff)
    return Researcher.objects.filter(anonymized_at__isnull=True).exclude(Exists(recent))


def apply_retention(*, now=None, days_after_event=None, email_body_days=None):
    """Anonymize researchers and blank old emails as the retention settings say; returns a RetentionReport.

    Each researcher is anonymized in a transaction of their own (a failure leaves the others done);
    the email texts, requests and invitations go in one UPDATE or DELETE each. Emails still waiting
    to be sent are left alone.
    """
    now = now or timezone.now()
    days_after_event = settings.RETENTION_DAYS_AFTER_EVENT if days_after_event is None else days_after_event
    email_body_days = settings.EMAIL_BODY_DAYS_AFTER_EVENT if email_body_days is None else email_body_days
    report = RetentionReport()
    for researcher_id in researchers_past_retention(now - timedelta(days=days_after_event)).values_list(
            "pk", flat=True).order_by("pk"):
        if not anonymize_researcher(researcher_id=researcher_id, now=now).already:
            report.anonymized.append(researcher_id)
    body_cutoff = now - timedelta(days=email_body_days)
    report.email_bodies = OutboundEmail.objects.filter(
        event__ends_at__lt=body_cutoff, state__in=FINISHED_EMAIL_STATES).exclude(
        body_text="", body_html="").update(body_text="", body_html="")
    report.requests = RegistrationRequest.objects.filter(event__ends_at__lt=body_cutoff).delete()[0]
    report.invitations = Invitation.objects.filter(
        event__ends_at__lt=body_cutoff, registration__isnull=True).delete()[1].get(Invitation._meta.label, 0)
    return report
