"""How long confirming every researcher holds the event row, and how fast publishing a round returns.

    python bench/bulk.py                         # 100 and 2,000 researchers
    python bench/bulk.py --researchers 2000 --repeat 3

Sets up its own world and removes it: a PostgreSQL database (rt_bulk_bench on 127.0.0.1:5432,
user postgres), migrated, with one event per size built like bench/admin_pages.py (a table per 8
researchers, all of them `applied`) and the production task queue (django-tasks-db), so what runs
after the commit is enqueued, not run, as with gunicorn and a worker. For each size:

- *confirm all*: services.change_status on every registration (the admin action's service). A
  second connection polls ``SELECT ... FOR UPDATE NOWAIT`` on the event row every millisecond;
  the row counts as held from the first refused poll to the last one. Also the call's time and
  its queries.
- *write the emails*: what the worker then does with the pending rows (mail/writer.py), timed.
- *publish*: every confirmed researcher seated in round 1, then the organizer's publish request
  through the admin (test client, superuser); then the background task that stores the emails.

Medians of `--repeat` runs (a fresh event each). ROUNDTABLE_ROOT measures another checkout.
"""
from __future__ import annotations

import argparse
import statistics
import threading
import time

import psycopg2

import world
from psycopg2 import errors

DATABASE = "rt_bulk_bench"




class RowLockWatch:
    """Polls the event row with FOR UPDATE NOWAIT from a connection of its own: how long others hold it."""

    def __init__(self, event_id):
        self.event_id, self.refused, self.stop = event_id, [], threading.Event()
        self.thread = threading.Thread(target=self.poll)

    def poll(self):
        connection = psycopg2.connect(f"{world.POSTGRES}/{DATABASE}")
        with connection.cursor() as cursor:
            while not self.stop.is_set():
                try:
                    cursor.execute("SELECT id FROM events_event WHERE id = %s FOR UPDATE NOWAIT", [self.event_id])
                except errors.LockNotAvailable:
                    self.refused.append(time.perf_counter())
                connection.rollback()  # release at once: the watch must not hold the row itself
                time.sleep(0.001)
        connection.close()

    def __enter__(self):
        self.thread.start()
        time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        time.sleep(0.05)
        self.stop.set()
        self.thread.join()

    @property
    def held(self):
        return self.refused[-1] - self.refused[0] if self.refused else 0.0


def build_event(researchers):
    from attendees.enums import RegistrationStatus
    from tables.enums import RoundBasis
    from tests.factories import EventFactory, RegistrationFactory, RoundFactory, TableFactory

    event = EventFactory(researcher_capacity=researchers)
    rounds = [RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY),
              RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH)]
    tables = [TableFactory(event=event, number=n) for n in range(1, max(1, researchers // 8) + 1)]
    RegistrationFactory.create_batch(researchers, event=event, status=RegistrationStatus.APPLIED)
    return event, rounds, tables


def seat_everyone(event, round_, tables):
    from tables.models import Seat

    registrations = list(event.registrations.order_by("pk").values_list("pk", flat=True))
    Seat.objects.bulk_create(
        Seat(round=round_, table=tables[index // 8 % len(tables)], registration_id=pk)
        for index, pk in enumerate(registrations))


def run_once(client, researchers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from attendees import services
    from attendees.enums import RegistrationStatus
    from attendees.mail.enums import EmailState
    from attendees.mail.writer import write_emails
    from attendees.models import OutboundEmail
    from portal.tasks import email_published_round

    event, rounds, tables = build_event(researchers)
    ids = list(event.registrations.values_list("pk", flat=True))
    with RowLockWatch(event.pk) as watch, CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        report = services.change_status(registration_ids=ids, status=RegistrationStatus.CONFIRMED)
        confirm_seconds = time.perf_counter() - started
    assert len(report.changed) == researchers
    confirm_queries = len(queries)

    pending = list(OutboundEmail.objects.filter(event=event, state=EmailState.PENDING).values_list("pk", flat=True))
    started = time.perf_counter()
    written = write_emails(email_ids=pending)
    write_seconds = time.perf_counter() - started
    assert len(written) == researchers

    seat_everyone(event, rounds[0], tables)
    url = reverse("admin:tables_round_board_publish", args=[rounds[0].pk])
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.post(url)
        publish_seconds = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    publish_queries = len(queries)
    started = time.perf_counter()
    stored = email_published_round.call(rounds[0].pk)
    announce_seconds = time.perf_counter() - started
    assert stored == researchers
    return {
        "event row held s": watch.held, "confirm s": confirm_seconds, "confirm queries": confirm_queries,
        "write emails s": write_seconds, "publish request s": publish_seconds, "publish queries": publish_queries,
        "store publish emails s": announce_seconds,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--researchers", type=int, nargs="+", default=[100, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    world.setup(DATABASE)
    try:
        from django.test.utils import override_settings

        client = world.superuser_client()
        columns = None
        with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
            for researchers in args.researchers:
                runs = [run_once(client, researchers) for _ in range(args.repeat)]
                figures = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
                if columns is None:
                    columns = list(figures)
                    print(f"{'researchers':>11} " + " ".join(f"{name:>22}" for name in columns))
                print(f"{researchers:>11} " + " ".join(
                    f"{figures[name]:>22.0f}" if "queries" in name else f"{figures[name]:>22.3f}"
                    for name in columns))
    finally:
        world.teardown(DATABASE)


if __name__ == "__main__":
    main()
