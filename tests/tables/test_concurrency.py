"""Two organizers on the same board at once: real threads, real row locks (PostgreSQL only)."""
import threading
import time

import pytest
from django.db import connection, connections, transaction

from tables import services
from tables.exceptions import SeatingConflict, SeatingError
from tables.models import Round, Seat

from .conftest import make_event, theme_and_seat

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks (select_for_update is a no-op); run with DATABASE_URL=postgres://...")


def run_while_round_is_locked(round_id, calls):
    """Hold the round's lock, start every call in its own thread, release once all of them wait for it."""
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            outcomes[index] = call()
        except SeatingError as exc:
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=round_id)
        for thread in threads:
            thread.start()
        waiting_for_lock(len(calls))
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def waiting_for_lock(count):
    """Wait until `count` other sessions are blocked on a lock (polls pg_stat_activity, gives up after 20 s)."""
    for _ in range(200):
        with connection.cursor() as cursor:
            # Inside a transaction PostgreSQL keeps showing the first snapshot of pg_stat_activity.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0] >= count:
                return
        time.sleep(0.1)
    raise AssertionError(f"{count} sessions never waited for the round lock")


def test_two_organizers_moving_the_same_researcher_one_wins_the_other_is_told():
    event = theme_and_seat(make_event())
    seat = Seat.objects.filter(round__event=event, round__number=2, registration__isnull=False) \
        .select_related("registration__researcher").order_by("pk").first()
    table_a, table_b = event.tables.exclude(pk=seat.table_id).order_by("number")[:2]

    outcomes = run_while_round_is_locked(seat.round_id, [
        lambda: services.move(round_id=seat.round_id, seat_id=seat.pk,
            to_table_id=table_a.pk, expected_version=seat.version),
        lambda: services.move(round_id=seat.round_id, seat_id=seat.pk,
            to_table_id=table_b.pk, expected_version=seat.version),
    ])

    conflicts = [o for o in outcomes if isinstance(o, SeatingConflict)]
    moves = [o for o in outcomes if isinstance(o, services.SeatChange)]
    assert (len(moves), len(conflicts)) == (1, 1)
    assert str(conflicts[0]) == (
        f"{seat.registration.researcher.full_name} was moved by someone else meanwhile; the board was reloaded."
    )
    final = Seat.objects.get(pk=seat.pk)
    assert final.table_id == moves[0].seats[0].table_id
    assert final.version == seat.version + 1


def test_two_organizers_filling_the_last_place_of_a_table_one_is_refused():
    event = theme_and_seat(make_event())
    round_2 = event.rounds.get(number=2)
    target = event.tables.order_by("number").first()
    seated_there = Seat.objects.filter(round=round_2, table=target, registration__isnull=False).count()
    target.capacity = seated_there + 1
    target.save()
    a, b = Seat.objects.filter(round=round_2, registration__isnull=False).exclude(table=target).order_by("pk")[:2]

    outcomes = run_while_round_is_locked(round_2.pk, [
        lambda: services.move(round_id=a.round_id, seat_id=a.pk, to_table_id=target.pk, expected_version=a.version),
        lambda: services.move(round_id=b.round_id, seat_id=b.pk, to_table_id=target.pk, expected_version=b.version),
    ])

    refusals = [str(o) for o in outcomes if isinstance(o, SeatingError)]
    assert refusals == [f"Table {target.number} is full: it seats {target.capacity} researchers."]
    assert Seat.objects.filter(round=round_2, table=target, registration__isnull=False).count() == target.capacity
