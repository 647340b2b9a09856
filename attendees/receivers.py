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


@receiver(recovery_pass, dispatch_uid="attendees.apply_retention")
def apply_retention_daily(sender, now, **kwargs):
    """Once a day (the first pass of each day, in any worker), what the retention settings say is due."""
    from django.core.cache import cache

    from .retention import apply_retention

    # add() is atomic in Redis, shared by every worker: one of them runs it; the work is idempotent anyway.
    if not cache.add(f"attendees.retention:{now.date().isoformat()}", True, timeout=2 * 24 * 3600):
        return ""
    report = apply_retention(now=now)
    return str(report) if report else ""


@receiver(recovery_pass, dispatch_uid="attendees.send_due_thank_yous")
def send_thank_you_when_due(sender, now, **kwargs):
    """Every pass, not once a day: the thank-you is due at 9:00 in each event's own time zone."""
    from .feedback import send_due_thank_yous

    written = send_due_thank_yous(now=now)
    return f"Thank-you emails: {written} written." if written else ""
