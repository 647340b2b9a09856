"""Getting a written email to the mail server, and trying again while it is unreachable.

A delivery attempt claims the message in a short transaction (state `sending`, `claimed_at`: two
workers never send it at once), talks to the mail server outside any transaction, then records
the outcome. On failure the message waits `backoff(attempts)` and the task is enqueued again for
then, up to EMAIL_MAX_ATTEMPTS attempts; after that it is `failed` until an organizer retries it
(`manage.py retry_emails` or the admin action). A claim whose worker died before the outcome is
taken back by the recovery pass (attendees.mail.recovery) once EMAIL_SEND_LEASE has passed.
Log lines name the email by its id, never by its address.
"""
import logging
import smtplib
from datetime import timedelta
from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from ..models import OutboundEmail
from . import keys
from .calendar import ics_filename, registration_ics
from .enums import KINDS_WITH_TICKET, UNSENT_STATES, EmailKind, EmailState
from .qr import QR_CONTENT_ID, checkin_qr_png
from .queue import enqueue_delivery

logger = logging.getLogger(__name__)

# Errors the mail server gives for this message itself: trying again cannot help.
PERMANENT_ERRORS = (smtplib.SMTPRecipientsRefused,)


def max_attempts():
    return getattr(settings, "EMAIL_MAX_ATTEMPTS", 8)


def backoff(attempts):
    """1, 2, 4, ... minutes after the 1st, 2nd, 3rd failed attempt, at most an hour."""
    return timedelta(minutes=min(2 ** (attempts - 1), 60))


def build_message(email):
    """The EmailMultiAlternatives for a stored email, with the ticket attachments when it has them.

    The stored text has its personal links masked; here they are put back (mail/keys.py).
    """
    event = email.event
    found = keys.links_for(email)
    message = EmailMultiAlternatives(
        subject=keys.unmask_text(email.subject, found), body=keys.unmask_text(email.body_text, found),
        from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to],
        reply_to=[event.contact_email] if event.contact_email else None,
    )
    message.attach_alternative(keys.unmask_html(email.body_html, found), "text/html")
    registration = email.registration
    if registration is not None and email.kind in KINDS_WITH_TICKET:
        image = MIMEImage(checkin_qr_png(registration), "png")
        image.add_header("Content-ID", f"<{QR_CONTENT_ID}>")
        image.add_header("Content-Disposition", "inline", filename="check-in-qr.png")
        message.attach(image)
        message.attach(ics_filename(registration), registration_ics(registration), "text/calendar")
    elif registration is not None and email.kind == EmailKind.CANCELLED:
        message.attach(ics_filename(registration), registration_ics(registration, cancelled=True), "text/calendar")
    return message


def _claim(email_id, now):
    """Lock the row, count the attempt and mark it `sending`: other workers leave it alone meanwhile."""
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(of=("self",))
            .select_related("event", "registration__event", "registration__researcher", "registration_request")
            .filter(pk=email_id).first()
        )
        if email is None or email.state not in (EmailState.QUEUED, EmailState.RETRYING):
            return None  # sent, failed, or being sent by another worker right now
        if email.next_attempt_at and email.next_attempt_at > now:
            return None  # the next attempt is scheduled for later
        email.attempts += 1
        email.state = EmailState.SENDING
        email.claimed_at = now
        email.save(update_fields=["attempts", "state", "claimed_at"])
    return email


def _still_claimed(email):
    """The row as long as this attempt's claim holds (recovery has not taken the email back)."""
    return OutboundEmail.objects.filter(pk=email.pk, state=EmailState.SENDING, claimed_at=email.claimed_at)


def deliver(*, email_id, now=None):
    """Try to send one stored email now. Returns its state afterwards (None if it was not due).

    Side effects: increments `attempts` and holds the email in state `sending` while the mail
    server is talked to; on success sets `sent`/`sent_at`; on failure stores the error and either
    schedules the next attempt (state `retrying`, task enqueued for `next_attempt_at` after
    commit) or gives up (`failed`). Never raises for a mail-server error.
    """
    now = now or timezone.now()
    email = _claim(email_id, now)
    if email is None:
        return None
    try:
        build_message(email).send(fail_silently=False)
    except Exception as error:  # anything that stops this mail must be recorded, never lost
        # The error's text may quote the address (a refused recipient): the log gets its kind only.
        logger.warning("Email %s: attempt %s failed (%s%s)", email.pk, email.attempts, type(error).__name__,
                       f" {error.smtp_code}" if getattr(error, "smtp_code", None) else "")
        return _record_failure(email, error, now)
    sent = {"state": EmailState.SENT, "sent_at": timezone.now(), "last_error": "", "next_attempt_at": None,
            "claimed_at": None}
    if not _still_claimed(email).update(**sent):
        # This worker outlived its lease and recovery queued the email again; it did go out, so
        # say so before the next attempt sends it a second time.
        logger.warning("Email %s was sent after its claim expired (EMAIL_SEND_LEASE is too short)", email.pk)
        OutboundEmail.objects.filter(pk=email.pk).exclude(state=EmailState.SENT).update(**sent)
    return EmailState.SENT


def _record_failure(email, error, now):
    give_up = email.attempts >= max_attempts() or isinstance(error, PERMANENT_ERRORS)
    state = EmailState.FAILED if give_up else EmailState.RETRYING
    next_attempt_at = None if give_up else now + backoff(email.attempts)
    with transaction.atomic():
        recorded = _still_claimed(email).update(
            state=state, last_error=f"{type(error).__name__}: {error}"[:2000], next_attempt_at=next_attempt_at,
            claimed_at=None,
        )
        if not recorded:
            return None  # recovery took the email back meanwhile and has scheduled it already
        if not give_up:
            transaction.on_commit(lambda: enqueue_delivery(email.pk, run_after=next_attempt_at))
    return state


def requeue(*, email_ids, now=None):
    """Make unsent emails due now (the organizer's "retry").

    `attempts` keeps counting, so a failed email that fails once more is failed again at once
    rather than starting a new round of automatic retries. Sent emails are left alone. Returns
    the ids made due, which the caller delivers (directly, or by enqueuing the task after commit).
    """
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            OutboundEmail.objects.select_for_update().filter(pk__in=email_ids, state__in=UNSENT_STATES)
            .order_by("pk").values_list("pk", flat=True)
        )
        OutboundEmail.objects.filter(pk__in=ids).update(state=EmailState.QUEUED, next_attempt_at=now)
    return ids


def retry_emails(*, email_ids, now=None):
    """The organizer's "retry failed messages": make them due now and enqueue their delivery.

    Returns how many were queued again; the worker sends them (the test backend at once).
    """
    ids = requeue(email_ids=email_ids, now=now)
    for email_id in ids:
        transaction.on_commit(lambda email_id=email_id: enqueue_delivery(email_id))
    return len(ids)
