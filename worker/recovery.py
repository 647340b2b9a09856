"""One recovery pass: every app puts right the work its dead workers left (see worker.signals)."""
import logging

from django.conf import settings
from django.utils import timezone, translation

from .signals import recovery_pass

logger = logging.getLogger(__name__)


def run_recovery(*, now=None):
    """Send `recovery_pass` to every receiver; returns `[(receiver's name, summary or exception)]`.

    A receiver that raises is logged with its traceback and the others still run. Summaries that
    report work done are logged at INFO; a quiet pass logs nothing. Messages stored for organizers
    (why an email or a run failed) are written in the site's default language.
    """
    now = now or timezone.now()
    outcomes = []
    with translation.override(settings.LANGUAGE_CODE):
        results = recovery_pass.send_robust(sender=None, now=now)
    for receiver, outcome in results:
        name = f"{receiver.__module__}.{receiver.__qualname__}"
        if isinstance(outcome, Exception):
            logger.error("Recovery step %s failed", name, exc_info=outcome)
        elif outcome:
            logger.info("Recovery: %s", outcome)
        outcomes.append((name, outcome))
    return outcomes
