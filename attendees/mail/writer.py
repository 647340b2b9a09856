"""Writing stored emails: the text of `pending` OutboundEmail rows, rendered after the change committed.

Many at once: the organizer's templates are read once per event, kind and language, waitlist
positions once per event, published tables once per event and language, so the queries do not
grow with the number of emails. The text is what applies when it is written (a registration's
status and place on the waitlist, its published tables). Written rows become `queued`; the caller
hands them to delivery once the writing has committed (attendees.tasks.write_outbound_emails sends
them itself, the recovery pass enqueues them). Two writers (the task and the recovery pass) never write
the same row: rows are locked, and rows another writer holds are skipped.
"""
import logging
from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..enums import RegistrationStatus
from ..models import EmailTemplate, OutboundEmail
from ..signals import published_tables_wanted
from ..waitlist import waitlist_positions
from .enums import EmailKind, EmailState
from .rendering import address_context, confirmation_context, invitation_context, registration_context, render_email

logger = logging.getLogger(__name__)

BATCH = 500  # rows per transaction: a crash loses at most this much rendering work, never an email
WRITTEN_FIELDS = ["subject", "body_text", "body_html", "state", "next_attempt_at", "last_error"]


def write_emails(*, email_ids, now=None):
    """Write the pending rows among `email_ids` (others are left alone). Returns the ids written.

    Side effects: each row gets subject and bodies and becomes `queued` (due `now`), committed batch
    by batch (BATCH rows each); a row that cannot be written (its record is gone) becomes `failed`
    with the reason, so the others still go out.
    """
    now = now or timezone.now()
    ids = sorted(set(email_ids))
    written = []
    for start in range(0, len(ids), BATCH):
        written += _write_batch(ids[start:start + BATCH], now)
    return written


def _write_batch(ids, now):
    with transaction.atomic():
        rows = list(
            OutboundEmail.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(pk__in=ids, state=EmailState.PENDING)
            .select_related("event", "registration__researcher", "invitation", "registration_request")
            .order_by("pk")
        )
        contexts = _Contexts(rows, now)
        templates = {}
        for row in rows:
            try:
                rendered = render_email(event=row.event, kind=row.kind, language=row.language,
                                        context=contexts.of(row), organizer_template=_template(row, templates))
            except Exception as error:  # this row only: the others of the batch still go out
                logger.exception("Email %s could not be written", row.pk)
                row.state, row.next_attempt_at = EmailState.FAILED, None
                row.last_error = f"{type(error).__name__}: {error}"[:2000]
                continue
            row.subject, row.body_text, row.body_html = rendered.subject, rendered.text, rendered.html
            row.state, row.next_attempt_at, row.last_error = EmailState.QUEUED, now, ""
        _save_written(rows)
    return [row.pk for row in rows if row.state == EmailState.QUEUED]


def _save_written(rows):
    """One plain UPDATE per row, sent together: Django's bulk_update builds a CASE per field and row,
    which costs more CPU than the rendering itself at a few hundred rows."""
    if not rows:
        return
    meta = OutboundEmail._meta
    columns = [meta.get_field(name).column for name in WRITTEN_FIELDS]
    sql = (f"UPDATE {connection.ops.quote_name(meta.db_table)} SET "
           + ", ".join(f"{connection.ops.quote_name(column)} = %s" for column in columns)
           + f" WHERE {connection.ops.quote_name(meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [
            [meta.get_field(name).get_db_prep_save(getattr(row, name), connection) for name in WRITTEN_FIELDS]
            + [row.pk] for row in rows
        ])


def _template(row, cache):
    """The event's own template for the row's kind and language; one query per combination in a batch."""
    key = (row.event_id, row.kind, row.language)
    if key not in cache:
        cache[key] = EmailTemplate.objects.filter(event_id=row.event_id, kind=row.kind, language=row.language).first()
    return cache[key]


class _Contexts:
    """What the rows' templates see, with what several rows share read once for all."""

    def __init__(self, rows, now):
        self.now = now
        for row in rows:  # the rows' records belong to the row's event, loaded once with it
            for record in (row.registration, row.invitation, row.registration_request):
                if record is not None:
                    record.event = row.event
        self.positions = waitlist_positions(
            row.event_id for row in rows
            if row.registration is not None and row.registration.status == RegistrationStatus.WAITLISTED
        )
        self.seating = self._published_tables([row for row in rows if row.kind == EmailKind.SEATING])

    @staticmethod
    def _published_tables(rows):
        wanted = defaultdict(list)
        for row in rows:
            if row.registration is not None:
                wanted[(row.event_id, row.language)].append(row.registration_id)
        tables = {}
        for (event_id, language), registration_ids in sorted(wanted.items()):
            with translation.override(language):  # theme and company names in the researcher's language
                for _receiver, found in published_tables_wanted.send(
                        sender=OutboundEmail, event_id=event_id, registration_ids=registration_ids):
                    tables.update(found or {})
        return tables

    def of(self, row):
        if row.kind in (EmailKind.CONFIRM, EmailKind.REREGISTER):
            if row.registration_request is None:
                raise LookupError(_("Its registration request was deleted before the email was written."))
            return confirmation_context(row.registration_request, registration=row.registration)
        if row.kind == EmailKind.INVITATION:
            if row.invitation is None:
                raise LookupError(_("Its invitation was deleted before the email was written."))
            return invitation_context(row.invitation, language=row.language)
        if row.registration is None:
            return address_context(row.event, language=row.language)
        return registration_context(
            row.registration, waitlist_position=self.positions.get(row.registration_id),
            seating=self.seating.get(row.registration_id, []) if row.kind == EmailKind.SEATING else None,
            now=self.now,
        )
