"""Emails whose worker died: the recovery pass sends them again once, or marks them failed.

A worker killed while it talks to the mail server leaves the email claimed (`sending`), its
attempt counted and no outcome. `WorkerKilledMidSend` ends the "process" at that very point
(SystemExit is no Exception, so deliver records nothing); the real kill -9 is in
tests/worker/test_killed_worker.py. The queue is a real one: django-tasks-db's, or RQ's with
TASKS_BACKEND=rq (tests/task_queue.py).
"""
import io
import logging
import threading
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from attendees.mail import delivery
from attendees.mail.enums import EmailState
from attendees.mail.queue import enqueue_delivery
from attendees.mail.recovery import recover_emails
from attendees.models import OutboundEmail
from attendees.tasks import send_outbound_email
from tests.factories import OutboundEmailFactory
from tests.smtp import Inbox, SmtpServer
from tests.tables.test_concurrency import waiting_for_lock

pytestmark = pytest.mark.django_db(transaction=True)

STOPPED_WHILE_SENDING = "The worker stopped while sending this email (killed or restarted); it is sent again."


@pytest.fixture(autouse=True)
def english():
    """The messages stored for organizers are compared in English, whatever an earlier test activated."""
    with translation.override("en"):
        yield


class WorkerKilledMidSend(BaseEmailBackend):
    def send_messages(self, messages):
        raise SystemExit(137)


@pytest.fixture(autouse=True)
def queue(task_queue):
    return task_queue


def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers and has no row locks; run with DATABASE_URL=postgres://...")


def killed_mid_send(settings, email):
    backend = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "tests.attendees.test_recovery.WorkerKilledMidSend"
    with pytest.raises(SystemExit):
        delivery.deliver(email_id=email.pk)
    settings.EMAIL_BACKEND = backend
    email.refresh_from_db()
    return email


def let_the_lease_pass(settings, email, *, by=timedelta(seconds=1)):
    OutboundEmail.objects.filter(pk=email.pk).update(
        claimed_at=F("claimed_at") - timedelta(seconds=settings.EMAIL_SEND_LEASE) - by)


def delivery_tasks(queue, email):
    """The status of each delivery task of `email`, oldest first."""
    return queue.statuses(send_outbound_email, email.pk)


def run_next_worker():
    call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


def test_email_whose_worker_died_mid_send_is_sent_once_by_the_next_worker(queue, settings):
    email = killed_mid_send(settings, OutboundEmailFactory())
    assert (email.state, email.attempts, len(mail.outbox)) == (EmailState.SENDING, 1, 0)
    let_the_lease_pass(settings, email)

    run_next_worker()
    run_next_worker()

    email.refresh_from_db()
    assert [m.to for m in mail.outbox] == [[email.to]]
    assert (email.state, email.attempts, email.claimed_at, email.last_error) == (EmailState.SENT, 2, None, "")
    assert delivery_tasks(queue, email) == ["SUCCESSFUL"]


@pytest.mark.parametrize(("past_the_lease", "expected_state"), [
    (timedelta(seconds=-5), EmailState.SENDING),
    (timedelta(seconds=5), EmailState.RETRYING),
])
def test_a_claim_is_taken_back_only_once_its_lease_has_passed(queue, settings, past_the_lease, expected_state):
    email = killed_mid_send(settings, OutboundEmailFactory())
    now = email.claimed_at + timedelta(seconds=settings.EMAIL_SEND_LEASE) + past_the_lease

    recover_emails(now=now)

    email.refresh_from_db()
    assert (email.state, email.attempts) == (expected_state, 1)
    if expected_state == EmailState.RETRYING:
        assert (email.last_error, email.next_attempt_at) == (STOPPED_WHILE_SENDING, now)
        assert len(delivery_tasks(queue, email)) == 1
    else:
        assert (email.last_error, delivery_tasks(queue, email)) == ("", [])


def test_abandoned_email_at_its_last_attempt_fails_with_a_clear_error(queue, settings, admin_client):
    settings.EMAIL_MAX_ATTEMPTS = 3
    email = killed_mid_send(settings, OutboundEmailFactory(state=EmailState.RETRYING, attempts=2))
    let_the_lease_pass(settings, email)

    outcome = recover_emails()
    response = admin_client.get(reverse("admin:attendees_outboundemail_changelist") + "?state__exact=failed")

    email.refresh_from_db()
    assert (outcome.failed, outcome.retried) == ([email.pk], [])
    assert (email.state, email.attempts, email.claimed_at) == (EmailState.FAILED, 3, None)
    assert email.last_error == (
        "The worker stopped while sending this email (killed or restarted); no attempt is left.")
    assert [e.pk for e in response.context["cl"].result_list] == [email.pk]
    assert "The worker stopped while sending this email" in response.content.decode()
    assert delivery_tasks(queue, email) == []


def test_organizer_retry_leaves_an_email_being_sent_alone(queue, settings, admin_client):
    """Its sender may be alive: a second sender now would deliver it twice."""
    email = killed_mid_send(settings, OutboundEmailFactory())

    response = admin_client.post(reverse("admin:attendees_outboundemail_changelist"), {
        "action": "retry_selected", "_selected_action": [email.pk]}, follow=True)

    email.refresh_from_db()
    assert "0 emails queued again." in response.content.decode()
    assert (email.state, delivery_tasks(queue, email)) == (EmailState.SENDING, [])


