"""Publishing a round returns at once: the seating emails are written by a background task (issue 11)."""
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attendees.enums import RegistrationStatus
from attendees.mail.enums import EmailKind, EmailState
from attendees.models import OutboundEmail
from portal.tasks import email_published_round
from tables.models import Round
from tests.factories import EventFactory, RegistrationFactory, RoundFactory, SeatFactory, TableFactory
from worker.recovery import run_recovery

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_tasks(settings):
    """Tasks are kept, not run, as in production where the worker runs them after the request."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return lambda: [result.args for result in email_published_round.get_backend().results
                    if result.task.name == email_published_round.name]


def publish_seated(admin_client, count, django_capture_on_commit_callbacks):
    event = EventFactory(researcher_capacity=count)
    round_1 = RoundFactory(event=event, number=1)
    table = TableFactory(event=event, number=1)
    for _ in range(count):
        SeatFactory(round=round_1, table=table,
                    registration=RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED))
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:tables_round_board_publish", args=[round_1.pk]))
    assert response.status_code == 302
    return len(queries), round_1


def test_the_organizers_request_writes_no_email_and_costs_the_same_for_five_or_twenty(
        admin_client, queued_tasks, django_capture_on_commit_callbacks):
    few, _round = publish_seated(admin_client, 5, django_capture_on_commit_callbacks)
    many, round_1 = publish_seated(admin_client, 20, django_capture_on_commit_callbacks)

    assert many == few
    assert OutboundEmail.objects.count() == 0
    assert queued_tasks()[-1] == [round_1.pk]


def test_the_task_writes_every_seated_researchers_email(admin_client, queued_tasks,
                                                        django_capture_on_commit_callbacks):
    _queries, round_1 = publish_seated(admin_client, 7, django_capture_on_commit_callbacks)

    (args,) = queued_tasks()
    assert email_published_round.call(*args) == 7
    assert OutboundEmail.objects.filter(kind=EmailKind.SEATING, event=round_1.event_id).count() == 7


def test_a_round_taken_back_before_the_task_runs_emails_nobody(admin_client, queued_tasks,
                                                               django_capture_on_commit_callbacks):
    _queries, round_1 = publish_seated(admin_client, 3, django_capture_on_commit_callbacks)
    admin_client.post(reverse("admin:tables_round_board_unpublish", args=[round_1.pk]))

    (args,) = queued_tasks()
    assert email_published_round.call(*args) == 0
    assert OutboundEmail.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_worker_writes_and_sends_every_seating_email_after_the_request(admin_client, task_queue,
                                                                          django_capture_on_commit_callbacks):
    _queries, round_1 = publish_seated(admin_client, 4, django_capture_on_commit_callbacks)
    written_in_the_request = OutboundEmail.objects.count()

    task_queue.run_worker()  # the round's task writes the emails; their delivery tasks follow in the same run

    seated = set(round_1.seats.values_list("registration__researcher__email", flat=True))
    assert (written_in_the_request, task_queue.statuses(email_published_round, round_1.pk)) == (0, ["SUCCESSFUL"])
    assert {message.to[0] for message in mail.outbox} == seated and len(mail.outbox) == 4
    assert set(OutboundEmail.objects.values_list("kind", "state")) == {(EmailKind.SEATING, EmailState.SENT)}


def test_a_published_round_whose_task_was_lost_gets_its_emails_from_the_recovery_pass_once(
        admin_client, queued_tasks, django_capture_on_commit_callbacks):
    _queries, round_1 = publish_seated(admin_client, 4, django_capture_on_commit_callbacks)
    published_at = Round.objects.get(pk=round_1.pk).published_at
    # The task sits in a queue no worker runs (lost with a dead worker): nothing is stored yet.

    soon = run_recovery(now=published_at + timedelta(seconds=30))
    later = run_recovery(now=published_at + timedelta(minutes=2))
    again = run_recovery(now=published_at + timedelta(minutes=3))

    assert outcome_of(soon) == outcome_of(again) == ""
    assert outcome_of(later) == f"published rounds: 1 whose emails were never stored, stored now [{round_1.pk}]"
    assert OutboundEmail.objects.filter(kind=EmailKind.SEATING, event=round_1.event_id).count() == 4
    (args,) = queued_tasks()
    assert email_published_round.call(*args) == 0  # the lost task, run at last, finds the round announced
    assert OutboundEmail.objects.count() == 4


def test_recovery_leaves_a_round_taken_back_and_announces_a_round_published_again(
        admin_client, queued_tasks, django_capture_on_commit_callbacks):
    _queries, round_1 = publish_seated(admin_client, 2, django_capture_on_commit_callbacks)
    email_published_round.call(round_1.pk)
    admin_client.post(reverse("admin:tables_round_board_unpublish", args=[round_1.pk]))
    assert outcome_of(run_recovery(now=timezone.now() + timedelta(minutes=2))) == ""

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:tables_round_board_publish", args=[round_1.pk]))
    run_recovery(now=timezone.now() + timedelta(minutes=2))

    round_1.refresh_from_db()
    assert round_1.announced_at is not None  # the second publication is announced too...
    assert OutboundEmail.objects.filter(kind=EmailKind.SEATING).count() == 2  # ...to nobody: no table changed


def outcome_of(outcomes):
    return dict(outcomes)["portal.receivers.announce_forgotten_rounds"]
