"""Signal receivers, connected in PortalConfig.ready()."""
from django.dispatch import receiver

from tables.signals import round_published

from .mail import queue_seating_emails


@receiver(round_published, dispatch_uid="portal.email_published_seating")
def email_published_seating(sender, round, **kwargs):
    """A round's seating went public: tell each seated researcher their tables (all published rounds)."""
    queue_seating_emails(round=round)
