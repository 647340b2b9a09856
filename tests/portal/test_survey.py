"""The survey behind the thank-you email's signed link: answering, changing the answers, and every bad link."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from attendees import links
from attendees.models import SurveyResponse, new_token
from tables.enums import RoundBasis
from tests.factories import (
    CompanyFactory, EventFactory, RegistrationFactory, RoundFactory, SeatFactory, TableFactory, TableThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def guest(db):
    """Came last night to a dinner with two published rounds: table 5 at LG Innotek, then table 2."""
    now = timezone.now()
    event = EventFactory(starts_at=now - timedelta(hours=15), ends_at=now - timedelta(hours=12),
                         registration_opens_at=now - timedelta(days=30), registration_closes_at=now - timedelta(days=2))
    registration = RegistrationFactory(event=event, checked_in_at=event.starts_at, researcher__first_name="Jiwoo")
    round1 = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY, published_at=event.starts_at)
    round2 = RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH, published_at=event.starts_at)
    table5, table2 = TableFactory(event=event, number=5), TableFactory(event=event, number=2)
    TableThemeFactory(round=round1, table=table5, company=CompanyFactory(name="LG Innotek"))
    SeatFactory(round=round1, table=table5, registration=registration)
    SeatFactory(round=round2, table=table2, registration=registration)
    return registration


def survey_url(registration):
    return reverse("portal:survey", kwargs={"signed": links.survey_token(registration)})


ANSWERS = {"overall_rating": "5", "round_1_rating": "4", "round_2_rating": "2", "would_come_again": "yes",
           "comments": "Great\u200b food. <b>More</b> time please."}


def test_the_page_asks_about_each_round_at_the_researchers_own_table(client, guest):
    page = client.get(survey_url(guest))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Round 1, table 5 (LG Innotek): how good was the conversation at your table?" in text
    assert "Round 2, table 2: how good was the conversation at your table?" in text
    assert page["Cache-Control"] == "private, no-store" and page["X-Robots-Tag"] == "noindex, nofollow"


def test_answers_are_saved_cleaned_and_shown_as_text(client, guest):
    response = client.post(survey_url(guest), ANSWERS, follow=True)

    saved = SurveyResponse.objects.get(registration=guest)
    assert (saved.overall_rating, saved.round_1_rating, saved.round_2_rating, saved.would_come_again) == (
        5, 4, 2, "yes")
    assert saved.comments == "Great food. <b>More</b> time please."
    text = response.content.decode()
    assert "Thank you! Your answers are saved." in text
    assert "&lt;b&gt;More&lt;/b&gt;" in text and "<b>More</b>" not in text


def test_answers_can_be_changed_through_the_same_link(client, guest):
    client.post(survey_url(guest), ANSWERS)
    first = SurveyResponse.objects.get(registration=guest)

    page = client.post(survey_url(guest), {**ANSWERS, "round_2_rating": "", "would_come_again": "maybe"},
                       follow=True)

    changed = SurveyResponse.objects.get(registration=guest)
    assert (changed.pk, changed.round_2_rating, changed.would_come_again) == (first.pk, None, "maybe")
    assert changed.submitted_at == first.submitted_at and changed.updated_at >= first.updated_at
    assert "Your changed answers are saved." in page.content.decode()
    assert page.context["form"].initial["would_come_again"] == "maybe"


def test_a_mistake_is_named_on_the_page_and_nothing_is_saved(client, guest):
    page = client.post(survey_url(guest), {**ANSWERS, "overall_rating": "9", "would_come_again": ""})

    assert page.status_code == 200
    assert "2 mistakes to correct: nothing was saved." in page.content.decode()
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("signed", [
    "not-a-valid-link",
    "x" * 300,
    "%00%3Cscript%3E",
])
def test_a_link_we_never_made_gets_a_clear_page(client, guest, signed):
    page = client.get(reverse("portal:survey", kwargs={"signed": signed}))

    assert page.status_code == 404
    assert "This survey link is not one we sent." in page.content.decode()


def test_a_personal_page_or_check_in_link_does_not_open_the_survey(client, guest):
    for signed in (links.personal_page_token(guest), links.checkin_token(guest)):
        page = client.get(reverse("portal:survey", kwargs={"signed": signed}))

        assert page.status_code == 404
        assert "Jiwoo" not in page.content.decode()


def test_a_replaced_link_no_longer_works(client, guest):
    old = survey_url(guest)
    guest.token = new_token()
    guest.save()

    page = client.get(old)

    assert page.status_code == 410
    assert "This survey link no longer works" in page.content.decode()


def test_someone_who_did_not_arrive_is_told_so(client, guest):
    guest.checked_in_at = None
    guest.save()

    page = client.post(survey_url(guest), ANSWERS)

    assert page.status_code == 403
    assert "We have no record of your arrival" in page.content.decode()
    assert not SurveyResponse.objects.exists()


def test_the_survey_closes_two_weeks_after_the_event(client, guest, settings):
    client.post(survey_url(guest), ANSWERS)
    event = guest.event
    event.starts_at, event.ends_at = event.starts_at - timedelta(days=14), event.ends_at - timedelta(days=14)
    event.save()

    page = client.post(survey_url(guest), {**ANSWERS, "overall_rating": "1"})

    assert page.status_code == 403
    assert "The survey has closed." in page.content.decode()
    assert SurveyResponse.objects.get(registration=guest).overall_rating == 5


def test_the_page_is_in_korean_for_a_korean_browser(client, guest):
    page = client.get(survey_url(guest), HTTP_ACCEPT_LANGUAGE="ko")

    assert "저녁" in page.content.decode()
