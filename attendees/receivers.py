"""Signal receivers, connected in AttendeesConfig.ready()."""
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from worker.signals import recovery_pass

from .deletion import refuse_freeing_a_place
from .mail.recovery import recover_emails
from .models import Registration


@receiver(recovery_pass, dispatch_uid="attendees.recover_emails")
def recover_stuck_emails(sender, now, **kwargs):
    """The worker's recovery pass: emails whose worker died are sent again or marked failed."""
    outcome = recover_emails(now=now)
    return str(outcome) if outcome else ""


@receiver(pre_delete, sender=Registration, dispatch_uid="attendees.refuse_freeing_a_place")
def guard_places_on_delete(sender, instance, **kwargs):
    """No delete frees a place behind the waitlist's back (deletion.delete_registrations cancels first)."""
    refuse_freeing_a_place(instance)
