"""Signal receivers, connected in AttendeesConfig.ready()."""
from django.dispatch import receiver

from worker.signals import recovery_pass

from .mail.recovery import recover_emails


@receiver(recovery_pass, dispatch_uid="attendees.recover_emails")
def recover_stuck_emails(sender, now, **kwargs):
    """The worker's recovery pass: emails whose worker died are sent again or marked failed."""
    outcome = recover_emails(now=now)
    return str(outcome) if outcome else ""
