"""Writing emails down: one OutboundEmail row per message, in the caller's transaction.

The row is the promise that the mail goes out: it is created with the change that causes it (so
both exist or neither does) and the delivery task is enqueued only after the commit.
"""
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..enums import RegistrationStatus
from ..models import EmailTemplate, Invitation, OutboundEmail
from ..waitlist import waitlist_position, waitlist_positions
from .enums import EmailKind
from .rendering import invitation_context, registration_context, render_email


def _organizer_template(event_id, kind, language, cache):
    """The event's template for kind and language, looked up once per batch (`cache` is a dict)."""
    key = (event_id, kind, language)
    if key not in cache:
        cache[key] = EmailTemplate.objects.filter(event_id=event_id, kind=kind, language=language).first()
    return cache[key]


def queue_email(*, event, kind, language, to, context, registration=None, invitation=None, registration_request=None,
                now, templates=None):
    """Render the email and write it as an OutboundEmail row in the caller's transaction; deliver after commit.

    `templates` is a dict shared by the calls of one batch, so each organizer template is read once.
    The row stores the text with its personal links masked; `registration` (personal page) and
    `registration_request` (confirmation link) are what delivery puts them back from (mail/keys.py).
    """
    rendered = render_email(
        event=event, kind=kind, language=language, context=context,
        organizer_template=_organizer_template(event.pk, kind, language, {} if templates is None else templates),
    )
    email = OutboundEmail.objects.create(
        event=event, registration=registration, invitation=invitation, registration_request=registration_request,
        kind=kind, language=language, to=to,
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
        return None  # a backend without delayed tasks (tests): the recovery pass enqueues it once it is due
    return task.enqueue(email_id)


def queue_registration_email(*, registration, kind, seating=None, now=None):
    """Write the `kind` email for `registration` (researcher and event loaded or not) and send it after commit.

    `seating` is the researcher's published tables (attendees.published.PublishedTable) for the
    emails that list them; the part that reads the seating passes it.
    """
    now = now or timezone.now()
    context = registration_context(registration, seating=seating, waitlist_position=waitlist_position(registration))
    return queue_email(
        event=registration.event, kind=kind, language=registration.language, to=registration.researcher.email,
        context=context, registration=registration, now=now,
    )


def queue_registration_emails(*, emails, seating=None, now=None):
    """queue_registration_email for many: `emails` is a list of (registration, kind); one INSERT for all.

    Kinds that are None are left out. Waitlist positions are read once per event and each
    organizer template once per kind and language, so the queries do not grow with the number of
    emails; `seating` is {registration id: published tables} for the emails that list them. The
    rows are written in the caller's transaction and delivered after the commit. Returns them.
    """
    now = now or timezone.now()
    emails = [(registration, kind) for registration, kind in emails if kind is not None]
    positions = waitlist_positions(
        registration.event_id for registration, _kind in emails if registration.status == RegistrationStatus.WAITLISTED
    )
    templates, rows = {}, []
    for registration, kind in emails:
        context = registration_context(registration, seating=(seating or {}).get(registration.pk),
                                       waitlist_position=positions.get(registration.pk))
        rendered = render_email(
            event=registration.event, kind=kind, language=registration.language, context=context,
            organizer_template=_organizer_template(registration.event_id, kind, registration.language, templates),
        )
        rows.append(OutboundEmail(
            event_id=registration.event_id, registration=registration, kind=kind, language=registration.language,
            to=registration.researcher.email, subject=rendered.subject, body_text=rendered.text,
            body_html=rendered.html, next_attempt_at=now,
        ))
    rows = OutboundEmail.objects.bulk_create(rows)
    for email in rows:
        transaction.on_commit(lambda email_id=email.pk: enqueue_delivery(email_id))
    return rows


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
            queue_email(
                event=invitation.event, kind=EmailKind.INVITATION, language=language, to=invitation.email,
                context=invitation_context(invitation, language=language), invitation=invitation, now=now,
                templates=templates,
            )
            invitation.sent_at = now
            invitation.save(update_fields=["sent_at"])
    return len(invitations)
