"""In a real browser: the organizer drags a researcher to another table, and moves one with the keyboard."""
import re

import pytest
from django.urls import reverse

from tables import adapter
from tables.models import Seat, SeatingRun, Table, TableTheme
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
    # "What the figures mean" arrives after the page, from its own address.
    page.wait_for_selector("#sb-explained[data-loaded]")
    at_first, seated = map(int, re.search(r"Round 2: (\d+) of (\d+) researchers sit at their first choice",
                                          page.inner_text("#sb-explained")).groups())

    drag(page, f"#seat-{seat.pk} .sb-name", f"#table-{target} .sb-researchers")

    page.wait_for_selector(f"#table-{target} #seat-{seat.pk}")
    page.wait_for_selector("#sb-status:not(:empty)")  # a selector, not a JS string: the CSP forbids eval
    assert Seat.objects.get(pk=seat.pk).table_id == target
    assert shown_score(page) == current_score(event)
    assert shown_score(page) < score_before
    # The panel follows the move once the organizer pauses.
    page.wait_for_selector(f"#sb-explained >> text=Round 2: {at_first - 1} of {seated} researchers")


def test_move_a_researcher_with_the_keyboard(page, django_user_model):
    event = theme_and_seat(make_event())
    round_2 = event.rounds.get(number=2)
    seat, target = first_choice_seat_and_other_table(event, round_2)
    log_in(page, django_user_model)
    page.goto(reverse("admin:tables_round_board", args=[round_2.pk]))
    score_before = shown_score(page)

    page.focus(f"#seat-{seat.pk} a.sb-act")
    page.keyboard.press("Enter")             # opens the board's one menu, filled for this person
    page.wait_for_selector("#sb-menu:not([hidden])")
    page.wait_for_selector("#sb-menu-table:focus")
    page.select_option("#sb-menu-table", str(target))
    page.focus("#sb-menu-table")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    page.wait_for_selector(f"#table-{target} #seat-{seat.pk}")
    assert Seat.objects.get(pk=seat.pk).table_id == target
    assert shown_score(page) == current_score(event) < score_before


def in_view(page, selector):
    """Whether the element is shown inside the window as it is scrolled now."""
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= size["height"] and box["x"] >= 0 \
        and box["x"] + box["width"] <= size["width"]


def test_a_refused_drag_says_why_beside_the_table(page, django_user_model):
    event = theme_and_seat(make_event())
    round_2 = event.rounds.get(number=2)
    seat, target = first_choice_seat_and_other_table(event, round_2)
    Table.objects.filter(pk=target).update(
        capacity=Seat.objects.filter(round=round_2, table_id=target, registration__isnull=False).count())
    log_in(page, django_user_model)
    page.goto(reverse("admin:tables_round_board", args=[round_2.pk]))

    drag(page, f"#seat-{seat.pk} .sb-name", f"#table-{target} .sb-researchers")

    toast = page.wait_for_selector("#sb-status.sb-status-error:not([hidden])")
    table = Table.objects.get(pk=target)
    assert toast.inner_text() == f"Table {table.number} is full: it seats {table.capacity} researchers."
    assert in_view(page, "#sb-status")
    page.wait_for_selector(f"#table-{seat.table_id} #seat-{seat.pk}")   # back where it was
    assert Seat.objects.get(pk=seat.pk).table_id == seat.table_id


def test_saved_shows_beside_the_table_even_far_down_the_board(page, django_user_model):
    event = theme_and_seat(make_event(researchers=24, tables=4))
    round_2 = event.rounds.get(number=2)
    seat, target = first_choice_seat_and_other_table(event, round_2)
    log_in(page, django_user_model)
    page.set_viewport_size({"width": 1280, "height": 500})   # a short window: the top of the page is off-screen
    page.goto(reverse("admin:tables_round_board", args=[round_2.pk]))
    page.locator(f"#seat-{seat.pk} a.sb-act").scroll_into_view_if_needed()
    page.locator(f"#seat-{seat.pk} a.sb-act").click()
    page.select_option("#sb-menu-table", str(target))
    page.click("#sb-menu .sb-menu-move button")

    page.wait_for_selector(f"#table-{target} #seat-{seat.pk}")
    page.wait_for_selector("#sb-status:not([hidden])")
    assert page.inner_text("#sb-status")   # "Saved.", or what to look at (same lab, met before)
    assert in_view(page, "#sb-status")
    assert not in_view(page, "#header")   # the page is scrolled down: the old message place is off-screen


def test_publishing_asks_first_and_says_how_many_emails(page, django_user_model):
    event = theme_and_seat(make_event())
    round_1 = event.rounds.get(number=1)
    log_in(page, django_user_model)
    page.goto(reverse("admin:tables_round_board", args=[round_1.pk]))

    page.click("text=Publish and email researchers")
    assert "12 emails will be sent" in page.inner_text("#content")
    round_1.refresh_from_db()
    assert round_1.published_at is None
    page.click("#sb-confirm-publish")

    page.wait_for_selector("#sb-messages")
    assert "Published" in page.inner_text("#sb-messages")
    assert in_view(page, "#sb-messages")
    round_1.refresh_from_db()
    assert round_1.published_at is not None


def test_reoptimizing_asks_first(page, django_user_model):
    event = theme_and_seat(make_event())
    round_1 = event.rounds.get(number=1)
    log_in(page, django_user_model)
    page.goto(reverse("admin:tables_round_board", args=[round_1.pk]))

    page.click("text=Re-optimize everything not pinned")

    assert "20 people who are not pinned may move" in page.inner_text("#content")
    page.click("text=Back to the board")
    assert page.url.endswith(reverse("admin:tables_round_board", args=[round_1.pk]))
    assert not SeatingRun.objects.exists()
