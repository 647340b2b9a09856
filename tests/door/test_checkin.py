"""Checking guests in at the door: the service, the staff pages, access, and a race on PostgreSQL."""
from datetime import datetime, timedelta, timezone

import pytest
from django.db import connection
from django.urls import reverse

from attendees import links
from attendees.figures import arrival_counts
from attendees.enums import RegistrationStatus
from attendees.models import EventHost, Registration
from door import services
from tables.enums import RoundBasis
from tests.factories import (
    EventHostFactory, HostFactory, RegistrationFactory, RoundFactory, SeatFactory, TableFactory,
    TableThemeFactory,
)
from tests.races import run_at_once

pytestmark = pytest.mark.django_db

# 19:42 in Vancouver (PDT, UTC-7) on the evening of the dinner.
EVENING = datetime(2027, 6, 12, 2, 42, tzinfo=timezone.utc)


@pytest.fixture
def seoyeon(event):
    return RegistrationFactory(
        event=event, researcher__first_name="Seoyeon", researcher__last_name="Park",
        researcher__native_name="박서연", researcher__affiliation="Seoul National University",
        researcher__email="seoyeon@snu.example",
    )


def seat_in_both_rounds(registration, *, table_number):
    """Round 1 at a company table, round 2 at a research-area table (same physical table)."""
    event = registration.event
    round_1 = event.rounds.filter(number=1).first() or RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY)
    round_2 = event.rounds.filter(number=2).first() or RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH)
    table = TableFactory(event=event, number=table_number, name=f"Maple {table_number}")
    TableThemeFactory(round=round_1, table=table, company=event.companies.order_by("pk").first())
    TableThemeFactory(round=round_2, table=table, company=None,
                      research_area=event.research_areas.order_by("pk").first())
    SeatFactory(round=round_1, table=table, registration=registration)
    SeatFactory(round=round_2, table=table, registration=registration)
    return table


def event_url(event):
    return reverse("checkin:event", kwargs={"slug": event.slug})


# The service

def test_check_in_sets_arrival_time_once(seoyeon):
    first = services.check_in(registration_id=seoyeon.pk, now=EVENING)
    second = services.check_in(registration_id=seoyeon.pk, now=EVENING + timedelta(minutes=5))

    seoyeon.refresh_from_db()
    assert (first.already, second.already) == (False, True)
    assert second.checked_in_at == EVENING
    assert seoyeon.checked_in_at == EVENING


@pytest.mark.parametrize("status", [RegistrationStatus.CONFIRMED, RegistrationStatus.APPLIED])
def test_check_in_accepts_place_holding_registrations(event, status):
    registration = RegistrationFactory(event=event, status=status)

    outcome = services.check_in(registration_id=registration.pk, now=EVENING)

    assert outcome.already is False
    assert Registration.objects.get(pk=registration.pk).checked_in_at == EVENING


@pytest.mark.parametrize(
    ("status", "word"),
    [(RegistrationStatus.CANCELLED, "cancelled"), (RegistrationStatus.DECLINED, "declined"),
     (RegistrationStatus.WAITLISTED, "waitlisted")],
)
def test_check_in_refuses_registrations_without_a_place(event, status, word):
    registration = RegistrationFactory(event=event, status=status)

    with pytest.raises(services.CheckInError) as error:
        services.check_in(registration_id=registration.pk, now=EVENING)

    assert error.value.message == f"This registration is {word}: only confirmed guests can check in."
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


def test_undo_check_in_clears_the_arrival(seoyeon):
    services.check_in(registration_id=seoyeon.pk, now=EVENING)

    removed = services.undo_check_in(registration_id=seoyeon.pk)

    seoyeon.refresh_from_db()
    assert removed == EVENING
    assert seoyeon.checked_in_at is None


def test_undo_check_in_of_guest_not_checked_in_is_refused(seoyeon):
    with pytest.raises(services.CheckInError) as error:
        services.undo_check_in(registration_id=seoyeon.pk)

    assert error.value.message == "This guest was not checked in."


def test_check_in_host_sets_arrival_time_once(event):
    event_host = EventHostFactory(event=event)

    first = services.check_in_host(event_host_id=event_host.pk, now=EVENING)
    second = services.check_in_host(event_host_id=event_host.pk, now=EVENING + timedelta(minutes=1))

    assert (first.already, second.already, second.checked_in_at) == (False, True, EVENING)
    assert EventHost.objects.get(pk=event_host.pk).checked_in_at == EVENING


def test_arrival_counts_only_place_holding_registrations(event):
    RegistrationFactory.create_batch(2, event=event, status=RegistrationStatus.CONFIRMED, checked_in_at=EVENING)
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED, is_returning=True)
    RegistrationFactory(event=event, status=RegistrationStatus.APPLIED)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED, checked_in_at=EVENING)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    counts = arrival_counts(event=event)

    assert counts == {"expected": 4, "arrived": 2, "returning": 1, "rate": 50}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serializes writers; the race needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_phones_checking_in_the_same_guest_at_once_record_one_arrival(event):
    registration = RegistrationFactory(event=event)
    times = [EVENING, EVENING + timedelta(seconds=1)]
    outcomes = []

    errors = run_at_once([lambda now=now: outcomes.append(services.check_in(registration_id=registration.pk, now=now))
                          for now in times])

    registration.refresh_from_db()
    assert errors == []
    assert sorted(outcome.already for outcome in outcomes) == [False, True]
    assert {outcome.checked_in_at for outcome in outcomes} == {registration.checked_in_at}


