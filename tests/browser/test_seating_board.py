"""In a real browser: the organizer drags a researcher to another table, and moves one with the keyboard."""
import pytest
from django.urls import reverse

from tables import adapter
from tables.models import Seat, TableTheme
from tables.queries import load_event_seating
from tests.tables.conftest import make_event, theme_and_seat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, django_user_model):
    django_user_model.objects.create_superuser("organizer", "o@example.org", "organizer-pw-123")
    page.goto(reverse("admin:login"))
    page.fill("#id_username", "organizer")
    page.fill("#id_password", "organizer-pw-123")
    page.click("input[type=submit]")


def first_choice_seat_and_other_table(event, round_):
    """A researcher at their first-choice table, and a table with another theme (moving there costs points)."""
    themes = {t.table_id: t.research_area.name for t in TableTheme.objects.filter(round=round_).select_related(
        "research_area")}
    for seat in Seat.objects.filter(round=round_, registration__isnull=False).select_related("registration"):
        first = seat.registration.research_interests.get(rank=1).research_area.name
        if themes[seat.table_id] == first:
            target = next(pk for pk, name in sorted(themes.items()) if name != first)
            return seat, target
    raise AssertionError("nobody sits at their first choice")


def drag(page, source, target):
    """Press on `source`, move in small steps (as a hand would) and release over `target`."""
    page.set_viewport_size({"width": 1600, "height": 2400})  # both tables on screen, as on an organizer's display
    start = page.locator(source).bounding_box()
    end = page.locator(target).bounding_box()
    page.mouse.move(start["x"] + 10, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(start["x"] + 20, start["y"] + start["height"] / 2, steps=5)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] - 8, steps=20)
    page.mouse.up()


def shown_score(page):
    return int(page.inner_text('#sb-summary [data-figure="score"]'))


def current_score(event):
    return adapter.current_figures(load_event_seating(event)).score


def test_drag_a_researcher_to_another_table_updates_the_figures(page, django_user_model):
    event = theme_and_seat(make_event())
    round_2 = event.rounds.get(number=2)
    seat, target = first_choice_seat_and_other_table(event, round_2)
    log_in(page, django_user_model)
    page.goto(reverse("admin:tables_round_board", args=[round_2.pk]))
    score_before = shown_score(page)

    drag(page, f"#seat-{seat.pk} .sb-name", f"#table-{target} .sb-researchers")

    page.wait_for_selector(f"#table-{target} #seat-{seat.pk}")
    page.wait_for_selector("#sb-status:not(:empty)")  # a selector, not a JS string: the CSP forbids eval
    assert Seat.objects.get(pk=seat.pk).table_id == target
    assert shown_score(page) == current_score(event)
    assert shown_score(page) < score_before


def test_move_a_researcher_with_the_keyboard(page, django_user_model):
    event = theme_and_seat(make_event())
    round_2 = event.rounds.get(number=2)
    seat, target = first_choice_seat_and_other_table(event, round_2)
    log_in(page, django_user_model)
    page.goto(reverse("admin:tables_round_board", args=[round_2.pk]))
    score_before = shown_score(page)

    page.focus(f"#seat-{seat.pk} summary")
    page.keyboard.press("Enter")
    page.focus(f"#move-{seat.pk}")
    page.select_option(f"#move-{seat.pk}", str(target))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    page.wait_for_selector(f"#table-{target} #seat-{seat.pk}")
    assert Seat.objects.get(pk=seat.pk).table_id == target
    assert shown_score(page) == current_score(event) < score_before
