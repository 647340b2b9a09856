"""Writing emails down: one OutboundEmail row per message, in the caller's transaction.

The row is the promise that the mail goes out: it is created with the change that causes it (so
both exist or neither does) and the delivery task is enqueued only after the commit.
"""
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from ..enums import PLACE_HOLDING_STATUSES
from ..models import EmailTemplate, Invitation, OutboundEmail, Registration
from ..waitlist import waitlist_position
from .enums import EmailKind
from .rendering import invitation_context, registration_context, render_email


def _organizer_template(event_id, kind, language, cache):
    """The event's template for kind and language, looked up once per batch (`cache` is a dict)."""
    key = (event_id, kind, language)
    if key not in cache:
        cache[key] = EmailTemplate.objects.filter(event_id=event_id, kind=kind, language=language).first()
    return cache[key]


def _queue(*, event, kind, language, to, context, registration=None, invitation=None, now, templates=None):
    rendered = render_email(
        event=event, kind=kind, language=language, context=context,
        organizer_template=_organizer_template(event.pk, kind, language, {} if templates is None else templates),
    )
    email = OutboundEmail.objects.create(
        event=event, registration=registration, invitation=invitation, kind=kind, language=language, to=to,
        subject=rendered.subject, body_text=rendered.text, body_html=rendered.html, next_attempt_at=now,
    )
    transaction.on_commit(lambda: enqueue_delivery(email.pk))
    return email


def enqueue_delivery(email_id, *, run_after=None):
    from ..tasks import send_outbound_email

    task = send_outbound_email
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    elif run_after is not None:
        return None  # a backend without delayed tasks (tests): `manage.py retry_emails` picks it up
    return task.enqueue(email_id)


def queue_registration_email(*, registration, kind, now=None):
    """Write the `kind` email for `registration` (researcher and event loaded or not) and send it after commit."""
    from tables.published import published_seating

    now = now or timezone.now()
    seating = None
    if kind == EmailKind.SEATING:
        with translation.override(registration.language):  # theme and company names in their language
            seating = published_seating(registration)
    context = registration_context(registration, seating=seating, waitlist_position=waitlist_position(registration))
    return _queue(
        event=registration.event, kind=kind, language=registration.language, to=registration.researcher.email,
        context=context, registration=registration, now=now,
    )


def queue_seating_emails(*, round, now=None):
    """Email every researcher seated in `round` (a just-published round) all their published tables.

    One transaction: every message is written or none is. Researchers who no longer hold a place
    are skipped. Returns the OutboundEmail rows.
    """
    from tables.published import published_seating_by_registration

    now = now or timezone.now()
    with transaction.atomic():
        registrations = list(
            Registration.objects.filter(seats__round=round, status__in=PLACE_HOLDING_STATUSES)
            .select_related("researcher", "event").distinct().order_by("pk")
        )
        seating = {}
        for language in sorted({r.language for r in registrations}):
            with translation.override(language):  # theme and company names in each researcher's language
                seating.update(published_seating_by_registration(
                    event_id=round.event_id, registration_ids=[r.pk for r in registrations if r.language == language],
                ))
        emails, templates = [], {}
        for registration in registrations:
            context = registration_context(registration, seating=seating.get(registration.pk, []))
            emails.append(_queue(
                event=registration.event, kind=EmailKind.SEATING, language=registration.language,
                to=registration.researcher.email, context=context, registration=registration, now=now,
                templates=templates,
            ))
    return emails


def send_invitations(*, invitation_ids, now=None):
    """Queue one invitation email per invitation (code and a register link with it) and set `sent_at`.

    Invitations already used to register are skipped. The email is written in the site's default
    language (settings.LANGUAGE_CODE); organizers can word it in both languages in its template.
    One transaction; the invitation rows are locked in id order. Returns the number queued.
    """
    now = now or timezone.now()
    language = settings.LANGUAGE_CODE
    with transaction.atomic():
        invitations = list(
            Invitation.objects.select_for_update(of=("self",)).filter(pk__in=invitation_ids, registration__isnull=True)
            .select_related("event").order_by("pk")
        )
        templates = {}
        for invitation in invitations:
            _queue(
                event=invitation.event, kind=EmailKind.INVITATION, language=language, to=invitation.email,
                context=invitation_context(invitation, language=language), invitation=invitation, now=now,
                templates=templates,
            )
            invitation.sent_at = now
            invitation.save(update_fields=["sent_at"])
    return len(invitations)
