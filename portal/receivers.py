"""Signal receivers, connected in PortalConfig.ready()."""
from django.dispatch import receiver

from attendees.signals import published_tables_wanted
from tables.published import published_seating_by_registration
from tables.signals import round_published
from worker.signals import recovery_pass


@receiver(round_published, dispatch_uid="portal.email_published_seating")
def email_published_seating(sender, round, **kwargs):
    """A round's seating went public (sent after the commit): a background task tells each seated researcher
    their tables (all published rounds), so the organizer's request does not wait on hundreds of emails."""
    from .tasks import email_published_round

    email_published_round.enqueue(round.pk)


@receiver(published_tables_wanted, dispatch_uid="portal.published_tables_for_emails")
def published_tables_for_emails(sender, event_id, registration_ids, **kwargs):
    """The email writer asks for the tables the "your tables" emails list."""
    return published_seating_by_registration(event_id=event_id, registration_ids=registration_ids)


@receiver(recovery_pass, dispatch_uid="portal.announce_forgotten_rounds")
def announce_forgotten_rounds(sender, now, **kwargs):
    """The worker's recovery pass: a published round whose email task was lost still gets its emails."""
    from .mail import announce_forgotten_rounds as announce

    rounds = announce(now=now)
    return f"published rounds: {len(rounds)} whose emails were never stored, stored now {rounds}" if rounds else ""
