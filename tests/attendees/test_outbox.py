"""Emails stored as light rows with the change, written after the commit, never lost (issue 11).

The change's transaction inserts only who, which kind and which language (`pending`); the writer
renders many at once after the commit. A process that dies between the commit and the writing
task loses nothing: the worker's recovery pass writes what is still pending after a minute.
"""
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attendees import address_proof, links, services
from attendees.enums import RegistrationStatus
from attendees.mail import delivery
from attendees.mail.enums import EmailKind, EmailState
from attendees.mail.recovery import recover_emails
from attendees.mail.writer import write_emails
from attendees.models import OutboundEmail, RegistrationRequest
from tables.enums import RoundBasis
from tests.attendees.test_waitlist import details, needs_postgres
from tests.factories import (
    EventFactory, InvitationFactory, RegistrationFactory, RoundFactory, SeatFactory, TableFactory,
    TableThemeFactory,
)
from tests.mail import write_pending
from tests.races import run_at_once

pytestmark = pytest.mark.django_db


def pending_ids():
    return list(OutboundEmail.objects.filter(state=EmailState.PENDING).values_list("pk", flat=True))


def emails_of_every_kind(count):
    """`count` each of: waitlisted, confirmed, "your tables", confirmation requests and invitations."""
    event = EventFactory(offerings=True, researcher_capacity=10 * count)
    round_1 = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY, published_at=timezone.now())
    table = TableFactory(event=event, number=1)
    TableThemeFactory(round=round_1, table=table)
    waiting = [RegistrationFactory(event=event, status=RegistrationStatus.APPLIED).pk for _ in range(count)]
    confirmed = [RegistrationFactory(event=event, status=RegistrationStatus.APPLIED).pk for _ in range(count)]
    seated = [SeatFactory(round=round_1, table=table, registration=RegistrationFactory(
        event=event, status=RegistrationStatus.CONFIRMED)).registration for _ in range(count)]
    services.change_status(registration_ids=waiting, status=RegistrationStatus.WAITLISTED)
    services.change_status(registration_ids=confirmed, status=RegistrationStatus.CONFIRMED)
    services.queue_registration_emails(emails=[(registration, EmailKind.SEATING) for registration in seated])
    for n in range(count):
        address_proof.submit_registration(event=event, **details(event, f"new{n}@kaist.example"))
    services.send_invitations(invitation_ids=[InvitationFactory(event=event).pk for _ in range(count)])
    return event


def test_the_change_stores_light_rows_in_one_insert_and_nothing_is_rendered_in_it():
    event = EventFactory(researcher_capacity=100)
    ids = [RegistrationFactory(event=event, status=RegistrationStatus.APPLIED).pk for _ in range(12)]

    with CaptureQueriesContext(connection) as queries:
        services.change_status(registration_ids=ids, status=RegistrationStatus.CONFIRMED)

    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "attendees_outboundemail"')]
    assert len(inserts) == 1
    rows = OutboundEmail.objects.filter(event=event)
    assert set(rows.values_list("state", "subject", "body_text", "body_html")) == {(EmailState.PENDING, "", "", "")}
    assert rows.count() == 12


def test_writing_twenty_of_every_kind_costs_the_queries_of_writing_five():
    counts = []
    for count in (5, 20):
        emails_of_every_kind(count)
        ids = pending_ids()
        with CaptureQueriesContext(connection) as queries:
            written = write_emails(email_ids=ids)
        assert len(written) == len(ids) == 5 * count
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_each_kind_is_written_with_what_applies_when_it_is_written():
    event = emails_of_every_kind(2)
    write_pending()

    rows = OutboundEmail.objects.filter(event=event)
    assert set(rows.values_list("state", flat=True)) == {EmailState.QUEUED}
    waitlisted = rows.filter(kind=EmailKind.WAITLISTED).order_by("registration__created_at", "registration_id")
    assert ["Your position: 1." in e.body_text for e in waitlisted] == [True, False]
    assert ["Your position: 2." in e.body_text for e in waitlisted] == [False, True]
    seating = rows.filter(kind=EmailKind.SEATING).first()
    assert "Round 1: table 1" in seating.body_text
    confirm = rows.filter(kind=EmailKind.CONFIRM).first()
    assert "/confirm/[confirm-link]/" in confirm.body_text  # the working link is put in when sending
    invitation = rows.filter(kind=EmailKind.INVITATION).select_related("invitation").first()
    assert invitation.invitation.code in invitation.body_text


def test_delivery_never_sends_a_row_not_written_yet():
    registration = RegistrationFactory()
    email = services.queue_registration_emails(emails=[(registration, EmailKind.CONFIRMED)])[0]

    assert delivery.deliver(email_id=email.pk) is None
    assert delivery.retry_emails(email_ids=[email.pk]) == 0  # the organizer's retry leaves it to the writer
    email.refresh_from_db()
    assert (email.state, email.attempts, mail.outbox) == (EmailState.PENDING, 0, [])


def test_a_row_whose_record_is_gone_fails_with_the_reason_and_the_others_are_written():
    event = EventFactory(offerings=True)
    for n in range(2):
        address_proof.submit_registration(event=event, **details(event, f"new{n}@kaist.example"))
    RegistrationRequest.objects.filter(email="new0@kaist.example").delete()

    write_pending()

    lost, kept = OutboundEmail.objects.order_by("to")
    assert (lost.state, lost.last_error) == (
        EmailState.FAILED, "LookupError: Its registration request was deleted before the email was written.")
    assert (kept.state, kept.subject) == (EmailState.QUEUED, f"Confirm your registration: {event.name}")


def test_the_admin_list_shows_a_row_not_written_yet_and_says_why_it_has_no_text(admin_client):
    registration = RegistrationFactory()
    email = services.queue_registration_emails(emails=[(registration, EmailKind.CONFIRMED)])[0]

    listing = admin_client.get(reverse("admin:attendees_outboundemail_changelist")).content.decode()
    page = admin_client.get(reverse("admin:attendees_outboundemail_change", args=[email.pk])).content.decode()

    assert "To be written" in listing
    assert "Not written yet: the worker writes it in a moment" in page


@pytest.mark.django_db(transaction=True)
def test_an_email_whose_writing_task_was_lost_after_the_commit_is_written_and_sent_by_the_recovery_pass(settings):
    """The process dies between the commit and the task: here the task is enqueued where no worker runs it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    event = EventFactory(offerings=True)
    outcome = services.register(event=event, **details(event, "minjun@kaist.example"))  # committed
    (email,) = OutboundEmail.objects.filter(registration=outcome.registration)
    assert email.state == EmailState.PENDING

    assert recover_emails().written == []  # still within the minute the task normally takes
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=F("next_attempt_at") - timedelta(minutes=2))
    assert recover_emails().written == [email.pk]
    assert recover_emails().written == []

    email.refresh_from_db()
    (message,) = mail.outbox
    assert (email.state, message.subject) == (EmailState.SENT, f"Registration received: {event.name}")
    assert links.personal_page_url(outcome.registration) in message.body


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_write_each_email_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    event = EventFactory(researcher_capacity=100)
    ids = [RegistrationFactory(event=event, status=RegistrationStatus.APPLIED).pk for _ in range(40)]
    services.change_status(registration_ids=ids, status=RegistrationStatus.CONFIRMED)
    email_ids = pending_ids()
    written = []

    errors = run_at_once([lambda: written.extend(write_emails(email_ids=email_ids)) for _ in range(3)])

    assert errors == []
    assert sorted(written) == sorted(email_ids)
    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {EmailState.QUEUED}
