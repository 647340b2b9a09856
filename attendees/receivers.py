"""Signal receivers, connected in AttendeesConfig.ready()."""
from django.dispatch import receiver

from worker.signals import recovery_pass

from .mail.recovery import recover_emails


@receiver(recovery_pass, dispatch_uid="attendees.recover_emails")
def recover_stuck_emails(sender, now, **kwargs):
    """The worker's recovery pass: emails whose worker died are sent again or marked failed."""
    outcome = recover_emails(now=now)
    return str(outcome) if outcome else ""


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
