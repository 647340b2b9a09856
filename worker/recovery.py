"""One recovery pass: every app puts right the work its dead workers left (see worker.signals)."""
import logging

from django.utils import timezone

from .signals import recovery_pass

logger = logging.getLogger(__name__)


def run_recovery(*, now=None):
    """Send `recovery_pass` to every receiver; returns `[(receiver's name, summary or exception)]`.

    A receiver that raises is logged with its traceback and the others still run. Summaries that
    report work done are logged at INFO; a quiet pass logs nothing.
    """
    now = now or timezone.now()
    outcomes = []
    for receiver, outcome in recovery_pass.send_robust(sender=None, now=now):
        name = f"{receiver.__module__}.{receiver.__qualname__}"
        if isinstance(outcome, Exception):
            logger.error("Recovery step %s failed", name, exc_info=outcome)
        elif outcome:
            logger.info("Recovery: %s", outcome)
        outcomes.append((name, outcome))
    return outcomes
