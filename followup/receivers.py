"""Signal receivers, connected in FollowupConfig.ready()."""
from django.db.models.signals import post_save
from django.dispatch import receiver

from attendees.models import Researcher


@receiver(post_save, sender=Researcher, dispatch_uid="followup.erase_notes_of_an_erased_researcher")
def erase_notes_of_an_erased_researcher(sender, instance, **kwargs):
    """Erasing a researcher (attendees/privacy.py) clears their profile; what hosts wrote about them goes
    too, in the same transaction. The stage stays: like a check-in, it counts in the figures."""
    if instance.anonymized_at is not None:
        from .services import erase_notes

        erase_notes(researcher_id=instance.pk)
