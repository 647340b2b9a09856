"""In a real browser: a hand move pinned, Re-optimize from the seats as they are, who moved, and why a seat."""
import pytest
from django.urls import reverse

from tables.models import Seat, SeatingRun, TableTheme
from tests.browser.test_seating_board import drag, first_choice_seat_and_other_table, log_in
from tests.tables.conftest import make_event, theme_and_seat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pin_from_menu(page, seat):
    page.locator(f"#seat-{seat.pk} a.sb-act").click()
    page.wait_for_selector("#sb-menu:not([hidden])")
    page.click("#sb-menu .sb-menu-pin button")
    page.wait_for_selector(f'#seat-{seat.pk}[data-pinned="1"]')


def test_drag_pin_reoptimize_and_see_who_moved(page, django_user_model):
    event = theme_and_seat(make_event())
    round_2 = event.rounds.get(number=2)
    pinned, target = first_choice_seat_and_other_table(event, round_2)
    log_in(page, django_user_model)
    page.goto(reverse("admin:tables_round_board", args=[round_2.pk]))
    assert "Everyone has a valid seat" in page.inner_text("#sb-late")

    drag(page, f"#seat-{pinned.pk} .sb-name", f"#table-{target} .sb-researchers")
    page.wait_for_selector(f"#table-{target} #seat-{pinned.pk}")
    pin_from_menu(page, pinned)
    # A second hand move, not pinned: Re-optimize may take it back to a better table.
    loser, elsewhere = first_choice_seat_and_other_table(event, round_2)
    drag(page, f"#seat-{loser.pk} .sb-name", f"#table-{elsewhere} .sb-researchers")
    page.wait_for_selector(f"#table-{elsewhere} #seat-{loser.pk}")

    page.click("text=Re-optimize everything not pinned")
    assert not page.is_checked("#id_fresh")   # from the seats as they are, by default
    page.click("#sb-confirm-reoptimize")

    page.wait_for_selector("#sb-moved", timeout=60_000)
    run = SeatingRun.objects.get()
    assert run.state == "done" and not run.fresh
    assert Seat.objects.get(pk=pinned.pk).table_id == target   # the pinned person stayed
    moved = {name for names in run.moved.values() for name in names}
    shown = page.inner_text("#sb-moved")
    assert pinned.registration.researcher.full_name not in shown
    assert loser.registration.researcher.full_name in moved   # the unpinned hand move was worth undoing
    assert all(name in shown for name in moved)
    assert len(moved) < Seat.objects.filter(round=round_2, registration__isnull=False).count()


def test_a_researchers_card_explains_the_matched_choice(page, django_user_model):
    event = theme_and_seat(make_event())
    round_2 = event.rounds.get(number=2)
    seat, _ = first_choice_seat_and_other_table(event, round_2)
    theme = TableTheme.objects.get(round=round_2, table_id=seat.table_id).research_area.name
    log_in(page, django_user_model)
    page.goto(reverse("admin:tables_round_board", args=[round_2.pk]))

    page.click(f"#seat-{seat.pk} .sb-why summary")

    explanation = page.locator(f"#seat-{seat.pk} .sb-why")
    assert explanation.locator("strong").inner_text() == theme
    assert explanation.locator("li").first.inner_text() == theme    # their first choice
    assert explanation.locator("li").count() == 3
