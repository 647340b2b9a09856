"""The emails that carry a researcher's published tables."""
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from attendees.mail.enums import EmailKind
from attendees.mail.queue import queue_registration_email, queue_registration_emails
from tables.models import Round
from tables.services import publish_recipients

# A published round whose emails are still not stored this long after publishing lost its task.
ANNOUNCE_WITHIN = timedelta(minutes=1)


def queue_seating_email(*, registration, now=None):
    """Store the "your tables" email for one registration (all its published tables), written after commit."""
    return queue_registration_email(registration=registration, kind=EmailKind.SEATING, now=now)


def queue_seating_emails(*, round, now=None):
    """Email the researchers `round` (a just-published round) tells something new all their published tables.

    Who: tables.services.publish_recipients (everyone seated the first time, afterwards those whose
    table changed), the same list the publish confirmation announced; the tables they are told are
    remembered on the round for the next publication. Once per publication: with the round locked,
    only a round still published and not yet announced gets its emails, and `announced_at` is set
    with them, so the task and the recovery pass never both do it. One transaction, one INSERT of
    light rows (written after the commit): every message is stored or none is. Returns the
    OutboundEmail rows.
    """
    now = now or timezone.now()
    with transaction.atomic():
        round = Round.objects.select_for_update().filter(
            pk=round.pk, published_at__isnull=False, announced_at__isnull=True).first()
        if round is None:  # taken back, or announced already
            return []
        recipients = publish_recipients(round=round)
        emails = queue_registration_emails(
            emails=[(registration, EmailKind.SEATING) for registration in recipients.registrations], now=now)
        round.announced_at, round.announced_seating = now, recipients.seating
        round.save(update_fields=["announced_at", "announced_seating"])
    return emails


def announce_forgotten_rounds(*, now=None):
    """Store the emails of rounds published over ANNOUNCE_WITHIN ago whose task was lost. Returns their ids."""
    now = now or timezone.now()
    owed = list(Round.objects.filter(published_at__lte=now - ANNOUNCE_WITHIN, announced_at__isnull=True)
                .order_by("pk"))
    for round in owed:
        queue_seating_emails(round=round, now=now)  # a no-op for a round another process announced meanwhile
    return [round.pk for round in owed]