# Access

@pytest.mark.parametrize("url_name", ["event", "counters"])
def test_checkin_pages_send_anonymous_visitors_to_the_door_login(client, seoyeon, url_name):
    response = client.get(reverse(f"checkin:{url_name}", kwargs={"slug": seoyeon.event.slug}))

    assert response.status_code == 302
    assert response.url.startswith(reverse("checkin:login"))


@pytest.mark.parametrize("is_staff", [False, True], ids=["no role", "admin account without the door role"])
def test_checkin_pages_turn_away_accounts_without_the_door_permission(client, django_user_model, seoyeon, is_staff):
    user = django_user_model.objects.create_user("guest", password="pw-for-tests", is_staff=is_staff)
    seoyeon.event.staff.add(user)
    client.force_login(user)

    page = client.get(reverse("checkin:guest", kwargs={"signed": links.checkin_token(seoyeon)}))
    post = client.post(reverse("checkin:arrive", kwargs={"slug": seoyeon.event.slug}), {"registration": seoyeon.pk})

    assert (page.status_code, post.status_code) == (403, 403)
    assert Registration.objects.get(pk=seoyeon.pk).checked_in_at is None


def test_checkin_guest_page_with_tampered_signature_is_404(staff_client, seoyeon):
    signed = links.checkin_token(seoyeon)
    tampered = signed[:-1] + ("A" if signed[-1] != "A" else "B")

    response = staff_client.get(reverse("checkin:guest", kwargs={"signed": tampered}))

    assert response.status_code == 404


def test_checkin_guest_page_refuses_personal_page_signature(staff_client, seoyeon):
    response = staff_client.get(reverse("checkin:guest", kwargs={"signed": links.personal_page_token(seoyeon)}))

    assert response.status_code == 404


# The pages

def test_checkin_search_finds_guest_by_hangul_given_name(staff_client, event, seoyeon):
    RegistrationFactory(event=event, researcher__native_name="김민준")
    seat_in_both_rounds(seoyeon, table_number=7)

    response = staff_client.get(event_url(event), {"q": "서연"})

    assert response.status_code == 200
    assert response.context["registrations"] == [seoyeon]
    page = response.content.decode()
    assert "Seoyeon Park (박서연)" in page
    assert "Seoul National University" in page
    assert "Table 7</strong> · Maple 7" in page
    assert event.companies.order_by("pk").first().name in page
    assert event.research_areas.order_by("pk").first().name in page
    assert "Mark arrived" in page


@pytest.mark.parametrize("query", ["seoyeon park", "PARK", "snu.example", "seoul national", "박서연"])
def test_checkin_search_matches_names_email_and_affiliation(staff_client, event, seoyeon, query):
    RegistrationFactory(event=event, researcher__affiliation="KAIST")

    response = staff_client.get(event_url(event), {"q": query})

    assert response.context["registrations"] == [seoyeon]


def test_checkin_search_stays_within_the_event(staff_client, event, seoyeon):
    RegistrationFactory(researcher__native_name="이서연")  # another event's guest

    response = staff_client.get(event_url(event), {"q": "서연"})

    assert response.context["registrations"] == [seoyeon]


def test_checkin_search_finds_hosts(staff_client, event):
    event_host = EventHostFactory(event=event, host=HostFactory(first_name="Jiwoo", native_name="최지우"))

    response = staff_client.get(event_url(event), {"q": "지우"})

    assert response.context["event_hosts"] == [event_host]
    assert "Mark arrived" in response.content.decode()


def test_checkin_page_shows_counters(staff_client, event):
    RegistrationFactory.create_batch(3, event=event, checked_in_at=EVENING)
    RegistrationFactory(event=event)

    response = staff_client.get(event_url(event))
    counters = staff_client.get(reverse("checkin:counters", kwargs={"slug": event.slug}))

    assert response.context["counts"] == {"expected": 4, "arrived": 3, "returning": 0, "rate": 75}
    assert counters.json() == {"expected": 4, "arrived": 3, "returning": 0, "rate": 75}
    assert "75%" in response.content.decode()


def test_mark_arrived_from_search_then_again_says_when(staff_client, event, seoyeon):
    back = event_url(event) + "?q=%EC%84%9C%EC%97%B0"
    url = reverse("checkin:arrive", kwargs={"slug": event.slug})

    first = staff_client.post(url, {"registration": seoyeon.pk, "next": back}, follow=True)
    arrived_at = Registration.objects.get(pk=seoyeon.pk).checked_in_at
    second = staff_client.post(url, {"registration": seoyeon.pk, "next": back}, follow=True)

    local = arrived_at.astimezone(event.tzinfo).strftime("%H:%M")
    assert first.redirect_chain == [(back, 302)]
    assert [str(m) for m in first.context["messages"]] == [f"Arrived at {local}: Seoyeon Park (박서연)."]
    assert [str(m) for m in second.context["messages"]] == [f"Already arrived at {local}: Seoyeon Park (박서연)."]
    assert Registration.objects.get(pk=seoyeon.pk).checked_in_at == arrived_at
    assert f"Arrived at {local}" in second.content.decode()


