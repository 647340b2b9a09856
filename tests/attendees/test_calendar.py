"""The .ics file: RFC 5545 escaping, folding at 75 octets, UTC times, a UID that stays put."""
from datetime import datetime, timezone

import pytest

from attendees.enums import RegistrationStatus
from attendees.mail.calendar import escape_text, fold, registration_ics
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def unfold(ics):
    return ics.replace("\r\n ", "")


def test_escape_text_escapes_backslash_semicolon_comma_and_newlines():
    assert escape_text("a\\b; c, d\ne\r\nf") == "a\\\\b\\; c\\, d\\ne\\nf"


def test_fold_keeps_every_line_within_75_octets_and_never_splits_a_character():
    line = "SUMMARY:" + "엘지 AI 연구원 디너 " * 12

    folded = fold(line)

    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert folded.replace("\r\n ", "") == line


def test_short_line_is_not_folded():
    assert fold("VERSION:2.0") == "VERSION:2.0"


def test_registration_ics_has_utc_times_escaped_text_and_crlf_lines():
    event = EventFactory(
        name="LG AI Talent Dinner, CVPR 2027; Vancouver", venue="Harbour Room", venue_address="1 Main St, Vancouver",
        time_zone="America/Vancouver",
        starts_at=datetime(2027, 6, 15, 1, 30, tzinfo=timezone.utc),  # 18:30 in Vancouver on the 14th
        ends_at=datetime(2027, 6, 15, 4, 30, tzinfo=timezone.utc),
        registration_opens_at=datetime(2027, 1, 1, tzinfo=timezone.utc),
        registration_closes_at=datetime(2027, 6, 1, tzinfo=timezone.utc),
    )
    registration = RegistrationFactory(event=event)

    ics = registration_ics(registration, now=datetime(2027, 2, 1, 9, 0, tzinfo=timezone.utc))

    lines = unfold(ics).split("\r\n")
    assert ics.endswith("END:VCALENDAR\r\n")
    assert "\n" not in ics.replace("\r\n", "")
    assert lines[:6] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Roundtable//Roundtable//EN", "CALSCALE:GREGORIAN",
                         "METHOD:PUBLISH", "BEGIN:VEVENT"]
    assert "DTSTART:20270615T013000Z" in lines
    assert "DTEND:20270615T043000Z" in lines
    assert "DTSTAMP:20270201T090000Z" in lines
    assert "SUMMARY:LG AI Talent Dinner\\, CVPR 2027\\; Vancouver" in lines
    assert "LOCATION:Harbour Room\\, 1 Main St\\, Vancouver" in lines  # the address names the city already
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


def test_registration_uid_is_stable_and_unique():
    first, second = RegistrationFactory.create_batch(2)

    uids = [
        [line for line in unfold(registration_ics(r)).split("\r\n") if line.startswith("UID:")]
        for r in (first, first, second)
    ]

    assert uids[0] == uids[1] == [f"UID:registration-{first.pk}-{first.event.slug}@127.0.0.1"]
    assert uids[2] != uids[0]


def calendar_line(ics, name):
    return next(line for line in unfold(ics).split("\r\n") if line.startswith(f"{name}:"))


@pytest.mark.parametrize("status, expected", [
    (RegistrationStatus.APPLIED, "TENTATIVE"), (RegistrationStatus.WAITLISTED, "TENTATIVE"),
    (RegistrationStatus.CONFIRMED, "CONFIRMED"), (RegistrationStatus.CANCELLED, "CANCELLED"),
    (RegistrationStatus.DECLINED, "CANCELLED"),
])
def test_calendar_status_follows_the_registration(status, expected):
    registration = RegistrationFactory(status=status)

    assert calendar_line(registration_ics(registration), "STATUS") == f"STATUS:{expected}"


def test_cancellation_file_is_cancelled_whatever_the_status_was():
    registration = RegistrationFactory(status=RegistrationStatus.APPLIED)

    assert calendar_line(registration_ics(registration, cancelled=True), "STATUS") == "STATUS:CANCELLED"


def test_summary_is_in_the_registrations_language_wherever_the_file_is_made():
    event = EventFactory(name="LG AI Talent Dinner", name_ko="LG AI 탤런트 디너", city="Vancouver")
    korean = RegistrationFactory(event=event, language="ko")
    english = RegistrationFactory(event=event, language="en")

    assert calendar_line(registration_ics(korean), "SUMMARY") == "SUMMARY:LG AI 탤런트 디너"
    assert calendar_line(registration_ics(english), "SUMMARY") == "SUMMARY:LG AI Talent Dinner"


def test_location_names_the_city_when_the_address_does_not():
    registration = RegistrationFactory(event=EventFactory(venue="Harbour Room", venue_address="1 Main St",
                                                          city="Vancouver"))

    location = calendar_line(registration_ics(registration), "LOCATION")
    assert location == "LOCATION:Harbour Room\\, 1 Main St\\, Vancouver"
