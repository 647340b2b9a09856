"""The board trusts no id it is sent: a seat, table or round of another round or event is a 404
and nothing changes (issue 9, point 8: posting another event's seat used to move it, then 500)."""
import pytest
from django.urls import reverse

from tables.models import Seat

from .conftest import make_event, theme_and_seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("organizer", "o@example.org", "pw"))
    return client


@pytest.fixture
def two_events(db):
    return theme_and_seat(make_event(researchers=8)), theme_and_seat(make_event(researchers=8))


def researcher_seats(event, number):
    return list(Seat.objects.filter(round__event=event, round__number=number, registration__isnull=False)
                .order_by("table__number", "pk"))


def url(round_, name):
    return reverse(f"admin:tables_round_{name}", args=[round_.pk])


def snapshot(*events):
    return sorted(Seat.objects.filter(round__event__in=events).values_list("pk", "table_id", "pinned", "version"))


def other_table_than(event, seat):
    return event.tables.exclude(pk=seat.table_id).order_by("number").first()


@pytest.mark.parametrize("as_json", [True, False], ids=["board script", "no script"])
def test_moving_a_seat_of_another_event_is_404_and_changes_nothing(organizer, two_events, as_json):
    mine, theirs = two_events
    foreign = researcher_seats(theirs, 1)[0]
    before = snapshot(mine, theirs)
    headers = {"HTTP_ACCEPT": "application/json"} if as_json else {}

    response = organizer.post(url(mine.rounds.get(number=1), "board_move"),
                              {"seat": foreign.pk, "version": foreign.version,
                               "to_table": other_table_than(theirs, foreign).pk}, **headers)

    assert response.status_code == 404
    assert snapshot(mine, theirs) == before


def test_moving_to_a_table_of_another_event_is_404_and_changes_nothing(organizer, two_events):
    mine, theirs = two_events
    seat = researcher_seats(mine, 1)[0]
    before = snapshot(mine, theirs)

    response = organizer.post(url(seat.round, "board_move"),
                              {"seat": seat.pk, "version": seat.version, "to_table": theirs.tables.first().pk})

    assert response.status_code == 404
    assert snapshot(mine, theirs) == before


def test_a_seat_of_the_other_round_of_the_same_event_is_404(organizer, two_events):
    mine, _theirs = two_events
    round_2_seat = researcher_seats(mine, 2)[0]
    before = snapshot(mine)

    response = organizer.post(url(mine.rounds.get(number=1), "board_move"),
                              {"seat": round_2_seat.pk, "version": round_2_seat.version,
                               "to_table": other_table_than(mine, round_2_seat).pk})

    assert response.status_code == 404
    assert snapshot(mine) == before


def test_pinning_a_seat_of_another_event_is_404_and_changes_nothing(organizer, two_events):
    mine, theirs = two_events
    foreign = researcher_seats(theirs, 1)[0]
    before = snapshot(mine, theirs)

    response = organizer.post(url(mine.rounds.get(number=1), "board_pin"),
                              {"seat": foreign.pk, "version": foreign.version, "pinned": "on"})

    assert response.status_code == 404
    assert snapshot(mine, theirs) == before


def test_swapping_with_a_seat_of_another_event_is_404_and_changes_nothing(organizer, two_events):
    mine, theirs = two_events
    own, foreign = researcher_seats(mine, 1)[0], researcher_seats(theirs, 1)[0]
    before = snapshot(mine, theirs)

    response = organizer.post(url(own.round, "board_swap"),
                              {"seat_a": f"{own.pk}:{own.version}", "seat_b": f"{foreign.pk}:{foreign.version}"})

    assert response.status_code == 404
    assert snapshot(mine, theirs) == before


@pytest.mark.parametrize("name", ["board", "board_move", "board_pin", "print", "export", "board_run"])
def test_a_round_that_does_not_exist_is_404(organizer, two_events, name):
    mine, _theirs = two_events
    missing = type("Missing", (), {"pk": max(r.pk for r in mine.rounds.all()) + 1000})

    response = organizer.post(url(missing, name), {}) if name in ("board_move", "board_pin") \
        else organizer.get(url(missing, name))

    assert response.status_code == 404


def test_a_move_within_the_round_still_works(organizer, two_events):
    mine, _theirs = two_events
    seat = researcher_seats(mine, 2)[0]
    target = min((t for t in mine.tables.all() if t.pk != seat.table_id),
                 key=lambda t: Seat.objects.filter(round=seat.round, table=t, registration__isnull=False).count())

    response = organizer.post(url(seat.round, "board_move"),
                              {"seat": seat.pk, "version": seat.version, "to_table": target.pk},
                              HTTP_ACCEPT="application/json")

    assert response.status_code == 200, response.content
    assert Seat.objects.get(pk=seat.pk).table_id == target.pk
