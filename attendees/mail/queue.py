"""Storing emails: one light OutboundEmail row per message, in the caller's transaction.

The row is the promise that the mail goes out: it is inserted with the change that causes it, so
both exist or neither does. It is inserted `pending`, holding only who it goes to, its kind and
language and the record it is about (registration, invitation, registration request); many rows
go in one INSERT. The text is rendered after the commit by mail/writer.py (the
`write_outbound_emails` task), so a transaction that holds a lock (the event row) never waits on
templates. Should the process die between the commit and that task, the worker's recovery pass
writes the rows left pending (mail/recovery.py). Delivery sends only written rows.
"""
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ..models import Invitation, OutboundEmail
from .enums import EmailKind, EmailState


def store_emails(rows, *, now):
    """Insert unsaved OutboundEmail `rows` as `pending` in one INSERT; they are written after the commit.

    Returns the saved rows (with their ids).
    """
    for row in rows:
        row.state = EmailState.PENDING
        # The recovery pass writes rows still pending a while after next_attempt_at.
        row.next_attempt_at = row.created_at = now
    ids = _insert(rows)
    for row, pk in zip(rows, ids, strict=True):
        row.pk = pk
        row._state.adding, row._state.db = False, "default"
    if ids:
        transaction.on_commit(lambda: enqueue_writing(ids))
    return rows


# What a light row holds; the other columns take their defaults (text empty, no attempt yet).
LIGHT_FIELDS = ["event", "registration", "invitation", "registration_request", "kind", "language", "to", "state",
                "next_attempt_at", "created_at"]


def _insert(rows):
    """INSERT the light rows, in one statement where the database allows (as bulk_create), and return their ids.

    Plain SQL rather than bulk_create: Django prepares every field of every row, which at 2,000
    rows costs a tenth of a second inside the transaction that holds the event row.
    """
    if not rows:
        return []
    meta, quote = OutboundEmail._meta, connection.ops.quote_name
    fields = [meta.get_field(name) for name in LIGHT_FIELDS]
    defaults = [field for field in meta.concrete_fields if field not in fields and not field.primary_key]
    columns = ", ".join(quote(field.column) for field in [*fields, *defaults])
    default_values = [field.get_db_prep_save(field.get_default(), connection) for field in defaults]
    moment = fields[-1].get_db_prep_save(rows[0].created_at, connection)  # one `now` for the whole batch
    placeholders = "(" + ", ".join(["%s"] * (len(fields) + len(defaults))) + ")"
    ids, batch_size = [], connection.ops.bulk_batch_size([*fields, *defaults], rows)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start:start + batch_size]
            values = []
            for row in batch:
                values += [row.event_id, row.registration_id, row.invitation_id, row.registration_request_id, row.kind,
                           row.language, row.to, row.state, moment, moment, *default_values]
            cursor.execute(f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
                           f"{', '.join([placeholders] * len(batch))} RETURNING {quote(meta.pk.column)}", values)
            ids += [pk for (pk,) in cursor.fetchall()]
    return ids


def enqueue_writing(email_ids):
    from ..tasks import write_outbound_emails

    return write_outbound_emails.enqueue(list(email_ids))


def enqueue_delivery(email_id, *, run_after=None):
    from ..tasks import send_outbound_email

    task = send_outbound_email
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    elif run_after is not None:
        return None  # a backend without delayed tasks (tests): the recovery pass enqueues it once it is due
    return task.enqueue(email_id)


def queue_email(*, event, kind, language, to, registration=None, invitation=None, registration_request=None,
                now=None):
    """Store one email (see the module): written and sent after the caller's transaction commits.

    The writer builds its text from `registration` (personal page, status, tables),
    `registration_request` (confirmation link) or `invitation` (code), as they are then.
    """
    (email,) = store_emails([OutboundEmail(
        event=event, registration=registration, invitation=invitation, registration_request=registration_request,
        kind=kind, language=language, to=to,
    )], now=now or timezone.now())
    return email


def queue_registration_email(*, registration, kind, now=None):
    """Store the `kind` email for `registration` (its researcher loaded or not), in its language."""
    (email,) = queue_registration_emails(emails=[(registration, kind)], now=now)
    return email


def queue_registration_emails(*, emails, now=None):
    """queue_registration_email for many: `emails` is a list of (registration, kind); one INSERT for all.

    Kinds that are None are left out. Returns the stored rows.
    """
    now = now or timezone.now()
    return store_emails([
        OutboundEmail(event_id=registration.event_id, registration=registration, kind=kind,
                      language=registration.language, to=registration.researcher.email)
        for registration, kind in emails if kind is not None
    ], now=now)


def send_invitations(*, invitation_ids, now=None):
    """Store one invitation email per invitation (code and a register link with it) and set `sent_at`.

    Invitations already used to register are skipped. The email is written in the site's default
    language (settings.LANGUAGE_CODE); organizers can word it in both languages in its template.
    One transaction; the invitation rows are locked in id order. Returns the number stored.
    """
    now = now or timezone.now()
    with transaction.atomic():
        invitations = list(
            Invitation.objects.select_for_update(of=("self",)).filter(pk__in=invitation_ids, registration__isnull=True)
            .order_by("pk")
        )
        store_emails([
            OutboundEmail(event_id=invitation.event_id, invitation=invitation, kind=EmailKind.INVITATION,
                          language=settings.LANGUAGE_CODE, to=invitation.email)
            for invitation in invitations
        ], now=now)
        Invitation.objects.filter(pk__in=[invitation.pk for invitation in invitations]).update(sent_at=now)
    return len(invitations)
