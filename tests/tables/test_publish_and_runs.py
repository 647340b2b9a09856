from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from tables import services
from tables.services import generation
from tables.enums import RunState
from tables.exceptions import SeatingError
from attendees.enums import RegistrationStatus
from tables.models import Seat, SeatingRun, TableTheme
from tables.signals import round_published
from tests.factories import FIXED_NOW, RegistrationFactory, SeatingSettingsFactory

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


def test_a_round_without_themes_is_refused_before_anything_is_queued():
    event = make_event()

    with pytest.raises(SeatingError) as refusal:
        services.start_run(event=event, round_numbers=[1])

    assert str(refusal.value).startswith("Round 1 has no table themes yet: apply the suggested themes")
    assert SeatingRun.objects.count() == 0


def test_a_published_round_is_refused_before_anything_is_queued(seated_event):
    services.publish(round=seated_event.rounds.get(number=1))

    with pytest.raises(SeatingError) as refusal:
        services.start_run(event=seated_event, round_numbers=[1, 2])

    assert str(refusal.value) == "Round 1 is published: unpublish it before seating it again."
    assert SeatingRun.objects.count() == 0


def test_too_few_hosts_are_refused_before_anything_is_queued(seated_event):
    SeatingSettingsFactory(event=seated_event, host_seats_min=3, host_seats_max=3)

    with pytest.raises(SeatingError) as refusal:
        services.start_run(event=seated_event, round_numbers=[2])

    assert str(refusal.value).startswith("The seating cannot be generated:\n")
    assert (
        "round 2: 8 hosts but the 4 tables need at least 3 hosts each (12); add 4 hosts or lower the host minimum"
    ) in str(refusal.value).splitlines()
    assert SeatingRun.objects.count() == 0


def test_a_run_whose_event_changed_after_queueing_fails_with_the_reason(
        seated_event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        run = services.start_run(event=seated_event, round_numbers=[1])
    TableTheme.objects.filter(round__event=seated_event, round__number=1).delete()

    run = services.execute_run(run_id=run.pk)

    assert run.state == RunState.FAILED
    assert run.message.startswith("Round 1 has no table themes yet")


def test_a_run_from_the_current_seats_seats_the_newcomer_and_names_who_moved(
        seated_event, django_capture_on_commit_callbacks):
    newcomer = RegistrationFactory(event=seated_event, status=RegistrationStatus.CONFIRMED)
    preview = services.late_changes(event=seated_event, rounds=[1, 2])
    assert preview.count == 2
    assert preview.newcomers == {1: [newcomer.researcher.full_name], 2: [newcomer.researcher.full_name]}
    before = {(s.round.number, s.registration_id, s.event_host_id): s.table_id
              for s in Seat.objects.filter(round__event=seated_event).select_related("round")}

    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_run(event=seated_event, round_numbers=[1, 2])
    run.refresh_from_db()

    assert run.state == RunState.DONE
    after = {(s.round.number, s.registration_id, s.event_host_id): s.table_id
             for s in Seat.objects.filter(round__event=seated_event).select_related("round")}
    moved = {key for key in before if after[key] != before[key]}
    assert sum(map(len, run.moved.values())) == len(moved)
    assert run.message.startswith(f"Seated: 2 new seats, {len(moved)} moved.")
    for number, names in run.moved.items():
        assert f"Moved in round {number}: {', '.join(names)}." in run.message
    assert run.best_score == generation._score_of(seated_event)
    assert run.steps is not None


def test_progress_ends_on_the_score_of_the_saved_plan(seated_event):
    RegistrationFactory(event=seated_event, status=RegistrationStatus.CONFIRMED)
    calls = []

    result = services.generate(event=seated_event, rounds=[1, 2], steps=30,
                               progress=lambda fraction, best: calls.append((fraction, best)))

    assert calls[-1] == (1.0, result.score)
    assert result.score == generation._score_of(seated_event)


def test_generating_again_from_an_optimal_plan_moves_nobody(seated_event):
    first = services.generate(event=seated_event, rounds=[1, 2], fresh=True, steps=500)
    again = services.generate(event=seated_event, rounds=[1, 2], steps=500)
    assert first.optimal is True
    assert (again.created, again.moved, again.moved_names) == (0, 0, {})


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
