from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.enums import EventStatus
from tests.factories import FIXED_NOW, EventFactory

pytestmark = pytest.mark.django_db


def test_event_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(starts_at=FIXED_NOW, ends_at=FIXED_NOW - timedelta(hours=1))


def test_event_registration_must_close_after_it_opens():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(registration_opens_at=FIXED_NOW, registration_closes_at=FIXED_NOW - timedelta(days=1))


def test_event_choice_limit_is_between_one_and_five():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(max_company_choices=0)


def test_event_time_zone_must_be_known():
    event = EventFactory.build(time_zone="Mars/Olympus_Mons")

    with pytest.raises(ValidationError) as error:
        event.full_clean(exclude=["companies", "research_areas"])

    assert "time_zone" in error.value.message_dict


@pytest.mark.parametrize(
    ("status", "offset", "expected"),
    [
        (EventStatus.OPEN, timedelta(0), "open"),
        (EventStatus.OPEN, -timedelta(days=10), "not_yet"),
        (EventStatus.OPEN, timedelta(days=60), "closed"),
        (EventStatus.CLOSED, timedelta(0), "closed"),
        (EventStatus.DRAFT, timedelta(0), "unavailable"),
    ],
)
def test_event_registration_state(status, offset, expected):
    event = EventFactory(status=status, registration_opens_at=FIXED_NOW - timedelta(days=1),
                         registration_closes_at=FIXED_NOW + timedelta(days=30),
                         starts_at=FIXED_NOW + timedelta(days=40), ends_at=FIXED_NOW + timedelta(days=40, hours=3))

    assert event.registration_state(FIXED_NOW + offset) == expected