def test_due_email_with_no_task_waiting_is_enqueued_again_once(queue):
    forgotten = OutboundEmailFactory(next_attempt_at=timezone.now() - timedelta(minutes=2))
    waiting = OutboundEmailFactory(next_attempt_at=timezone.now() - timedelta(minutes=2))
    enqueue_delivery(waiting.pk)

    first = recover_emails()
    second = recover_emails()
    run_next_worker()

    assert (first.requeued, second.requeued) == ([forgotten.pk], [])
    assert (len(delivery_tasks(queue, forgotten)), len(delivery_tasks(queue, waiting))) == (1, 1)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([forgotten.to, waiting.to])


def test_email_just_written_is_left_to_its_own_task(queue):
    fresh = OutboundEmailFactory(next_attempt_at=timezone.now())

    outcome = recover_emails()

    assert (bool(outcome), delivery_tasks(queue, fresh)) == (False, [])


class PausedPastTheLease(BaseEmailBackend):
    """A sender paused past its lease (set too short): recovery takes the email back before it ends."""

    fails = False

    def send_messages(self, messages):
        OutboundEmail.objects.filter(state=EmailState.SENDING).update(
            claimed_at=F("claimed_at") - timedelta(seconds=django_settings.EMAIL_SEND_LEASE + 1))
        recover_emails()
        if self.fails:
            raise ConnectionResetError("the mail server hung up")
        mail.outbox.extend(messages)
        return len(messages)


@pytest.mark.parametrize("fails", [False, True])
def test_sender_that_outlived_its_lease_does_not_undo_the_recovery(queue, settings, monkeypatch, fails):
    """Sent late, the email is marked sent and the retry sends nothing; failed late, the retry stands."""
    settings.EMAIL_BACKEND = f"{__name__}.PausedPastTheLease"
    monkeypatch.setattr(PausedPastTheLease, "fails", fails)
    email = OutboundEmailFactory()

    outcome = delivery.deliver(email_id=email.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_next_worker()

    email.refresh_from_db()
    expected = (None, EmailState.SENT, 2, 1) if fails else (EmailState.SENT, EmailState.SENT, 1, 1)
    assert (outcome, email.state, email.attempts, len(mail.outbox)) == expected
    assert len(delivery_tasks(queue, email)) == 1


def test_worker_logs_name_the_email_never_its_address(settings, caplog):
    class RefusingInbox(Inbox):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            return "550 No such user here"

    email = OutboundEmailFactory(to="lost.researcher@example.org")
    with SmtpServer(RefusingInbox()) as server, caplog.at_level(logging.DEBUG):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
        state = delivery.deliver(email_id=email.pk)

    email.refresh_from_db()
    assert (state, email.last_error.startswith("SMTPRecipientsRefused")) == (EmailState.FAILED, True)
    assert [r.getMessage() for r in caplog.records if r.name == "attendees.mail.delivery"] == [
        f"Email {email.pk}: attempt 1 failed (SMTPRecipientsRefused)"]
    # mail.log is the test's SMTP server talking, not Roundtable
    assert [r.name for r in caplog.records if "lost.researcher" in r.getMessage() and r.name != "mail.log"] == []


# PostgreSQL: real threads, real row locks.

def test_slow_sender_that_is_alive_is_left_alone(queue, settings):
    postgresql_only()
    email = OutboundEmailFactory()
    inbox = Inbox(hold_first=True)
    with SmtpServer(inbox) as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 20
        outcomes = []
        sender = threading.Thread(target=lambda: (outcomes.append(delivery.deliver(email_id=email.pk)),
                                                  connections.close_all()))
        sender.start()
        assert inbox.holding.wait(timeout=20)

        out = io.StringIO()
        call_command("recover", stdout=out)
        inbox.release()
        sender.join(timeout=30)

    email.refresh_from_db()
    assert out.getvalue() == "Nothing to recover.\n"
    assert (outcomes, email.state, email.attempts, len(inbox.messages)) == ([EmailState.SENT], EmailState.SENT, 1, 1)
    assert delivery_tasks(queue, email) == []


@pytest.mark.parametrize("stuck", ["abandoned", "forgotten"])
def test_two_recovery_passes_at_once_enqueue_the_email_once(queue, settings, stuck):
    postgresql_only()
    if stuck == "abandoned":
        email = killed_mid_send(settings, OutboundEmailFactory())
        let_the_lease_pass(settings, email)
    else:
        email = OutboundEmailFactory(next_attempt_at=timezone.now() - timedelta(minutes=2))
    outcomes = []

    def recovery_pass():
        try:
            outcomes.append(recover_emails())
        finally:
            connections.close_all()

    passes = [threading.Thread(target=recovery_pass) for _ in range(2)]
    with transaction.atomic():
        OutboundEmail.objects.select_for_update().get(pk=email.pk)  # both passes reach the row, then wait
        for thread in passes:
            thread.start()
        waiting_for_lock(2)
    for thread in passes:
        thread.join(timeout=30)

    recovered = sorted(len(o.retried) + len(o.requeued) for o in outcomes)
    assert (recovered, len(delivery_tasks(queue, email))) == ([0, 1], 1)
