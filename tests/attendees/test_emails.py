"""Which change sends which email, and what it says (locmem backend, tasks run at once)."""
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from attendees import links, services
from attendees.enums import RegistrationStatus
from attendees.mail.enums import EmailKind, EmailState
from attendees.mail.qr import checkin_qr_png
from attendees.models import OutboundEmail, Registration
from tests.attendees.test_registration import form_data, latest_confirm_path, register_and_confirm, register_url
from tests.factories import (
    EmailTemplateFactory, InvitationFactory, RegistrationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def send_after_commit(django_capture_on_commit_callbacks):
    """Run what the code schedules with transaction.on_commit (the tests run inside a transaction)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def attachments_by_type(message):
    return {part.get_content_type(): part for part in message.message().walk() if part.get_filename()}


def test_registering_sends_received_email_with_personal_link_qr_code_and_calendar(client, event, send_after_commit):
    with send_after_commit():
        response = register_and_confirm(client, event, form_data(event))

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert len(mail.outbox) == 2  # "confirm your registration", then this one
    message = mail.outbox[1]
    assert message.to == ["minjun@kaist.ac.kr"]
    assert message.subject == f"Registration received: {event.name}"
    assert links.personal_page_url(registration) in message.body
    html = message.alternatives[0].content
    assert f'href="{links.personal_page_url(registration)}"' in html
    assert 'src="cid:checkin-qr"' in html
    parts = attachments_by_type(message)
    assert sorted(parts) == ["image/png", "text/calendar"]
    assert parts["image/png"].get_payload(decode=True) == checkin_qr_png(registration)
    assert parts["image/png"]["Content-ID"] == "<checkin-qr>"
    ics = parts["text/calendar"].get_payload(decode=True).decode()
    assert f"UID:registration-{registration.pk}-{event.slug}@127.0.0.1\r\n" in ics
    email = OutboundEmail.objects.get(kind=EmailKind.REGISTERED)
    assert (email.kind, email.state, email.attempts, email.registration) == (
        EmailKind.REGISTERED, EmailState.SENT, 1, registration)


def test_registration_and_its_email_row_are_stored_together_and_written_after_the_commit(client, event):
    response = client.post(register_url(event), form_data(event))  # on_commit never runs: nothing written yet
    request_email = OutboundEmail.objects.get()
    assert (request_email.kind, request_email.registration, request_email.state, request_email.body_text) == (
        EmailKind.CONFIRM, None, EmailState.PENDING, "")
    confirmation = client.post(latest_confirm_path())  # what the writer does after the commit, then the link

    assert (response.status_code, confirmation.status_code) == (302, 302)
    email = OutboundEmail.objects.get(kind=EmailKind.REGISTERED)
    assert (email.registration, email.state, email.attempts, email.subject) == (
        Registration.objects.get(), EmailState.PENDING, 0, "")
    assert mail.outbox == []


def test_refused_registration_writes_no_email(client, event, send_after_commit):
    event.registration_closes_at = timezone.now() - timedelta(minutes=1)
    event.registration_opens_at = timezone.now() - timedelta(days=3)
    event.save()

    with send_after_commit():
        client.post(register_url(event), form_data(event))

    assert (OutboundEmail.objects.count(), mail.outbox) == (0, [])


def test_registering_twice_sends_no_second_registration_email_only_already_registered(
        client, event, send_after_commit):
    with send_after_commit():
        register_and_confirm(client, event, form_data(event))
        client.post(register_url(event), form_data(event, email="MINJUN@kaist.ac.kr"))

    assert [m.subject for m in mail.outbox] == [
        f"Confirm your registration: {event.name}", f"Registration received: {event.name}",
        f"You are already registered: {event.name}"]


def test_registering_onto_the_waitlist_sends_the_position_without_ticket(client, event, send_after_commit):
    event.researcher_capacity = 1
    event.save()
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    with send_after_commit():
        register_and_confirm(client, event, form_data(event))

    (_, message) = mail.outbox
    assert message.subject == f"You are on the waitlist: {event.name}"
    assert "Your position: 2." in message.body
    assert attachments_by_type(message) == {}


def test_registration_stores_the_active_language_and_its_email_uses_that_languages_template(
        client, event, send_after_commit):
    EmailTemplateFactory(event=event, kind=EmailKind.REGISTERED, language="ko",
                         subject="{{ event.name }} 등록 완료", body="{{ first_name }}님, 감사합니다.")
    EmailTemplateFactory(event=event, kind=EmailKind.REGISTERED, language="en", subject="English", body="English")

    with send_after_commit():
        register_and_confirm(client, event, form_data(event), HTTP_ACCEPT_LANGUAGE="ko")

    assert Registration.objects.get().language == "ko"
    (_, message) = mail.outbox
    assert (message.subject, message.body) == (f"{event.name} 등록 완료", "Minjun님, 감사합니다.\n")


@pytest.mark.parametrize(("old", "new", "subject"), [
    (RegistrationStatus.APPLIED, RegistrationStatus.CONFIRMED, "Your place is confirmed: {}"),
    (RegistrationStatus.WAITLISTED, RegistrationStatus.CONFIRMED, "A place opened up for you: {}"),
    (RegistrationStatus.APPLIED, RegistrationStatus.WAITLISTED, "You are on the waitlist: {}"),
    (RegistrationStatus.CONFIRMED, RegistrationStatus.CANCELLED, "Your registration is cancelled: {}"),
])
def test_status_change_sends_its_email(event, send_after_commit, old, new, subject):
    registration = RegistrationFactory(event=event, status=old)

    with send_after_commit():
        services.change_status(registration_ids=[registration.pk], status=new)

    assert [(m.to, m.subject) for m in mail.outbox] == [([registration.researcher.email], subject.format(event.name))]


def test_confirmation_carries_qr_code_and_calendar_cancellation_only_the_calendar_cancel(event, send_after_commit):
    registration = RegistrationFactory(event=event, status=RegistrationStatus.APPLIED)

    # Sent one after the other: the calendar entry's STATUS is the registration's when its email goes out.
    with send_after_commit():
        services.change_status(registration_ids=[registration.pk], status=RegistrationStatus.CONFIRMED)
    with send_after_commit():
        services.change_status(registration_ids=[registration.pk], status=RegistrationStatus.CANCELLED)

    confirmation, cancellation = (attachments_by_type(m) for m in mail.outbox)
    assert sorted(confirmation) == ["image/png", "text/calendar"]
    assert sorted(cancellation) == ["text/calendar"]
    entry, removal = (part["text/calendar"].get_payload(decode=True).decode() for part in (confirmation, cancellation))
    uid = next(line for line in entry.splitlines() if line.startswith("UID:"))
    assert uid in removal.splitlines()
    assert ("METHOD:PUBLISH", "SEQUENCE:0", "STATUS:CONFIRMED") == tuple(
        line for line in entry.splitlines() if line.split(":")[0] in ("METHOD", "SEQUENCE", "STATUS"))
    assert ("METHOD:CANCEL", "SEQUENCE:1", "STATUS:CANCELLED") == tuple(
        line for line in removal.splitlines() if line.split(":")[0] in ("METHOD", "SEQUENCE", "STATUS"))


def test_declining_sends_no_email(event, send_after_commit):
    registration = RegistrationFactory(event=event, status=RegistrationStatus.APPLIED)

    with send_after_commit():
        services.change_status(registration_ids=[registration.pk], status=RegistrationStatus.DECLINED)

    assert mail.outbox == []


def test_cancellation_emails_the_leaver_and_the_promoted_person(event, send_after_commit):
    event.researcher_capacity = 1
    event.save()
    leaving = RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    with send_after_commit():
        services.cancel_registration(registration_id=leaving.pk)

    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        (leaving.researcher.email, f"Your registration is cancelled: {event.name}"),
        (waiting.researcher.email, f"A place opened up for you: {event.name}"),
    ]


def test_send_invitations_queues_one_email_per_invitation_with_code_and_link(event, send_after_commit):
    first, second = InvitationFactory.create_batch(2, event=event, first_name="Hana")
    used = InvitationFactory(event=event)
    RegistrationFactory(event=event, invitation=used)
    now = timezone.now()

    with send_after_commit():
        count = services.send_invitations(invitation_ids=[first.pk, second.pk, used.pk], now=now)

    assert count == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])
    message = next(m for m in mail.outbox if m.to == [first.email])
    assert message.subject == f"You are invited: {event.name}"
    assert first.code in message.body
    register_path = reverse("attendees:register", kwargs={"slug": event.slug})
    assert f"http://127.0.0.1:8000{register_path}?code={first.code}" in message.body
    first.refresh_from_db()
    used.refresh_from_db()
    assert (first.sent_at, used.sent_at) == (now, None)
    assert OutboundEmail.objects.get(invitation=first).kind == EmailKind.INVITATION
