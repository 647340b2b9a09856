from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from tables import services
from tables.services import generation
from tables.enums import RunState
from tables.exceptions import SeatingError
from tables.models import Seat, SeatingRun
from tables.signals import round_published
from tests.factories import FIXED_NOW

from .conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_rounds():
    received = []

    def receiver(sender, round, **kwargs):
        received.append(round.pk)

    round_published.connect(receiver)
    yield received
    round_published.disconnect(receiver)


def test_publish_sends_the_signal_only_after_commit(seated_event, published_rounds, django_capture_on_commit_callbacks):
    round_1 = seated_event.rounds.get(number=1)

    with django_capture_on_commit_callbacks() as callbacks:
        services.publish(round=round_1, now=FIXED_NOW)
        assert published_rounds == []

    assert len(callbacks) == 1
    callbacks[0]()
    round_1.refresh_from_db()
    assert published_rounds == [round_1.pk]
    assert round_1.published_at == FIXED_NOW


def test_publishing_twice_sends_one_signal(seated_event, published_rounds, django_capture_on_commit_callbacks):
    round_1 = seated_event.rounds.get(number=1)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish(round=round_1)
        services.publish(round=round_1)

    assert published_rounds == [round_1.pk]


def test_publish_with_unseated_researchers_is_refused(seated_event, published_rounds,
                                                      django_capture_on_commit_callbacks):
    round_2 = seated_event.rounds.get(number=2)
    Seat.objects.filter(round=round_2, registration__isnull=False).first().delete()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(SeatingError) as refusal:
        services.publish(round=round_2)

    assert str(refusal.value) == "1 confirmed researcher(s) have no seat in this round: generate the round first."
    assert published_rounds == []
    round_2.refresh_from_db()
    assert round_2.published_at is None


def test_unpublish(seated_event):
    round_1 = services.publish(round=seated_event.rounds.get(number=1))

    services.unpublish(round=round_1)

    round_1.refresh_from_db()
    assert round_1.published_at is None


def test_background_run_ends_done_with_a_plan(django_capture_on_commit_callbacks, django_user_model):
    event = make_event()
    for round_ in event.rounds.all():
        services.apply_themes(round=round_, proposal=services.suggest_themes(round=round_))
    organizer = django_user_model.objects.create_user("organizer", is_staff=True)

    with django_capture_on_commit_callbacks(execute=True):  # the ImmediateBackend runs the task on enqueue
        run = services.start_run(event=event, round_numbers=[1, 2], requested_by=organizer)

    run.refresh_from_db()
    assert run.state == RunState.DONE
    assert run.progress == 1.0
    assert run.requested_by == organizer
    assert run.started_at is not None and run.finished_at is not None
    assert Seat.objects.filter(round__event=event).count() == 2 * (12 + 8)
    assert run.best_score == generation._score_of(event)


def test_background_run_of_an_infeasible_event_fails_with_the_message(django_capture_on_commit_callbacks):
    event = make_event()  # no themes: the company round has nowhere to put its hosts

    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_run(event=event, round_numbers=[1])

    run.refresh_from_db()
    assert run.state == RunState.FAILED
    assert run.message.startswith("The seating cannot be generated:\nround 1: table T1 has no theme")
    assert Seat.objects.filter(round__event=event).count() == 0


def test_second_run_while_one_is_running_is_refused(seated_event):
    SeatingRun.objects.create(event=seated_event, round_numbers=[1], state=RunState.RUNNING)

    with pytest.raises(SeatingError) as refusal:
        services.start_run(event=seated_event, round_numbers=[1])

    assert str(refusal.value) == "A seating run for this event is already in progress; wait for it to finish."
    assert SeatingRun.objects.filter(event=seated_event).count() == 1


def test_a_run_whose_worker_died_does_not_block_the_next(seated_event, django_capture_on_commit_callbacks):
    stale = SeatingRun.objects.create(event=seated_event, round_numbers=[1], state=RunState.RUNNING)
    SeatingRun.objects.filter(pk=stale.pk).update(updated_at=FIXED_NOW)

    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_run(event=seated_event, round_numbers=[2], now=FIXED_NOW + timedelta(minutes=2))

    stale.refresh_from_db()
    run.refresh_from_db()
    assert (stale.state, run.state) == (RunState.FAILED, RunState.DONE)


def test_the_database_allows_one_active_run_per_event(seated_event):
    SeatingRun.objects.create(event=seated_event, state=RunState.QUEUED)

    with pytest.raises(IntegrityError), transaction.atomic():
        SeatingRun.objects.create(event=seated_event, state=RunState.RUNNING)
