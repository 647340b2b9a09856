"""In a real browser on a phone-sized screen: the survey from the thank-you email, answered and then changed."""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from attendees.feedback import send_thank_you
from attendees.models import SurveyResponse
from tables.enums import RoundBasis
from tests.factories import (
    CompanyFactory, RegistrationFactory, RoundFactory, SeatFactory, TableFactory, TableThemeFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
SURVEY_PATH = re.compile(r"https?://[^/\s]+(/survey/[^/\s]+/)")


@pytest.fixture
def thanked(event):
    """Last night's guest at table 5 (LG Innotek) then table 2, thanked this morning."""
    now = timezone.now()
    event.starts_at, event.ends_at = now - timedelta(hours=15), now - timedelta(hours=12)
    event.registration_opens_at, event.registration_closes_at = now - timedelta(days=30), now - timedelta(days=2)
    event.save()
    guest = RegistrationFactory(event=event, checked_in_at=event.starts_at, researcher__first_name="Jiwoo")
    round1 = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY, published_at=event.starts_at)
    round2 = RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH, published_at=event.starts_at)
    table5, table2 = TableFactory(event=event, number=5), TableFactory(event=event, number=2)
    TableThemeFactory(round=round1, table=table5, company=CompanyFactory(name="LG Innotek"))
    SeatFactory(round=round1, table=table5, registration=guest)
    SeatFactory(round=round2, table=table2, registration=guest)
    send_thank_you(event)
    return guest


def test_a_researcher_answers_the_survey_on_a_phone_and_changes_an_answer(page, thanked):
    (thank_you,) = mail.outbox
    page.set_viewport_size(PHONE)

    response = page.goto(SURVEY_PATH.search(thank_you.body).group(1))

    assert response.status == 200
    assert response.headers["referrer-policy"] == "same-origin"
    assert "Round 1, table 5 (LG Innotek)" in page.inner_text("#survey-form")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing wider than the phone
    page.check("input[name=overall_rating][value='5']")
    page.check("input[name=round_1_rating][value='4']")
    page.check("input[name=round_2_rating][value='3']")
    page.check("input[name=would_come_again][value=yes]")
    page.fill("#id_comments", "More time at the second table, please.")
    button = page.locator("#submit-id-save")
    assert button.bounding_box()["width"] >= 300 and button.bounding_box()["height"] >= 44
    button.click()
    page.wait_for_selector(".alert-success")

    assert "Thank you! Your answers are saved." in page.inner_text("main")
    assert page.is_checked("input[name=round_2_rating][value='3']")
    page.check("input[name=round_2_rating][value='5']")
    page.click("#submit-id-save")
    page.wait_for_selector("text=Your changed answers are saved.")

    answers = SurveyResponse.objects.get(registration=thanked)
    assert (answers.overall_rating, answers.round_1_rating, answers.round_2_rating, answers.would_come_again,
            answers.comments) == (5, 4, 5, "yes", "More time at the second table, please.")


def test_a_mistake_on_the_phone_is_named_and_nothing_is_saved(page, thanked):
    page.set_viewport_size(PHONE)
    page.goto(SURVEY_PATH.search(mail.outbox[0].body).group(1))

    page.click("#submit-id-save")

    if page.locator("#form-error-summary").count() == 0:  # the browser's own check stopped the empty form
        assert page.evaluate("document.querySelector('input[name=overall_rating]').validity.valueMissing")
    assert not SurveyResponse.objects.exists()
