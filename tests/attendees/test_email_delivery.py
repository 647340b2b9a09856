"""Mail server down, then up: the registration is never lost and its email goes out later.

These tests talk SMTP to a real server (aiosmtpd) on a free localhost port, or to that port
while nothing listens on it.
"""
import email
import email.policy
import io
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from attendees.mail import delivery
from attendees.mail.enums import EmailKind, EmailState
from attendees.models import OutboundEmail, Registration
from attendees.tasks import send_outbound_email
from tests.attendees.test_registration import form_data, latest_confirm_path, register_url
from tests.factories import EventFactory, OutboundEmailFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


class Inbox:
    """aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted"


@pytest.fixture
def smtp_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_settings(settings, smtp_port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return settings


@pytest.fixture
def start_smtp_server(smtp_port):
    """Call it to bring the mail server up; it is stopped after the test."""
    controllers = []

    def start():
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        controllers.append(controller)
        return inbox

    yield start
    for controller in controllers:
        controller.stop()


def attachment_names(message):
    return sorted(part.get_filename() for part in message.iter_attachments())


def test_mail_server_down_then_up_loses_nothing(client, event, smtp_settings, start_smtp_server,
                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(event), form_data(event))
        confirmation = client.post(latest_confirm_path())  # the link is in the stored email, sent or not

    assert (response.status_code, confirmation.status_code) == (302, 302)
    registration = Registration.objects.get()
    waiting = OutboundEmail.objects.get(kind=EmailKind.REGISTERED)
    assert (waiting.registration, waiting.state, waiting.attempts) == (registration, EmailState.RETRYING, 1)
    assert waiting.last_error.startswith("ConnectionRefusedError")
    assert waiting.next_attempt_at is not None

    inbox = start_smtp_server()
    out = io.StringIO()
    call_command("retry_emails", stdout=out)

    assert out.getvalue() == "2 sent, 0 not sent (see the admin's Emails list for the errors).\n"
    received = next(m for m in inbox.messages if m["Subject"] == f"Registration received: {event.name}")
    assert received["To"] == "minjun@kaist.ac.kr"
    assert attachment_names(received) == ["check-in-qr.png", f"{event.slug}.ics"]
    sent = OutboundEmail.objects.get(kind=EmailKind.REGISTERED)
    assert (sent.state, sent.attempts, sent.last_error, sent.next_attempt_at) == (EmailState.SENT, 2, "", None)
    assert sent.sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_worker_retries_on_its_own_once_the_mail_server_is_back(client, smtp_settings, start_smtp_server, task_queue):
    """The real queue: the task re-enqueues itself for later, and the worker sends it then."""
    event = EventFactory(offerings=True)

    response = client.post(register_url(event), form_data(event))
    task_queue.run_worker()

    assert response.status_code == 302
    failed_once = OutboundEmail.objects.get()
    assert (failed_once.state, failed_once.attempts) == (EmailState.RETRYING, 1)
    # The first attempt is made by the task that wrote the email; the retry is a task of its own.
    assert task_queue.statuses(send_outbound_email, failed_once.pk) == ["READY"]
    (retry_at,) = task_queue.deferred_until(send_outbound_email, failed_once.pk)
    assert abs(retry_at - failed_once.next_attempt_at) < timedelta(seconds=1)  # RQ keeps whole seconds

    inbox = start_smtp_server()
    # Let the backoff pass instead of waiting a minute.
    task_queue.make_due()
    OutboundEmail.objects.update(next_attempt_at=timezone.now())
    task_queue.run_worker()

    assert [m["Subject"] for m in inbox.messages] == [f"Confirm your registration: {event.name}"]
    assert OutboundEmail.objects.get().state == EmailState.SENT
    assert task_queue.statuses(send_outbound_email, failed_once.pk) == ["SUCCESSFUL"]


def test_email_gives_up_after_the_last_attempt_and_retry_sends_it(smtp_settings, start_smtp_server):
    smtp_settings.EMAIL_MAX_ATTEMPTS = 2
    queued = OutboundEmailFactory()
    now = timezone.now()

    first = delivery.deliver(email_id=queued.pk, now=now)
    too_early = delivery.deliver(email_id=queued.pk, now=now + timedelta(seconds=30))
    second = delivery.deliver(email_id=queued.pk, now=now + timedelta(minutes=1))

    assert (first, too_early, second) == (EmailState.RETRYING, None, EmailState.FAILED)
    queued.refresh_from_db()
    assert (queued.attempts, queued.next_attempt_at) == (2, None)

    inbox = start_smtp_server()
    call_command("retry_emails", "--state", "failed", stdout=io.StringIO())

    assert [m["Subject"] for m in inbox.messages] == ["Your place is confirmed"]
    queued.refresh_from_db()
    assert (queued.state, queued.attempts) == (EmailState.SENT, 3)


def test_refused_recipient_fails_at_once(smtp_settings, start_smtp_server):
    class RefusingInbox(Inbox):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            return "550 No such user"

    refused = OutboundEmailFactory(to="nobody@example.org")
    controller = Controller(RefusingInbox(), hostname="127.0.0.1", port=smtp_settings.EMAIL_PORT)
    controller.start()
    try:
        state = delivery.deliver(email_id=refused.pk)
    finally:
        controller.stop()

    refused.refresh_from_db()
    assert (state, refused.attempts) == (EmailState.FAILED, 1)
    assert refused.last_error.startswith("SMTPRecipientsRefused")


def test_a_sent_email_is_never_sent_twice():
    sent = OutboundEmailFactory()
    delivery.deliver(email_id=sent.pk)

    again = delivery.deliver(email_id=sent.pk)

    assert (again, len(mail.outbox)) == (None, 1)


@pytest.mark.parametrize(("attempts", "minutes"), [(1, 1), (2, 2), (3, 4), (6, 32), (7, 60), (12, 60)])
def test_backoff_doubles_up_to_an_hour(attempts, minutes):
    assert delivery.backoff(attempts) == timedelta(minutes=minutes)


# Admin

def test_admin_retry_action_sends_failed_emails(admin_client, django_capture_on_commit_callbacks):
    failed = OutboundEmailFactory(state=EmailState.FAILED, attempts=8, last_error="SMTPServerDisconnected: gone")
    sent = OutboundEmailFactory(state=EmailState.SENT, attempts=1)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:attendees_outboundemail_changelist"), {
            "action": "retry_selected", "_selected_action": [failed.pk, sent.pk]}, follow=True)

    assert "1 email queued again." in response.content.decode()
    assert [m.to for m in mail.outbox] == [[failed.to]]
    failed.refresh_from_db()
    assert failed.state == EmailState.SENT


@pytest.mark.parametrize(("query", "expected_subjects"), [
    ("state__exact=failed", ["Bounced"]),
    ("kind__exact=waitlisted", ["Waiting"]),
])
def test_admin_email_list_filters_by_state_and_kind(admin_client, query, expected_subjects):
    OutboundEmailFactory(subject="Bounced", state=EmailState.FAILED, last_error="SMTPDataError: 554")
    OutboundEmailFactory(subject="Waiting", kind=EmailKind.WAITLISTED)
    OutboundEmailFactory(subject="Fine", state=EmailState.SENT)

    response = admin_client.get(reverse("admin:attendees_outboundemail_changelist") + "?" + query)

    assert [e.subject for e in response.context["cl"].result_list] == expected_subjects


def test_admin_email_list_filters_by_event_and_shows_the_error(admin_client):
    mine = OutboundEmailFactory(state=EmailState.RETRYING, attempts=3, last_error="ConnectionRefusedError: [Errno 111]")
    OutboundEmailFactory()

    response = admin_client.get(
        reverse("admin:attendees_outboundemail_changelist") + f"?event__id__exact={mine.event_id}")

    assert [e.pk for e in response.context["cl"].result_list] == [mine.pk]
    assert "ConnectionRefusedError: [Errno 111]" in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_admin_email_list_query_count_does_not_grow(admin_client, count, django_assert_num_queries):
    registration = RegistrationFactory()
    OutboundEmailFactory.create_batch(count, registration=registration)

    with django_assert_num_queries(8):
        admin_client.get(reverse("admin:attendees_outboundemail_changelist"))
