"""What the emails say around the facts: the contact address stands alone, the date reads as on the
event page, the venue line names the city once."""
import re
from datetime import datetime, timezone

import pytest
from django.utils import translation

from attendees.enums import RegistrationStatus
from attendees.mail.enums import EmailKind
from attendees.mail.queue import queue_registration_email
from tests.mail import written
from tests.factories import EventFactory, RegistrationFactory, ResearcherFactory

pytestmark = pytest.mark.django_db

KOREAN = {"HTTP_ACCEPT_LANGUAGE": "ko-KR,ko;q=0.9"}
HANGUL = "\uac00-\ud7a3"


@pytest.fixture
def dinner():
    return EventFactory(
        offerings=True, name="LG AI Talent Dinner", name_ko="LG AI 탤런트 디너",
        contact_email="talent@lgresearch.example",
        venue="Fairmont Waterfront", venue_address="900 Canada Pl, Vancouver, BC V6C 3L5", city="Vancouver",
        starts_at=datetime(2027, 6, 17, 1, 30, tzinfo=timezone.utc),
        ends_at=datetime(2027, 6, 17, 4, 30, tzinfo=timezone.utc),
    )


def registration_in(event, language, status=RegistrationStatus.CONFIRMED):
    return RegistrationFactory(event=event, status=status, language=language,
                               researcher=ResearcherFactory(first_name="지우", last_name="이"))


@pytest.mark.parametrize("kind", [EmailKind.REGISTERED, EmailKind.CONFIRMED, EmailKind.CANCELLED,
                                  EmailKind.PERSONAL_LINK])
def test_korean_contact_line_keeps_the_address_apart_from_the_particle(dinner, kind):
    email = written(queue_registration_email(registration=registration_in(dinner, "ko"), kind=kind))

    # Nothing glued to the address, in the text a mail client links by itself, or in the HTML link.
    assert re.search(rf"talent@lgresearch\.example[{HANGUL}]", email.body_text) is None
    assert '<a href="mailto:talent@lgresearch.example">talent@lgresearch.example</a>' in email.body_html
    assert "mailto:talent@lgresearch.example%" not in email.body_html


@pytest.mark.parametrize("language", ["en", "ko"])
def test_email_gives_the_date_exactly_as_the_event_page(client, dinner, language):
    email = written(queue_registration_email(registration=registration_in(dinner, language), kind=EmailKind.CONFIRMED))
    page = client.get(dinner.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    shown = re.search(r'<dt class="col-sm-3">[^<]+</dt>\s*<dd class="col-sm-9">([^<]+)</dd>', page).group(1)
    assert shown in email.body_text
    expected = {"en": "Wednesday, 16 June 2027, 18:30–21:30 PDT", "ko": "2027년 6월 16일 수요일 18:30–21:30 PDT"}
    assert shown == expected[language]


def test_venue_line_names_the_city_once(dinner):
    email = written(queue_registration_email(registration=registration_in(dinner, "en"), kind=EmailKind.CONFIRMED))

    assert "Where: Fairmont Waterfront, 900 Canada Pl, Vancouver, BC V6C 3L5\n" in email.body_text


def test_venue_line_adds_the_city_when_the_address_lacks_it():
    event = EventFactory(venue="Harbour Room", venue_address="1 Main St", city="Vancouver")

    with translation.override("en"):
        assert event.place == "Harbour Room, 1 Main St, Vancouver"
