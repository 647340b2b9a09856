"""Admin lists and public lists answer in a number of queries that does not grow with their rows."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    EventFactory, EventHostFactory, HostExpertiseFactory, InvitationFactory, RegistrationFactory,
    RegistrationRequestFactory, RoundFactory, SeatFactory, TableFactory,
)

pytestmark = pytest.mark.django_db


def make_researchers(event, n):
    for _ in range(n):
        RegistrationFactory(event=event)


def make_hosts(event, n):
    for _ in range(n):
        EventHostFactory(event=event, host=HostExpertiseFactory().host)


def make_invitations(event, n):
    for _ in range(n):
        InvitationFactory(event=event)


def make_registration_requests(event, n):
    for _ in range(n):
        RegistrationRequestFactory(event=event, registration=RegistrationFactory(event=event))


def make_seats(event, n):
    round_ = event.rounds.first() or RoundFactory(event=event)
    for _ in range(n):
        table = TableFactory(event=event)
        SeatFactory(round=round_, table=table, registration=RegistrationFactory(event=event))
        SeatFactory(round=round_, table=table, registration=None, event_host=EventHostFactory(event=event))


def make_rounds(event, n):
    for number in range(1, n + 1):
        RoundFactory(event=event, number=number)


def make_events(event, n):
    for _ in range(n - 1):
        RegistrationFactory(event=EventFactory(offerings=True))


LISTS = {
    "attendees_researcher": make_researchers,
    "attendees_host": make_hosts,
    "attendees_eventhost": make_hosts,
    "attendees_invitation": make_invitations,
    "attendees_registrationrequest": make_registration_requests,
    "tables_seat": make_seats,
    "tables_table": make_seats,
    "tables_round": make_rounds,
    "events_event": make_events,
}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("changelist", sorted(LISTS))
def test_admin_changelist_query_count_does_not_grow(admin_client, changelist):
    url = reverse(f"admin:{changelist}_changelist")
    one, three = EventFactory(offerings=True), EventFactory(offerings=True)
    LISTS[changelist](one, 1)
    with_one = count_queries(admin_client, url)

    LISTS[changelist](three, 3)
    with_four = count_queries(admin_client, url)

    assert with_four == with_one


@pytest.mark.parametrize("count", [1, 3])
def test_public_event_list_query_count(client, count, django_assert_num_queries):
    EventFactory.create_batch(count)

    with django_assert_num_queries(1):
        response = client.get(reverse("events:list"))

    assert len(response.context["events"]) == count
