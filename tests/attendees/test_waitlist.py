"""Capacity and the waitlist: never overbooked, first come first served, freed places move on at once."""
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from attendees import address_proof, services
from attendees.enums import RegistrationStatus
from attendees.mail.enums import EmailKind
from attendees.models import OutboundEmail, Registration, Researcher
from tables.models import Seat
from tests.factories import (
    EventFactory, RegistrationFactory, ResearcherFactory, RoundFactory, SeatFactory, TableFactory,
)
from tests.races import run_at_once

pytestmark = pytest.mark.django_db

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serializes writers; the race needs PostgreSQL"
)


def details(event, email):
    return dict(
        email=email, profile={"first_name": "Minjun", "last_name": email.split("@")[0], "affiliation": "KAIST",
                              "position": "phd"},
        company_ids=[event.companies.order_by("pk").first().pk],
        research_area_ids=[event.research_areas.order_by("pk").first().pk],
    )


def register(event, email, **kwargs):
    return services.register(event=event, **details(event, email), **kwargs)


def submitted(event, email):
    """The request the public form leaves for `email`: nothing registered until its link is confirmed."""
    return address_proof.submit_registration(event=event, **details(event, email)).registration_request


def waitlisted(event, count, *, start):
    """`count` waitlisted registrations created one minute apart from `start`, oldest first."""
    registrations = []
    for minute in range(count):
        registration = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
        Registration.objects.filter(pk=registration.pk).update(created_at=start + timedelta(minutes=minute))
        registrations.append(registration)
    return registrations


def statuses(registrations):
    return [Registration.objects.get(pk=r.pk).status for r in registrations]


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_confirmations_fill_five_places_and_waitlist_the_rest():
    event = EventFactory(offerings=True, researcher_capacity=5)
    requests = [submitted(event, f"researcher{n}@snu.example") for n in range(20)]

    errors = run_at_once([
        (lambda r=r: address_proof.confirm_registration(request_id=r.pk)) for r in requests
    ])

    assert errors == []
    counts = {status: Registration.objects.filter(event=event, status=status).count()
              for status in (RegistrationStatus.APPLIED, RegistrationStatus.WAITLISTED)}
    assert counts == {RegistrationStatus.APPLIED: 5, RegistrationStatus.WAITLISTED: 15}
    # Served one after the other: the five with places registered before anyone who waits.
    ordered = list(
        Registration.objects.filter(event=event).order_by("created_at", "pk").values_list("status", flat=True))
    assert ordered == [RegistrationStatus.APPLIED] * 5 + [RegistrationStatus.WAITLISTED] * 15


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_link_confirmed_twice_at_once_registers_once():
    """A double tap on the button: two requests race for the same link."""
    event = EventFactory(offerings=True, researcher_capacity=5)
    request = submitted(event, "jiwoo@postech.example")
    outcomes = []

    errors = run_at_once([
        lambda: outcomes.append(address_proof.confirm_registration(request_id=request.pk)) for _ in range(2)
    ])

    assert len(outcomes) == 1 and outcomes[0].created
    assert [type(e) for e in errors] == [address_proof.ConfirmationError]
    assert errors[0].problem.value == "used"
    assert Registration.objects.filter(event=event).count() == 1
    assert OutboundEmail.objects.filter(kind=EmailKind.REGISTERED).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_new_address_confirmed_for_two_events_at_once_is_one_researcher_registered_twice():
    """Both confirmations create the researcher; the unique email makes one retry and find the other's."""
    events = [EventFactory(offerings=True) for _ in range(2)]
    requests = [submitted(event, "Seoyeon@SNU.example") for event in events]

    errors = run_at_once([
        (lambda r=r: address_proof.confirm_registration(request_id=r.pk)) for r in requests
    ])

    assert errors == []
    assert Researcher.objects.filter(email__iexact="seoyeon@snu.example").count() == 1
    assert sorted(Registration.objects.values_list("event_id", flat=True)) == sorted(e.pk for e in events)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_cancellations_promote_two_different_people():
    event = EventFactory(researcher_capacity=2)
    leaving = RegistrationFactory.create_batch(2, event=event, status=RegistrationStatus.CONFIRMED)
    waiting = waitlisted(event, 3, start=timezone.now() - timedelta(days=1))

    errors = run_at_once([
        (lambda r=r: services.cancel_registration(registration_id=r.pk)) for r in leaving
    ])

    assert errors == []
    assert statuses(leaving) == [RegistrationStatus.CANCELLED] * 2
    assert statuses(waiting) == [RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED,
                                 RegistrationStatus.WAITLISTED]


def test_registration_joins_waitlist_when_places_are_taken(event):
    event.researcher_capacity = 1
    event.save()

    first = register(event, "first@kaist.example")
    second = register(event, "second@kaist.example")

    assert (first.registration.status, second.registration.status) == (
        RegistrationStatus.APPLIED, RegistrationStatus.WAITLISTED)


def test_cancellation_promotes_the_longest_waiting_person(event):
    event.researcher_capacity = 1
    event.save()
    leaving = RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    start = timezone.now() - timedelta(days=1)
    later, earlier = waitlisted(event, 2, start=start)[::-1]

    report = services.cancel_registration(registration_id=leaving.pk)

    assert report.promoted == [earlier]
    assert statuses([leaving, earlier, later]) == [
        RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]


