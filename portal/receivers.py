"""Signal receivers, connected in PortalConfig.ready()."""
from django.dispatch import receiver

from tables.signals import round_published


@receiver(round_published, dispatch_uid="portal.email_published_seating")
def email_published_seating(sender, round, **kwargs):
    """A round's seating went public (sent after the commit): a background task tells each seated researcher
    their tables (all published rounds), so the organizer's request does not wait on hundreds of emails."""
    from .tasks import email_published_round

    email_published_round.enqueue(round.pk)
