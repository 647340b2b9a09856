"""What the registration form and its answers tell a researcher: the waitlist before the long form,
the mistakes at the top, the family name first in Korean, and where they stand when they register twice."""
import re

import pytest

from attendees.enums import RegistrationStatus
from tests.attendees.test_registration import form_data, latest_confirm_path, register_url
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

KOREAN = {"HTTP_ACCEPT_LANGUAGE": "ko-KR,ko;q=0.9"}


def test_form_warns_before_the_fields_when_the_places_are_taken(client):
    event = EventFactory(offerings=True, researcher_capacity=2)
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    RegistrationFactory(event=event, status=RegistrationStatus.APPLIED)

    html = client.get(register_url(event)).content.decode()

    assert 'id="waitlist-warning"' in html
    assert "If you register now, you join the waitlist" in html
    assert html.index("waitlist-warning") < html.index('id="registration-form"')


def test_form_has_no_warning_while_places_are_free(client):
    event = EventFactory(offerings=True, researcher_capacity=2)
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)  # holds no place

    assert "waitlist-warning" not in client.get(register_url(event)).content.decode()


def test_korean_form_asks_the_family_name_first(client, event):
    korean = client.get(register_url(event), **KOREAN).content.decode()
    english = client.get(register_url(event)).content.decode()

    assert korean.index('id="id_last_name"') < korean.index('id="id_first_name"')
    assert english.index('id="id_first_name"') < english.index('id="id_last_name"')


def test_failed_registration_lists_every_mistake_at_the_top_with_links_to_the_fields(client, event):
    response = client.post(register_url(event), form_data(event, first_name="", affiliation="", consent=None))

    html = response.content.decode()
    summary = re.search(r'<div class="alert alert-danger" role="alert" id="form-error-summary".*?</div>', html, re.S)
    assert summary is not None
    assert summary.start() < html.index('id="registration-form"')
    links = re.findall(r'<a href="#(id_\w+)"', summary.group())
    assert links == ["id_first_name", "id_affiliation", "id_consent"]
    assert "3 mistakes to correct: nothing was saved." in summary.group()
    assert "<a href=\"/events/" not in summary.group()  # the consent label's link is not nested in the summary


def test_personal_page_failed_save_lists_the_mistakes_at_the_top(client, event):
    from tests.test_i18n import personal_url

    registration = RegistrationFactory(event=event)
    data = form_data(event, last_name="")
    data.pop("email")

    html = client.post(personal_url(registration), data).content.decode()

    summary_at = html.index('id="form-error-summary"')
    assert summary_at < html.index('id="registration-status"')
    assert 'href="#id_last_name"' in html[summary_at:html.index("</div>", summary_at)]


def test_korean_applied_registration_is_not_called_complete(client, event):
    from tests.test_i18n import personal_url

    registration = RegistrationFactory(event=event, status=RegistrationStatus.APPLIED, language="ko")

    html = client.get(personal_url(registration), **KOREAN).content.decode()

    assert "등록 완료" not in html
    assert "접수됨 (확정 전)" in html


def test_registering_again_says_where_the_researcher_stands(client):
    event = EventFactory(offerings=True, researcher_capacity=1)
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    client.post(register_url(event), form_data(event))
    first = latest_confirm_path()
    client.post(register_url(event), form_data(event, lab="Vision Lab"))  # sent again with a change
    second = latest_confirm_path()
    client.post(first)

    response = client.post(second, follow=True)

    assert ("You were already registered, so nothing has changed: you are number 1 on the waitlist."
            in response.content.decode())
