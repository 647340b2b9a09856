import pytest
from django.db import IntegrityError, transaction

from tests.factories import (
    EventFactory, EventHostFactory, RegistrationFactory, RoundFactory, SeatFactory, TableFactory,
    TableThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_with_tables():
    event = EventFactory()
    return RoundFactory(event=event), TableFactory(event=event, number=1), TableFactory(event=event, number=2)


def test_researcher_has_at_most_one_seat_per_round(round_with_tables):
    round_, table_1, table_2 = round_with_tables
    registration = RegistrationFactory(event=round_.event)
    SeatFactory(round=round_, table=table_1, registration=registration)

    with pytest.raises(IntegrityError), transaction.atomic():
        SeatFactory(round=round_, table=table_2, registration=registration)


def test_host_has_at_most_one_seat_per_round(round_with_tables):
    round_, table_1, table_2 = round_with_tables
    event_host = EventHostFactory(event=round_.event)
    SeatFactory(round=round_, table=table_1, registration=None, event_host=event_host)

    with pytest.raises(IntegrityError), transaction.atomic():
        SeatFactory(round=round_, table=table_2, registration=None, event_host=event_host)


def test_researcher_may_sit_once_in_each_round(round_with_tables):
    round_1, table_1, table_2 = round_with_tables
    round_2 = RoundFactory(event=round_1.event, number=2)
    registration = RegistrationFactory(event=round_1.event)

    SeatFactory(round=round_1, table=table_1, registration=registration)
    SeatFactory(round=round_2, table=table_2, registration=registration)

    assert registration.seats.count() == 2


def test_seat_holds_a_researcher_or_a_host_not_both(round_with_tables):
    round_, table_1, _ = round_with_tables

    with pytest.raises(IntegrityError), transaction.atomic():
        SeatFactory(round=round_, table=table_1, registration=RegistrationFactory(event=round_.event),
                    event_host=EventHostFactory(event=round_.event))


def test_seat_must_hold_someone(round_with_tables):
    round_, table_1, _ = round_with_tables

    with pytest.raises(IntegrityError), transaction.atomic():
        SeatFactory(round=round_, table=table_1, registration=None)


def test_table_number_is_unique_per_event(round_with_tables):
    round_, table_1, _ = round_with_tables

    with pytest.raises(IntegrityError), transaction.atomic():
        TableFactory(event=round_.event, number=table_1.number)


def test_table_theme_is_a_company_or_a_research_area(round_with_tables):
    round_, table_1, _ = round_with_tables

    with pytest.raises(IntegrityError), transaction.atomic():
        TableThemeFactory(round=round_, table=table_1, company=None)