def test_already_arrived_message_uses_the_event_time_zone(staff_client, event, seoyeon):
    services.check_in(registration_id=seoyeon.pk, now=EVENING)

    response = staff_client.post(reverse("checkin:arrive", kwargs={"slug": event.slug}),
                                 {"registration": seoyeon.pk}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Already arrived at 19:42: Seoyeon Park (박서연)."]


def test_mark_arrived_for_cancelled_registration_is_refused_with_a_message(staff_client, event):
    registration = RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)

    response = staff_client.post(reverse("checkin:arrive", kwargs={"slug": event.slug}),
                                 {"registration": registration.pk}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "This registration is cancelled: only confirmed guests can check in."]
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


def test_waitlisted_guest_card_explains_instead_of_offering_the_button(staff_client, event):
    registration = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    response = staff_client.get(reverse("checkin:guest", kwargs={"signed": links.checkin_token(registration)}))

    page = response.content.decode()
    assert "This registration is waitlisted: this guest cannot check in." in page
    assert "Mark arrived" not in page


def test_mark_arrived_for_another_events_registration_is_404(staff_client, event):
    elsewhere = RegistrationFactory()

    response = staff_client.post(reverse("checkin:arrive", kwargs={"slug": event.slug}), {"registration": elsewhere.pk})

    assert response.status_code == 404
    assert Registration.objects.get(pk=elsewhere.pk).checked_in_at is None


def test_mark_arrived_does_not_redirect_off_site(staff_client, event, seoyeon):
    response = staff_client.post(reverse("checkin:arrive", kwargs={"slug": event.slug}),
                                 {"registration": seoyeon.pk, "next": "https://evil.example/"})

    assert response.url == event_url(event)


def test_mark_arrived_needs_a_post(staff_client, event, seoyeon):
    response = staff_client.get(reverse("checkin:arrive", kwargs={"slug": event.slug}), {"registration": seoyeon.pk})

    assert response.status_code == 405
    assert Registration.objects.get(pk=seoyeon.pk).checked_in_at is None


def test_qr_link_opens_guest_page_and_marks_arrival(staff_client, event, seoyeon):
    seat_in_both_rounds(seoyeon, table_number=3)
    guest_url = reverse("checkin:guest", kwargs={"signed": links.checkin_token(seoyeon)})

    page = staff_client.get(guest_url)
    response = staff_client.post(reverse("checkin:arrive", kwargs={"slug": event.slug}),
                                 {"registration": seoyeon.pk, "next": guest_url}, follow=True)

    assert links.checkin_url(seoyeon).endswith(guest_url)
    assert page.context["registration"] == seoyeon
    assert "Table 3</strong> · Maple 3" in page.content.decode()
    assert response.redirect_chain == [(guest_url, 302)]
    assert Registration.objects.get(pk=seoyeon.pk).checked_in_at is not None


def test_undo_check_in_from_the_page(staff_client, event, seoyeon):
    services.check_in(registration_id=seoyeon.pk, now=EVENING)

    response = staff_client.post(reverse("checkin:undo", kwargs={"slug": event.slug}),
                                 {"registration": seoyeon.pk}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Check-in undone: Seoyeon Park (박서연)."]
    assert Registration.objects.get(pk=seoyeon.pk).checked_in_at is None


def test_host_check_in_and_undo_from_the_page(staff_client, event):
    event_host = EventHostFactory(event=event)

    staff_client.post(reverse("checkin:host_arrive", kwargs={"slug": event.slug}), {"event_host": event_host.pk})
    arrived_at = EventHost.objects.get(pk=event_host.pk).checked_in_at
    staff_client.post(reverse("checkin:host_undo", kwargs={"slug": event.slug}), {"event_host": event_host.pk})

    assert arrived_at is not None
    assert EventHost.objects.get(pk=event_host.pk).checked_in_at is None


@pytest.mark.parametrize("item_count", (1, 3))
def test_checkin_search_page_query_count(staff_client, event, item_count, django_assert_num_queries):
    registrations = [
        RegistrationFactory(event=event, researcher__native_name=f"박서연{n}") for n in range(item_count)
    ]
    for number, registration in enumerate(registrations, start=1):
        seat_in_both_rounds(registration, table_number=number)
    EventHostFactory.create_batch(item_count, event=event, host__native_name="최서연")

    # session, user, the user's permissions (2), the event, whether the user works on it, counters,
    # guests with their seats (2), hosts with their seats (2)
    with django_assert_num_queries(11):
        response = staff_client.get(event_url(event), {"q": "서연"})

    assert len(response.context["registrations"]) == item_count
    assert len(response.context["event_hosts"]) == item_count

