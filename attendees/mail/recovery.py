"""Emails a dead worker left behind, put right by the worker's recovery pass (worker.signals.recovery_pass).

Three kinds get stuck when a process is killed (deploy, out of memory, machine restarted):
- *unwritten*: stored `pending` by a change that committed, but the task that writes its text
  never ran (the process died between the commit and enqueuing it, or the worker died while
  writing). Still pending a minute later, it is written here.
- *abandoned*: claimed (`sending`) but never finished. After EMAIL_SEND_LEASE its sender is taken
  for dead; the attempt that died counts, and the email is tried again at once, or marked
  `failed` when no attempt is left. The lease is far longer than a live sender can take (see the
  setting), so a slow sender is never overtaken.
- *forgotten*: due for over a minute with no delivery task waiting in the queue (its task was
  taken by a worker that died before claiming the email, or failed, or was never enqueued). Its
  delivery is enqueued again.
All are safe from several processes at once: the writer locks the rows it writes and skips rows
another writer holds, abandoned rows are locked and re-checked, and a forgotten email is enqueued
only by the process whose conditional UPDATE moved its due time.
"""
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from worker.queue import waiting_calls

from ..models import OutboundEmail
from .delivery import max_attempts
from .enums import EmailState
from .queue import enqueue_delivery
from .writer import write_emails

# How long a due email may wait for a task before it counts as forgotten: enqueuing happens right
# after the commit, and a worker takes a task a moment before it claims the email.
FORGOTTEN_AFTER = timedelta(minutes=1)


def send_lease():
    return timedelta(seconds=settings.EMAIL_SEND_LEASE)


@dataclass
class RecoveredEmails:
    retried: list = field(default_factory=list)  # abandoned, sent again
    failed: list = field(default_factory=list)  # abandoned at the last attempt
    requeued: list = field(default_factory=list)  # forgotten, enqueued again
    written: list = field(default_factory=list)  # left pending, written now

    def __str__(self):
        return (f"emails: {len(self.written)} left unwritten written {self.written}, "
                f"{len(self.retried)} abandoned by a dead worker sent again {self.retried}, "
                f"{len(self.failed)} failed with no attempt left {self.failed}, "
                f"{len(self.requeued)} due without a task enqueued again {self.requeued}")

    def __bool__(self):
        return bool(self.retried or self.failed or self.requeued or self.written)


def recover_emails(*, now=None):
    """Write unwritten emails, retry or fail abandoned ones, enqueue forgotten ones (see the module).

    Returns RecoveredEmails. Side effects: unwritten emails are written (mail/writer.py) and their
    delivery enqueued; abandoned emails become `retrying` (due now, delivery enqueued after commit)
    or `failed`, with a last_error saying the worker stopped while sending; a forgotten email's
    `next_attempt_at` becomes `now` and its delivery is enqueued.
    """
    now = now or timezone.now()
    outcome = RecoveredEmails()
    unwritten = OutboundEmail.objects.filter(state=EmailState.PENDING, next_attempt_at__lte=now - FORGOTTEN_AFTER)
    outcome.written = write_emails(email_ids=list(unwritten.values_list("pk", flat=True)), now=now)
    for pk in outcome.written:
        enqueue_delivery(pk)
    _release_abandoned(now, outcome)
    _enqueue_forgotten(now, outcome)
    return outcome


def _release_abandoned(now, outcome):
    with transaction.atomic():
        # A second process waits for these locks, then re-reads the rows: no longer `sending`, they drop out.
        abandoned = list(
            OutboundEmail.objects.select_for_update()
            .filter(state=EmailState.SENDING, claimed_at__lt=now - send_lease())
            .order_by("pk").values_list("pk", "attempts")
        )
        outcome.failed = [pk for pk, attempts in abandoned if attempts >= max_attempts()]
        outcome.retried = [pk for pk, attempts in abandoned if attempts < max_attempts()]
        OutboundEmail.objects.filter(pk__in=outcome.failed).update(
            state=EmailState.FAILED, claimed_at=None, next_attempt_at=None,
            last_error=_("The worker stopped while sending this email (killed or restarted); no attempt is left."),
        )
        OutboundEmail.objects.filter(pk__in=outcome.retried).update(
            state=EmailState.RETRYING, claimed_at=None, next_attempt_at=now,
            last_error=_("The worker stopped while sending this email (killed or restarted); it is sent again."),
        )
        for pk in outcome.retried:
            transaction.on_commit(lambda pk=pk: enqueue_delivery(pk))


def _enqueue_forgotten(now, outcome):
    from ..tasks import send_outbound_email

    calls = waiting_calls(send_outbound_email)
    waiting = set() if calls is None else {args[0] for args, _kwargs in calls if args}
    due = (
        OutboundEmail.objects.filter(state__in=[EmailState.QUEUED, EmailState.RETRYING],
                                     next_attempt_at__lte=now - FORGOTTEN_AFTER)
        .exclude(pk__in=outcome.retried).order_by("pk").values_list("pk", "next_attempt_at")
    )
    for pk, due_at in due:
        if pk in waiting:
            continue
        # Whoever moves the due time enqueues; a second process finds it moved and does nothing.
        if OutboundEmail.objects.filter(pk=pk, state__in=[EmailState.QUEUED, EmailState.RETRYING],
                                        next_attempt_at=due_at).update(next_attempt_at=now):
            outcome.requeued.append(pk)
            enqueue_delivery(pk)
