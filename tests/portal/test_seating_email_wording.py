"""The "your tables" email says "tonight" only on the event's day at the venue, else the day, in en and ko."""
from datetime import datetime, timezone

import pytest
from django.utils import translation

from attendees.enums import RegistrationStatus
from attendees.mail.writer import write_emails
from attendees.models import OutboundEmail
from events.dates import event_day
from portal.mail import queue_seating_email
from tests.factories import EventFactory, RegistrationFactory, RoundFactory, SeatFactory, TableFactory

pytestmark = pytest.mark.django_db

# 18:30 on Wednesday 16 June 2027 in Vancouver (PDT, UTC-7) is 01:30 on the 17th in UTC.
STARTS_AT = datetime(2027, 6, 17, 1, 30, tzinfo=timezone.utc)
DAY_BEFORE_AT_THE_VENUE = datetime(2027, 6, 16, 5, 0, tzinfo=timezone.utc)  # 22:00 on the 15th in Vancouver
DAY_OF_AT_THE_VENUE = datetime(2027, 6, 16, 20, 0, tzinfo=timezone.utc)  # 13:00 on the 16th in Vancouver
MONTHS_AHEAD = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)


def seating_email(language, now):
    event = EventFactory(time_zone="America/Vancouver", starts_at=STARTS_AT,
                         ends_at=STARTS_AT.replace(hour=4), name="Vancouver dinner", name_ko="밴쿠버 만찬")
    round_1 = RoundFactory(event=event, number=1, published_at=MONTHS_AHEAD)
    registration = RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED, language=language)
    SeatFactory(round=round_1, table=TableFactory(event=event, number=3), registration=registration)
    email = queue_seating_email(registration=registration, now=now)
    write_emails(email_ids=[email.pk], now=now)
    email = OutboundEmail.objects.get(pk=email.pk)
    with translation.override(language):
        day = event_day(event)
    return email.subject, email.body_text, day


@pytest.mark.parametrize("now", [DAY_BEFORE_AT_THE_VENUE, MONTHS_AHEAD], ids=["day before", "months ahead"])
def test_before_the_day_the_email_gives_the_date_in_english(now):
    subject, body, day = seating_email("en", now)

    assert day == "Wednesday, 16 June 2027"
    assert subject == f"Your tables on {day}: Vancouver dinner"
    assert f"Your tables on {day}:\n" in body
    assert "tonight" not in subject + body


def test_on_the_day_the_email_says_tonight_in_english():
    subject, body, _day = seating_email("en", DAY_OF_AT_THE_VENUE)

    assert subject == "Your tables tonight: Vancouver dinner"
    assert "Your tables tonight:\n" in body


@pytest.mark.parametrize("now", [DAY_BEFORE_AT_THE_VENUE, MONTHS_AHEAD], ids=["day before", "months ahead"])
def test_before_the_day_the_email_gives_the_date_in_korean(now):
    subject, body, day = seating_email("ko", now)

    assert "2027" in day and "6" in day and "16" in day
    assert subject == f"{day} 테이블 안내: 밴쿠버 만찬"
    assert f"{day} 배정된 테이블:\n" in body
    assert "오늘 저녁" not in subject + body


def test_on_the_day_the_email_says_tonight_in_korean():
    subject, body, _day = seating_email("ko", DAY_OF_AT_THE_VENUE)

    assert subject == "오늘 저녁 테이블 안내: 밴쿠버 만찬"
    assert "오늘 저녁 배정된 테이블:\n" in body
