"""End to end: a real worker process (`manage.py run_worker`) is killed with SIGKILL mid-job, a new
one starts, and the work ends exactly once. PostgreSQL only: the worker is another process.

Each worker runs with the development settings against this test's database, so it sees what
the test commits (transactional test). The recovering worker gets short limits through the
environment (lease and heartbeat of 2 s, a pass every 0.5 s), so the test takes seconds.
"""
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from attendees.mail.enums import EmailState
from attendees.mail.queue import enqueue_delivery
from attendees.models import OutboundEmail
from attendees.tasks import send_outbound_email
from tables import services
from tables.enums import RunState
from tables.models import Round, Seat, SeatingRun
from tests.factories import OutboundEmailFactory
from tests.smtp import Inbox, SmtpServer
from tests.tables.conftest import make_event, theme_and_seat
from tests.tables.test_concurrency import waiting_for_lock

pytestmark = pytest.mark.django_db(transaction=True)

RECOVERING = {"EMAIL_SEND_LEASE": "2", "SEATING_RUN_STALE_AFTER": "2"}


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the worker is another process and SQLite's test database lives in this one's memory; "
                    "run with DATABASE_URL=postgres://...")


@pytest.fixture
def workers(tmp_path, task_queue):
    """`start(**environment)` starts a worker process; every one still alive is killed afterwards."""
    started = []
    database = connection.settings_dict
    credentials = quote(database["USER"]) + (f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else "")
    url = f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"

    def start(**environment):
        log = open(tmp_path / f"worker-{len(started)}.log", "w")  # noqa: SIM115  (closed with the process)
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1",
             "--recovery-interval", "0.5"],
            cwd=django_settings.BASE_DIR, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DATABASE_URL": url,
                 **task_queue.worker_environment(), **environment},
        )
        started.append((process, log))
        return process

    yield start
    for process, log in started:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        log.close()


def mail_server(port):
    return {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_URL": f"smtp://127.0.0.1:{port}",
            "EMAIL_TIMEOUT": "30"}


def stop(process):
    """Stop a worker as a service manager would (SIGTERM: it finishes its task, then exits)."""
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


def wait_until(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.1)


def children_of(pid):
    """The processes whose parent is `pid` (from /proc)."""
    children = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except OSError:  # ended meanwhile
            continue
        if parent == pid:
            children.append(int(entry))
    return children


def test_a_deferred_email_goes_out_when_due_and_a_killed_worker_leaves_no_process_behind(workers):
    """RQ's worker would fork its scheduler as a process of its own, which a SIGKILL leaves running."""
    email = OutboundEmailFactory()
    enqueue_delivery(email.pk, run_after=timezone.now() + timedelta(seconds=2))
    worker = workers()
    time.sleep(1)
    early = OutboundEmail.objects.get(pk=email.pk).state

    wait_until(lambda: OutboundEmail.objects.get(pk=email.pk).state == EmailState.SENT)
    children = children_of(worker.pid)
    worker.kill()
    worker.wait(timeout=10)

    assert (early, children) == (EmailState.QUEUED, [])


def test_email_of_a_worker_killed_mid_send_is_delivered_exactly_once(workers, task_queue):
    # The server holds the first message unanswered: the first worker has sent it and waits.
    inbox = Inbox(hold_first=True, held_answer="451 4.3.0 Try again later")
    with SmtpServer(inbox) as server:
        email = OutboundEmailFactory()
        enqueue_delivery(email.pk)

        first = workers(**mail_server(server.port))  # the default lease: 30 x EMAIL_TIMEOUT
        assert inbox.holding.wait(timeout=30)
        claimed = OutboundEmail.objects.get(pk=email.pk)
        first.kill()
        first.wait(timeout=10)
        inbox.release()  # the dead connection gets its 451: nothing was delivered
        second = workers(**mail_server(server.port), **RECOVERING)
        wait_until(lambda: OutboundEmail.objects.get(pk=email.pk).state == EmailState.SENT
                   and "READY" not in task_queue.statuses(send_outbound_email, email.pk))
        stop(second)

    sent = OutboundEmail.objects.get(pk=email.pk)
    assert (claimed.state, claimed.attempts) == (EmailState.SENDING, 1)
    assert (sent.state, sent.attempts) == (EmailState.SENT, 2)
    assert [m["To"] for m in inbox.messages] == [email.to]
    # The dead worker's task stays "running" in the queue; the recovery's own task did the work.
    assert task_queue.statuses(send_outbound_email, email.pk) == ["RUNNING", "SUCCESSFUL"]


def test_seating_run_of_a_killed_worker_fails_and_the_next_run_completes(workers, settings, admin_client):
    settings.SEATING_RUN_STALE_AFTER = 2  # this process answers the board's status request
    event = theme_and_seat(make_event())
    before = seats(event)
    round_1 = event.rounds.get(number=1)
    dead_run = services.start_run(event=event, round_numbers=[1, 2], seed=7)

    with transaction.atomic():
        # The first worker computes the plan, then waits for the rounds' locks to save it: kill it there.
        list(Round.objects.select_for_update().filter(event=event))
        first = workers()
        waiting_for_lock(1)
        killed_at = SeatingRun.objects.get(pk=dead_run.pk)
        first.kill()
        first.wait(timeout=10)
    second = workers(**RECOVERING)
    wait_until(lambda: SeatingRun.objects.get(pk=dead_run.pk).state == RunState.FAILED)
    after_the_kill = seats(event)
    status = admin_client.get(reverse("admin:tables_round_board_run", args=[round_1.pk])).json()
    new_run = services.start_run(event=event, round_numbers=[1, 2])
    wait_until(lambda: SeatingRun.objects.get(pk=new_run.pk).state == RunState.DONE)
    stop(second)

    dead_run.refresh_from_db()
    assert killed_at.state == RunState.RUNNING
    assert (dead_run.state, dead_run.message) == (RunState.FAILED,
                                                  "The worker stopped before finishing; start the run again.")
    assert (status["run"]["id"], status["run"]["state"], status["run"]["active"]) == (dead_run.pk, "failed", False)
    assert after_the_kill == before  # the dead worker saved nothing
    new_run.refresh_from_db()
    assert (new_run.state, new_run.message[:7], len(seats(event))) == (RunState.DONE, "Seated:", len(before))


def seats(event):
    return sorted(Seat.objects.filter(round__event=event).values_list("pk", "table_id", "registration_id"))
