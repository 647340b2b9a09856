"""A drag is rescored from the tables it touched: the board's figures after any sequence of moves and
swaps are the engine's figures of the whole event (tables.tally against tables.seating.evaluate)."""
import json
import random

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tables import adapter, tally
from tables.models import Seat, SeatingSettings
from tables.queries import load_event_seating

from .conftest import make_event, theme_and_seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("organizer", "o@example.org", "pw"))
    return client


def whole_event_figures(event):
    data = load_event_seating(event)
    return adapter.figures_dict(data, adapter.current_figures(data))


def page_counters(client, round_):
    response = client.get(reverse("admin:tables_round_board", args=[round_.pk]))
    return response.context["counters"]


@pytest.mark.parametrize("seed", (1, 2, 3))
def test_figures_after_drags_and_swaps_equal_the_whole_event_scored_again(organizer, seed):
    # Three labs over 16 researchers: same-lab pairs, repeats and host points all move.
    event = theme_and_seat(make_event(researchers=16, tables=4, capacity=6), seed=seed)
    rounds = list(event.rounds.order_by("number"))
    counters = page_counters(organizer, rounds[0])
    rng = random.Random(seed)
    done = 0
    for _ in range(12):
        round_ = rng.choice(rounds)
        seats = list(Seat.objects.filter(round=round_, registration__isnull=False).order_by("pk"))
        a, b = rng.sample(seats, 2)
        if rng.random() < 0.5:
            url, data = "board_swap", {"seat_a": f"{a.pk}:{a.version}", "seat_b": f"{b.pk}:{b.version}"}
        else:
            url, data = "board_move", {"seat": a.pk, "version": a.version, "to_table": b.table_id}
        response = organizer.post(reverse(f"admin:tables_round_{url}", args=[round_.pk]),
                                  {**data, "counters": counters}, HTTP_ACCEPT="application/json")
        if response.status_code != 200:   # a full table or the same table: refused, nothing changed
            continue
        done += 1
        answer = response.json()
        counters = json.dumps(answer["counters"])
        expected = whole_event_figures(event)
        assert {k: answer["figures"][k] for k in expected if k != "problems"} == {
            k: v for k, v in expected.items() if k != "problems"}
    assert done >= 4


def test_event_counters_give_the_engines_figures(seated_event):
    data = load_event_seating(seated_event)
    settings = SeatingSettings.for_event(seated_event)

    counted = tally.figures_of(tally.event_counters(data, settings=settings), settings=settings)

    assert counted == adapter.figures_dict(data, adapter.current_figures(data, settings=settings))


def test_garbled_counters_are_ignored_and_the_event_scored_whole(organizer, seated_event):
    seat = Seat.objects.filter(round__event=seated_event, round__number=2, registration__isnull=False).first()
    target = seated_event.tables.exclude(pk=seat.table_id).order_by("number").first()

    response = organizer.post(reverse("admin:tables_round_board_move", args=[seat.round_id]),
                              {"seat": seat.pk, "version": seat.version, "to_table": target.pk,
                               "counters": '{"points": "lots"}'}, HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response.json()["figures"]["score"] == whole_event_figures(seated_event)["score"]


@pytest.mark.parametrize("researchers", (10, 30))
def test_a_drag_costs_the_same_queries_whatever_the_size(organizer, researchers, django_assert_num_queries):
    event = theme_and_seat(make_event(researchers=researchers))
    round_2 = event.rounds.get(number=2)
    counters = page_counters(organizer, round_2)
    seat = Seat.objects.filter(round=round_2, registration__isnull=False).order_by("pk").first()
    target = next(t for t in event.tables.exclude(pk=seat.table_id).order_by("number")
                  if Seat.objects.filter(round=round_2, table=t, registration__isnull=False).count() < t.capacity)
    ContentType.objects.get_for_model(Seat)  # the audit trail's lookup, cached once per process

    with django_assert_num_queries(31):
        response = organizer.post(reverse("admin:tables_round_board_move", args=[round_2.pk]),
                                  {"seat": seat.pk, "version": seat.version, "to_table": target.pk,
                                   "counters": counters}, HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert set(response.json()["tables"]) == {str(seat.table_id), str(target.pk)}


@pytest.mark.parametrize("break_a_rule", ("over capacity", "someone unseated", "host elsewhere"))
def test_a_broken_rule_is_told_by_the_engine_and_drags_are_scored_whole(organizer, seated_event, break_a_rule):
    round_1 = seated_event.rounds.get(number=1)
    seat = Seat.objects.filter(round=round_1, registration__isnull=False).order_by("pk").first()
    if break_a_rule == "over capacity":
        seat.table.capacity = 1
        seat.table.save()
    elif break_a_rule == "someone unseated":
        seat.delete()
    else:
        host = Seat.objects.filter(round=round_1, event_host__isnull=False).order_by("pk").first()
        other = Seat.objects.filter(round=round_1, event_host__isnull=False).exclude(
            event_host__host__company=host.event_host.host.company).first()
        Seat.objects.filter(pk=host.pk).update(table=other.table)

    response = organizer.get(reverse("admin:tables_round_board", args=[round_1.pk]))

    data = load_event_seating(seated_event)
    settings = SeatingSettings.for_event(seated_event)
    assert tally.event_counters(data, settings=settings)["feasible"] is False
    assert response.context["summary"]["problems"] == whole_event_figures(seated_event)["problems"] != []
    assert response.context["counters"] == ""
    assert "Rules not kept" in response.content.decode()
