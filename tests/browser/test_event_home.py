"""In a real browser: the organizer goes from the event list to the event's home and sees its charts,
each with its table, under the Content-Security-Policy; the quality of the seated rounds is there too,
and the survey's answers per table beside it."""
import pytest
from django.urls import reverse
from django.utils import timezone

from attendees.enums import RegistrationStatus
from attendees.models import Registration, SurveyResponse
from tests.accounts import staff_account
from tests.browser.test_content_security_policy import Watch
from tests.tables.conftest import make_event, theme_and_seat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = ["per-day", "funnel", "companies", "areas", "positions", "affiliations", "returning", "check-ins",
          "quality-1", "quality-2"]


def test_the_organizer_opens_the_home_from_the_event_list_and_sees_the_charts(page, django_user_model):
    event = theme_and_seat(make_event())
    arrived = event.registrations.filter(status=RegistrationStatus.CONFIRMED).order_by("pk")[:5]
    Registration.objects.filter(pk__in=list(arrived.values_list("pk", flat=True))).update(checked_in_at=timezone.now())
    for registration, rating in zip(arrived, (5, 4, 4, 3, 2), strict=True):
        SurveyResponse.objects.create(registration=registration, overall_rating=rating, round_1_rating=rating,
                                      round_2_rating=rating, would_come_again="yes", submitted_at=timezone.now(),
                                      updated_at=timezone.now())
    organizer = staff_account(django_user_model, "organizer", "Organizer", event, is_staff=True)
    organizer.set_password("pw-for-browser-tests")
    organizer.save()
    watch = Watch(page)

    page.goto(reverse("admin:login") + "?next=" + reverse("admin:events_event_changelist"))
    page.fill("#id_username", "organizer")
    page.fill("#id_password", "pw-for-browser-tests")
    page.click("input[type=submit]")
    page.click(f'a[href="{reverse("admin:events_event_home", args=[event.pk])}"]')

    page.wait_for_selector("#event-home")
    for chart in CHARTS:
        svg = page.locator(f'svg[aria-labelledby="{chart}-title"]')
        assert svg.is_visible(), chart
        box = svg.bounding_box()
        assert box["width"] > 300 and box["height"] > 20, chart
        # The numbers are in a table right after the chart, for screen readers and for reading.
        assert page.locator(f'svg[aria-labelledby="{chart}-title"] ~ table').count() == 1, chart
    assert page.get_by_role("img", name="Registrations per day (cumulative) against capacity").is_visible()
    bars = page.locator('svg[aria-labelledby="funnel-title"] rect.home-bar')
    assert bars.count() >= 4
    assert bars.first.evaluate("e => getComputedStyle(e).fill") != "rgb(0, 0, 0)"  # the stylesheet's colours
    assert page.get_by_role("row", name="Arrived 5").is_visible()
    assert page.get_by_role("heading", name="Seating quality per round").is_visible()
    # The survey's answers per table, after the quality: a table per round, unfolded for a small event.
    page.get_by_role("link", name="Feedback per table").click()
    assert page.get_by_role("heading", name="Survey answers per table").is_visible()
    assert page.locator("#home-feedback-summary").inner_text().startswith("5 researchers answered the survey.")
    for number in (1, 2):
        table = page.get_by_role("table", name=f"Round {number}: ratings and seating per table")
        assert table.is_visible()
        assert table.get_by_role("columnheader", name="Mean rating").is_visible()
        assert table.locator("tfoot td[data-answers]").inner_text() == "5"
        assert table.locator("tfoot td[data-mean]").inner_text() == "3.6"
    page.locator("#feedback-round-1 summary").click()  # folds it
    assert not page.get_by_role("table", name="Round 1: ratings and seating per table").is_visible()
    assert watch.problems() == []

    page.get_by_role("link", name="Round 2 board").click()
    page.wait_for_selector("#seating-board")
