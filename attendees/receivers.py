"""Signal receivers, connected in AttendeesConfig.ready()."""
from django.dispatch import receiver

from tables.signals import round_published

from .mail.queue import queue_seating_emails


@receiver(round_published, dispatch_uid="attendees.email_published_seating")
def email_published_seating(sender, round, **kwargs):
    """A round's seating went public: tell each seated researcher their tables (all published rounds)."""
    queue_seating_emails(round=round)
