import pytest
from django.core.management import call_command

from events.models import Event
from tables import adapter
from tables.models import Seat, TableTheme
from tables.queries import load_event_seating

pytestmark = pytest.mark.django_db


def seats(event):
    return sorted(Seat.objects.filter(round__event=event).values_list("pk", "table_id", "version", "placed_by"))


def test_seed_demo_themes_and_seats_both_rounds():
    call_command("seed_demo")

    event = Event.objects.get(slug="lg-ai-dinner-cvpr-2027")
    figures = adapter.current_figures(load_event_seating(event))
    assert TableTheme.objects.filter(round__event=event).count() == 2 * 14
    assert Seat.objects.filter(round__event=event).count() == 2 * (96 + event.event_hosts.count())
    assert figures.feasible is True
    assert figures.errors == []


def test_seed_demo_twice_keeps_the_seating():
    call_command("seed_demo")
    event = Event.objects.get(slug="lg-ai-dinner-cvpr-2027")
    before = seats(event)

    call_command("seed_demo")

    assert seats(event) == before
