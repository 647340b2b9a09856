"""Seating runs whose worker died: failed within a minute, shown as failed, and Generate works again.

A killed worker leaves its run `running` with a heartbeat (`updated_at`, written with the progress
every 0.5 s) that stopped; the tests set that state and let the heartbeat age. The real kill -9 is
in tests/worker/test_killed_worker.py.
"""
import io
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone, translation

from tables import services
from tables.enums import RunState
from tables.models import Seat, SeatingRun, SeatingSettings

from .conftest import make_event, theme_and_seat
from .test_board import board_url, organizer  # noqa: F401  (the organizer fixture)
from .test_concurrency import waiting_for_lock

pytestmark = pytest.mark.django_db

STOPPED = "The worker stopped before finishing; start the run again."


@pytest.fixture(autouse=True)
def english():
    """The messages stored for organizers are compared in English, whatever an earlier test activated."""
    with translation.override("en"):
        yield


def run_left_by_a_dead_worker(event, *, silent_for, state=RunState.RUNNING):
    run = SeatingRun.objects.create(event=event, round_numbers=[1], state=state, progress=0.55, best_score=40)
    SeatingRun.objects.filter(pk=run.pk).update(updated_at=timezone.now() - silent_for)
    return run


def seats(event):
    return sorted(Seat.objects.filter(round__event=event).values_list("pk", "round_id", "table_id", "registration_id"))


def test_running_run_whose_heartbeat_stopped_is_failed_by_the_recovery_and_generate_works(
        settings, seated_event, django_capture_on_commit_callbacks):
    stale = run_left_by_a_dead_worker(seated_event, silent_for=timedelta(seconds=settings.SEATING_RUN_STALE_AFTER + 5))

    out = io.StringIO()
    call_command("recover", stdout=out)
    with django_capture_on_commit_callbacks(execute=True):
        new = services.start_run(event=seated_event, round_numbers=[1])

    stale.refresh_from_db()
    new.refresh_from_db()
    assert out.getvalue() == "seating runs: 1 whose worker died marked failed\n"
    assert (stale.state, stale.message, stale.finished_at is not None) == (RunState.FAILED, STOPPED, True)
    assert new.state == RunState.DONE


@pytest.mark.parametrize(("state", "silent_for", "expected"), [
    (RunState.RUNNING, timedelta(seconds=50), RunState.RUNNING),  # heartbeat within SEATING_RUN_STALE_AFTER (60)
    (RunState.QUEUED, timedelta(minutes=20), RunState.QUEUED),  # the worker is busy; SEATING_RUN_QUEUED_LIMIT is 30
    (RunState.QUEUED, timedelta(minutes=31), RunState.FAILED),
])
def test_only_runs_past_their_limit_are_failed(seated_event, state, silent_for, expected):
    run = run_left_by_a_dead_worker(seated_event, state=state, silent_for=timedelta(0))
    SeatingRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - silent_for,
                                                updated_at=timezone.now() - silent_for)

    services.fail_abandoned_runs()

    run.refresh_from_db()
    assert run.state == expected
    if expected == RunState.FAILED:
        assert run.message == ("No worker started this run within 30 minutes; check that the worker is running, "
                               "then start the run again.")


def test_board_status_shows_the_failure_without_waiting_for_a_recovery_pass(organizer, seated_event):  # noqa: F811
    round_1 = seated_event.rounds.get(number=1)
    run_left_by_a_dead_worker(seated_event, silent_for=timedelta(minutes=2))

    status = organizer.get(board_url(round_1, "board_run")).json()
    page = organizer.get(board_url(round_1)).content.decode()

    assert (status["run"]["state"], status["run"]["active"], status["run"]["message"]) == (
        RunState.FAILED, False, STOPPED)
    assert "Seating in progress" not in page
    assert "The last seating run failed:" in page and STOPPED in page


def test_generate_on_the_board_works_once_the_dead_run_is_failed(organizer, seated_event,  # noqa: F811
                                                                  django_capture_on_commit_callbacks):
    round_1 = seated_event.rounds.get(number=1)
    run_left_by_a_dead_worker(seated_event, silent_for=timedelta(minutes=2))

    with django_capture_on_commit_callbacks(execute=True):
        response = organizer.post(board_url(round_1, "board_generate"), {"scope": "round", "keep_manual": "on"},
                                  follow=True)

    assert "Seating started; the board reloads when it is done." in response.content.decode()
    assert list(SeatingRun.objects.order_by("pk").values_list("state", flat=True)) == [RunState.FAILED, RunState.DONE]


def test_worker_reaching_a_run_failed_in_the_queue_leaves_it_failed(seated_event):
    before = seats(seated_event)
    run = run_left_by_a_dead_worker(seated_event, state=RunState.QUEUED, silent_for=timedelta(0))
    services.fail_abandoned_runs(now=timezone.now() + timedelta(minutes=31))

    services.execute_run(run_id=run.pk)

    run.refresh_from_db()
    assert (run.state, seats(seated_event)) == (RunState.FAILED, before)


@pytest.mark.django_db(transaction=True)
def test_run_that_waited_in_the_queue_starts_with_a_fresh_heartbeat_and_stops_once_failed(settings):
    """A run queued for 20 minutes is not stale once a worker starts it, even before the engine
    reports progress; a worker that was only paused past the limit stops at its next progress write."""
    if connection.vendor != "postgresql":
        pytest.skip("the run and the recovery need two connections at once; run with DATABASE_URL=postgres://...")
    event = theme_and_seat(make_event())
    before = seats(event)
    run = SeatingRun.objects.create(event=event, round_numbers=[1, 2])
    long_ago = timezone.now() - timedelta(minutes=20)
    SeatingRun.objects.filter(pk=run.pk).update(created_at=long_ago, updated_at=long_ago)
    finished = []
    worker = threading.Thread(target=lambda: (finished.append(services.execute_run(run_id=run.pk, time_limit=30)),
                                              connections.close_all()))

    # The engine may prove its plan optimal in milliseconds, so the worker is held at its next
    # progress write (the run's row locked by a "recovery" of its own) rather than raced.
    row_locked, go, failed_while_paused = threading.Event(), threading.Event(), []

    def recovery_holding_the_run():
        with transaction.atomic():
            SeatingRun.objects.select_for_update().get(pk=run.pk)
            row_locked.set()
            go.wait(30)
            failed_while_paused.append(services.fail_abandoned_runs(
                now=timezone.now() + timedelta(seconds=settings.SEATING_RUN_STALE_AFTER + 5)))
        connections.close_all()

    recovery = threading.Thread(target=recovery_holding_the_run)
    with transaction.atomic():
        # Hold the run before its engine starts: reading the seating settings is its first step.
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {SeatingSettings._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        worker.start()
        waiting_for_lock(1)
        failed_before_the_engine = services.fail_abandoned_runs()
        recovery.start()
        assert row_locked.wait(20)
    waiting_for_lock(1)  # the worker, engine done or under way, now waits to write its progress
    go.set()
    recovery.join(timeout=30)
    worker.join(timeout=30)
    failed_while_paused = failed_while_paused[0]

    assert (failed_before_the_engine, failed_while_paused) == (0, 1)
    assert (finished[0].state, finished[0].message) == (RunState.FAILED, STOPPED)
    assert seats(event) == before


def wait_until(condition, seconds=20):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.05)
