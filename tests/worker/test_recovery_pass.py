"""The recovery pass and its commands: every app's step runs, one failing step stops no other."""
import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from attendees.tasks import send_outbound_email
from tables.enums import RunState
from tables.models import SeatingRun
from tests.factories import EventFactory
from worker.queue import waiting_calls
from worker.signals import recovery_pass

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken_step():
    def step(sender, now, **kwargs):
        raise RuntimeError("the step is broken")

    recovery_pass.connect(step, dispatch_uid="tests.broken_step")
    yield
    recovery_pass.disconnect(dispatch_uid="tests.broken_step")


def test_recover_says_so_when_there_is_nothing_to_do():
    out = io.StringIO()

    call_command("recover", stdout=out)

    assert out.getvalue() == "Nothing to recover.\n"


def test_a_failing_step_is_reported_and_the_others_still_run(broken_step, caplog):
    run = SeatingRun.objects.create(event=EventFactory(), round_numbers=[1], state=RunState.RUNNING)
    SeatingRun.objects.filter(pk=run.pk).update(updated_at=timezone.now() - timedelta(minutes=5))
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="A recovery step failed"):
        call_command("recover", stdout=out, stderr=err)

    run.refresh_from_db()
    assert run.state == RunState.FAILED
    assert out.getvalue() == "seating runs: 1 whose worker died marked failed\n"
    assert "test_recovery_pass.broken_step.<locals>.step: failed: RuntimeError: the step is broken" in err.getvalue()
    assert [r.getMessage() for r in caplog.records if r.name == "worker.recovery"] == [
        "Recovery: seating runs: 1 whose worker died marked failed",
        "Recovery step tests.worker.test_recovery_pass.broken_step.<locals>.step failed"]


@pytest.mark.django_db(transaction=True)  # django-tasks-db's worker closes its connection between tasks
def test_waiting_calls_reads_the_queue_and_drops_what_a_worker_took(task_queue):
    send_outbound_email.enqueue(41)
    send_outbound_email.using(run_after=timezone.now() + timedelta(hours=1)).enqueue(42)
    before = sorted(waiting_calls(send_outbound_email))

    task_queue.run_worker()  # takes 41 (no such email: nothing to send), leaves 42 for later

    assert before == [((41,), {}), ((42,), {})]
    assert waiting_calls(send_outbound_email) == [((42,), {})]


def test_waiting_calls_cannot_tell_without_a_database_queue():
    assert waiting_calls(send_outbound_email) is None  # the test settings' ImmediateBackend keeps no queue