def test_waitlist_ties_on_registration_time_go_by_id(event):
    event.researcher_capacity = 1
    event.save()
    leaving = RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    same_moment = timezone.now() - timedelta(hours=1)
    first, second = RegistrationFactory.create_batch(2, event=event, status=RegistrationStatus.WAITLISTED)
    Registration.objects.filter(pk__in=[first.pk, second.pk]).update(created_at=same_moment)

    services.cancel_registration(registration_id=leaving.pk)

    assert statuses([first, second]) == [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]


@pytest.mark.parametrize("status", [RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED])
def test_organizer_cancelling_or_declining_a_place_holder_promotes_the_next(event, status):
    event.researcher_capacity = 2
    event.save()
    holders = RegistrationFactory.create_batch(2, event=event, status=RegistrationStatus.CONFIRMED)
    (waiting,) = waitlisted(event, 1, start=timezone.now() - timedelta(hours=1))

    report = services.change_status(registration_ids=[holders[0].pk], status=status)

    assert [r.pk for r in report.promoted] == [waiting.pk]
    assert statuses([holders[0], waiting]) == [status, RegistrationStatus.CONFIRMED]


def test_moving_a_place_holder_to_the_waitlist_promotes_nobody(event):
    event.researcher_capacity = 1
    event.save()
    holder = RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    (waiting,) = waitlisted(event, 1, start=timezone.now() - timedelta(hours=1))

    report = services.change_status(registration_ids=[holder.pk], status=RegistrationStatus.WAITLISTED)

    assert report.promoted == []
    assert statuses([holder, waiting]) == [RegistrationStatus.WAITLISTED, RegistrationStatus.WAITLISTED]


def test_declining_someone_on_the_waitlist_frees_no_place_and_promotes_nobody(event):
    event.researcher_capacity = 1
    event.save()
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    first, second = waitlisted(event, 2, start=timezone.now() - timedelta(hours=1))

    report = services.change_status(registration_ids=[first.pk], status=RegistrationStatus.DECLINED)

    assert report.promoted == []
    assert statuses([first, second]) == [RegistrationStatus.DECLINED, RegistrationStatus.WAITLISTED]


def test_cancelling_several_promotes_as_many(event):
    event.researcher_capacity = 3
    event.save()
    holders = RegistrationFactory.create_batch(3, event=event, status=RegistrationStatus.CONFIRMED)
    waiting = waitlisted(event, 3, start=timezone.now() - timedelta(hours=1))

    report = services.change_status(registration_ids=[h.pk for h in holders[:2]], status=RegistrationStatus.CANCELLED)

    assert [r.pk for r in report.promoted] == [waiting[0].pk, waiting[1].pk]
    assert Registration.objects.filter(event=event, status__in=["applied", "confirmed"]).count() == 3


def test_no_promotion_once_the_event_has_started(event):
    event.researcher_capacity = 1
    event.starts_at = timezone.now() - timedelta(hours=1)
    event.ends_at = timezone.now() + timedelta(hours=2)
    event.registration_opens_at = event.starts_at - timedelta(days=10)
    event.registration_closes_at = event.starts_at - timedelta(days=1)
    event.save()
    holder = RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    (waiting,) = waitlisted(event, 1, start=timezone.now() - timedelta(days=2))

    report = services.change_status(registration_ids=[holder.pk], status=RegistrationStatus.CANCELLED)

    assert report.promoted == []
    assert statuses([waiting]) == [RegistrationStatus.WAITLISTED]


def test_leaving_deletes_the_researchers_seats_and_keeps_others(event):
    round_ = RoundFactory(event=event)
    table = TableFactory(event=event)
    leaving, staying = RegistrationFactory.create_batch(2, event=event, status=RegistrationStatus.CONFIRMED)
    SeatFactory(round=round_, table=table, registration=leaving)
    SeatFactory(round=round_, table=table, registration=staying)

    services.cancel_registration(registration_id=leaving.pk)

    assert list(Seat.objects.values_list("registration_id", flat=True)) == [staying.pk]


def test_cancelling_twice_is_refused(event):
    registration = RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    services.cancel_registration(registration_id=registration.pk)

    with pytest.raises(services.RegistrationError):
        services.cancel_registration(registration_id=registration.pk)


def test_promote_action_confirms_in_waitlist_order_and_refuses_past_capacity(admin_client, event):
    event.researcher_capacity = 2
    event.save()
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    first, second = waitlisted(event, 2, start=timezone.now() - timedelta(hours=1))

    response = admin_client.post(reverse("admin:attendees_registration_changelist"), {
        "action": "promote_from_waitlist", "_selected_action": [second.pk, first.pk]}, follow=True)

    assert statuses([first, second]) == [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
    content = response.content.decode()
    assert "1 registration promoted from the waitlist and confirmed." in content
    assert f"{second.researcher}: the event is full; raise its capacity first" in content


def test_promote_action_skips_registrations_not_on_the_waitlist(admin_client, event):
    applied = RegistrationFactory(event=event, status=RegistrationStatus.APPLIED,
                                  researcher=ResearcherFactory(first_name="Jiwoo"))

    response = admin_client.post(reverse("admin:attendees_registration_changelist"), {
        "action": "promote_from_waitlist", "_selected_action": [applied.pk]}, follow=True)

    assert statuses([applied]) == [RegistrationStatus.APPLIED]
    assert f"{applied.researcher}: not on the waitlist" in response.content.decode()
