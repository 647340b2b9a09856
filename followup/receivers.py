"""Signal receivers, connected in FollowupConfig.ready()."""
from django.db.models.signals import post_save
from django.dispatch import receiver

from attendees.models import Researcher
from attendees.signals import demo_seeded, personal_data_wanted


@receiver(post_save, sender=Researcher, dispatch_uid="followup.erase_notes_of_an_erased_researcher")
def erase_notes_of_an_erased_researcher(sender, instance, **kwargs):
    """Erasing a researcher (attendees/privacy.py) clears their profile; what hosts wrote about them goes
    too, in the same transaction. The stage stays: like a check-in, it counts in the figures."""
    if instance.anonymized_at is not None:
        from .services import erase_notes

        erase_notes(researcher_id=instance.pk)


@receiver(personal_data_wanted, dispatch_uid="followup.personal_data")
def personal_data(sender, registration_ids, **kwargs):
    """A researcher's copy of their data ("Download my data") holds their follow-up: the stage and the notes."""
    from .privacy import follow_up_data

    return follow_up_data(registration_ids=registration_ids)


@receiver(demo_seeded, dispatch_uid="followup.demo_follow_ups")
def demo_follow_ups(sender, events, **kwargs):
    """The demo's last year's dinner gets what recruiting made of its guests (the demo cannot import followup)."""
    from .demo import seed_finished_events

    seed_finished_events(events)
