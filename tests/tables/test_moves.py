import pytest

from tables import services
from tables.enums import PlacedBy
from tables.exceptions import SeatingConflict, SeatingError
from tables.models import Seat
from tests.factories import SeatingSettingsFactory

pytestmark = pytest.mark.django_db


def researcher_seats(event, number):
    return list(Seat.objects.filter(round__event=event, round__number=number, registration__isnull=False)
                .select_related("table", "registration__researcher").order_by("table__number", "pk"))


def host_seats(event, number):
    return list(Seat.objects.filter(round__event=event, round__number=number, event_host__isnull=False)
                .select_related("table", "event_host__host").order_by("table__number", "pk"))


def test_move_puts_the_researcher_at_the_table_as_a_manual_placement(seated_event):
    seat = researcher_seats(seated_event, 2)[0]
    old_table = seat.table_id
    target = seated_event.tables.exclude(pk=old_table).order_by("number").first()

    change = services.move(round_id=seat.round_id, seat_id=seat.pk,
        to_table_id=target.pk, expected_version=seat.version)

    seat.refresh_from_db()
    assert (seat.table_id, seat.placed_by, seat.version) == (target.pk, PlacedBy.ORGANIZER, 2)
    assert change.table_ids == {old_table, target.pk}


def test_move_to_a_full_table_is_refused(seated_event):
    seats = researcher_seats(seated_event, 1)
    target = seats[0].table
    target.capacity = Seat.objects.filter(round=seats[0].round, table=target, registration__isnull=False).count()
    target.save()
    mover = next(s for s in seats if s.table_id != target.pk)

    with pytest.raises(SeatingError) as refusal:
        services.move(round_id=mover.round_id, seat_id=mover.pk, to_table_id=target.pk, expected_version=mover.version)

    assert str(refusal.value) == f"Table {target.number} is full: it seats {target.capacity} researchers."
    assert Seat.objects.get(pk=mover.pk).table_id == mover.table_id


def test_host_cannot_move_to_another_companys_table_in_a_company_round(seated_event):
    seat = host_seats(seated_event, 1)[0]
    company = seat.event_host.host.company
    target = seated_event.tables.exclude(themes__company=company).first()

    with pytest.raises(SeatingError) as refusal:
        services.move(round_id=seat.round_id, seat_id=seat.pk, to_table_id=target.pk, expected_version=seat.version)

    assert "In a company round a host sits only at a table of their company" in str(refusal.value)
    assert Seat.objects.get(pk=seat.pk).table_id == seat.table_id


def test_host_move_that_leaves_too_few_hosts_is_refused(seated_event):
    seat = host_seats(seated_event, 2)[0]  # 8 hosts at 4 tables: 2 each, the minimum
    target = seated_event.tables.exclude(pk=seat.table_id).order_by("number").first()

    with pytest.raises(SeatingError) as refusal:
        services.move(round_id=seat.round_id, seat_id=seat.pk, to_table_id=target.pk, expected_version=seat.version)

    assert str(refusal.value) == (
        f"Table {seat.table.number} would keep 1 host(s), fewer than 2: swap two hosts instead."
    )


def test_host_move_within_the_bounds_is_allowed(seated_event):
    SeatingSettingsFactory(event=seated_event, host_seats_min=1, host_seats_max=3)
    seat = host_seats(seated_event, 2)[0]
    target = seated_event.tables.exclude(pk=seat.table_id).order_by("number").first()

    services.move(round_id=seat.round_id, seat_id=seat.pk, to_table_id=target.pk, expected_version=seat.version)

    assert Seat.objects.get(pk=seat.pk).table_id == target.pk


def test_swap_exchanges_two_researchers_tables(seated_event):
    seats = researcher_seats(seated_event, 2)
    a = seats[0]
    b = next(s for s in seats if s.table_id != a.table_id)

    services.swap(round_id=a.round_id, seat_a_id=a.pk, seat_b_id=b.pk, versions=(a.version, b.version))

    assert Seat.objects.get(pk=a.pk).table_id == b.table_id
    assert Seat.objects.get(pk=b.pk).table_id == a.table_id
    assert Seat.objects.get(pk=a.pk).version == a.version + 1


def test_swap_two_hosts_of_different_companies_is_refused_in_a_company_round(seated_event):
    seats = host_seats(seated_event, 1)
    a = seats[0]
    b = next(s for s in seats if s.event_host.host.company_id != a.event_host.host.company_id)

    with pytest.raises(SeatingError):
        services.swap(round_id=a.round_id, seat_a_id=a.pk, seat_b_id=b.pk, versions=(a.version, b.version))

    assert Seat.objects.get(pk=a.pk).table_id == a.table_id


def test_swap_two_hosts_in_a_research_round_keeps_the_host_counts(seated_event):
    seats = host_seats(seated_event, 2)
    a = seats[0]
    b = next(s for s in seats if s.table_id != a.table_id)

    services.swap(round_id=a.round_id, seat_a_id=a.pk, seat_b_id=b.pk, versions=(a.version, b.version))

    assert Seat.objects.get(pk=a.pk).table_id == b.table_id


def test_pin_and_unpin(seated_event):
    seat = researcher_seats(seated_event, 1)[0]

    services.set_pinned(round_id=seat.round_id, seat_id=seat.pk, pinned=True, expected_version=seat.version)
    pinned = Seat.objects.get(pk=seat.pk)
    services.set_pinned(round_id=seat.round_id, seat_id=seat.pk, pinned=False, expected_version=pinned.version)

    assert (pinned.pinned, pinned.version) == (True, 2)
    assert (Seat.objects.get(pk=seat.pk).pinned, Seat.objects.get(pk=seat.pk).version) == (False, 3)


def test_move_with_a_stale_version_is_a_conflict(seated_event):
    seat = researcher_seats(seated_event, 2)[0]
    tables = list(seated_event.tables.exclude(pk=seat.table_id).order_by("number"))
    services.move(round_id=seat.round_id, seat_id=seat.pk, to_table_id=tables[0].pk, expected_version=seat.version)

    with pytest.raises(SeatingConflict) as conflict:
        services.move(round_id=seat.round_id, seat_id=seat.pk, to_table_id=tables[1].pk, expected_version=seat.version)

    name = seat.registration.researcher.full_name
    assert str(conflict.value) == f"{name} was moved by someone else meanwhile; the board was reloaded."
    assert Seat.objects.get(pk=seat.pk).table_id == tables[0].pk


def test_move_warns_about_same_lab_table_mates(seated_event):
    seats = researcher_seats(seated_event, 2)
    mover = seats[0]
    lab_key = mover.registration.researcher.lab_key
    target = next(s.table for s in seats if s.table_id != mover.table_id
                  and s.registration.researcher.lab_key == lab_key)

    change = services.move(round_id=mover.round_id, seat_id=mover.pk,
        to_table_id=target.pk, expected_version=mover.version)

    assert any("are from the same lab" in w for w in change.warnings)
