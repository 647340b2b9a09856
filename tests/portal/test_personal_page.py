"""The personal page behind the signed link: status, details and interests, tables, calendar, cancel."""
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from attendees import links
from attendees.enums import RegistrationStatus
from attendees.models import Registration
from tables.enums import RoundBasis
from tables.published import published_seating
from tests.factories import (
    CompanyInterestFactory, EventHostFactory, HostFactory, RegistrationFactory, ResearcherFactory,
    ResearchInterestFactory, RoundFactory, SeatFactory, TableFactory, TableThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(event):
    registration = RegistrationFactory(
        event=event, status=RegistrationStatus.CONFIRMED,
        researcher=ResearcherFactory(first_name="Seoyeon", last_name="Park", native_name="박서연"),
    )
    companies = list(event.companies.order_by("pk"))
    areas = list(event.research_areas.order_by("pk"))
    CompanyInterestFactory(registration=registration, company=companies[0], rank=1)
    ResearchInterestFactory(registration=registration, research_area=areas[0], rank=1)
    ResearchInterestFactory(registration=registration, research_area=areas[1], rank=2)
    return registration


def page_url(registration, name="portal:personal"):
    return reverse(name, kwargs={"signed": links.personal_page_token(registration)})


def details(event, **overrides):
    companies = list(event.companies.order_by("pk"))
    areas = list(event.research_areas.order_by("pk"))
    data = {
        "first_name": "Seoyeon", "last_name": "Park", "native_name": "박서연", "affiliation": "SNU", "lab": "",
        "position": "phd", "graduation_year": "2029", "country": "", "homepage": "",
        "company_1": companies[0].pk, "company_2": companies[2].pk, "company_3": "",
        "research_1": areas[3].pk, "research_2": areas[0].pk, "research_3": "",
        "dietary_needs": "halal", "accessibility_needs": "",
    }
    data.update(overrides)
    return data


def test_personal_page_shows_the_registration_and_keeps_out_robots_and_referrers(client, registration):
    response = client.get(page_url(registration))

    content = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"
    assert '<meta name="robots" content="noindex">' in content
    assert "박서연" in content
    assert "Your place is confirmed." in content
    assert response.context["form"].initial["research_2"] == registration.event.research_areas.order_by("pk")[1].pk


@pytest.mark.parametrize(("status", "text"), [
    (RegistrationStatus.APPLIED, "the organizers will confirm your place by email"),
    (RegistrationStatus.CONFIRMED, "Your place is confirmed."),
    (RegistrationStatus.CANCELLED, "Your registration is cancelled."),
    (RegistrationStatus.DECLINED, "We could not offer you a place at this dinner."),
])
def test_personal_page_states_the_status(client, event, status, text):
    registration = RegistrationFactory(event=event, status=status)

    response = client.get(page_url(registration))

    assert text in response.content.decode()


def test_personal_page_shows_the_waitlist_position(client, event):
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    second = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    response = client.get(page_url(second))

    assert "You are number 2 on the waitlist." in response.content.decode()


def tampered(signed):
    token, signature = signed.split(":")
    return f"{token}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}"


@pytest.mark.parametrize("make_signed", [
    lambda r: tampered(links.personal_page_token(r)),
    lambda r: links.checkin_token(r),  # a check-in link is not a personal-page link
    lambda r: "not-a-link",
    lambda r: links.personal_page_token(r).split(":")[0],
])
def test_wrong_or_tampered_link_is_a_plain_404(client, registration, make_signed):
    for name in ("portal:personal", "portal:personal_cancel", "portal:personal_calendar"):
        response = client.get(reverse(name, kwargs={"signed": make_signed(registration)}))

        assert response.status_code == 404


def test_validly_signed_link_for_a_registration_that_no_longer_exists_shows_nothing_personal(client, registration):
    url = page_url(registration)
    Registration.objects.filter(pk=registration.pk).update(token="replaced")

    response = client.get(url)

    content = response.content.decode()
    assert response.status_code == 410
    assert "This link no longer works" in content
    assert "박서연" not in content and registration.researcher.email not in content


def test_editing_details_and_ranked_interests_saves_them(client, registration):
    event = registration.event

    response = client.post(page_url(registration), details(event))

    assert response.status_code == 302
    assert response.url == page_url(registration)
    registration.refresh_from_db()
    companies = list(event.companies.order_by("pk"))
    areas = list(event.research_areas.order_by("pk"))
    assert [i.company for i in registration.company_interests.order_by("rank")] == [companies[0], companies[2]]
    assert [i.research_area for i in registration.research_interests.order_by("rank")] == [areas[3], areas[0]]
    assert (registration.researcher.affiliation, registration.dietary_needs) == ("SNU", "halal")
    assert "Your changes are saved." in client.get(response.url).content.decode()


@pytest.mark.parametrize(("overrides", "field"), [
    ({"company_2": "same-as-first"}, "company_2"),
    ({"research_1": ""}, "research_1"),
    ({"first_name": ""}, "first_name"),
    ({"position": "phd", "graduation_year": "2001"}, "graduation_year"),
])
def test_editing_validates_like_the_registration_form_and_saves_nothing(client, registration, overrides, field):
    event = registration.event
    if overrides.get("company_2") == "same-as-first":
        overrides["company_2"] = event.companies.order_by("pk").first().pk

    response = client.post(page_url(registration), details(event, **overrides))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    registration.refresh_from_db()
    assert registration.researcher.affiliation == "KAIST"
    assert registration.company_interests.count() == 1


def test_locked_details_show_no_form_and_refuse_changes(client, registration):
    event = registration.event
    event.details_lock_at = timezone.now() - timedelta(minutes=1)
    event.save()

    page = client.get(page_url(registration))
    response = client.post(page_url(registration), details(event), follow=True)

    assert page.context["form"] is None
    assert "The organizers have locked the details" in page.content.decode()
    assert "Your details can no longer be changed." in response.content.decode()
    registration.refresh_from_db()
    assert registration.researcher.affiliation == "KAIST"


def test_cancel_asks_first_then_frees_the_place_for_the_next_person(client, registration,
                                                                    django_capture_on_commit_callbacks):
    event = registration.event
    event.researcher_capacity = 1
    event.save()
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    question = client.get(page_url(registration, "portal:personal_cancel"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page_url(registration, "portal:personal_cancel"), follow=True)

    assert "Cancel your registration?" in question.content.decode()
    assert question["X-Robots-Tag"] == "noindex, nofollow"
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert (registration.status, waiting.status) == (RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED)
    content = response.content.decode()
    assert "Your registration is cancelled. We have sent you an email." in content
    assert 'id="cancel-link"' not in content
    assert sorted(m.to[0] for m in mail.outbox) == sorted([registration.researcher.email, waiting.researcher.email])


def test_cancel_after_the_event_started_is_refused(client, registration):
    event = registration.event
    event.registration_opens_at = timezone.now() - timedelta(days=5)
    event.registration_closes_at = timezone.now() - timedelta(days=2)
    event.starts_at = timezone.now() - timedelta(minutes=5)
    event.ends_at = timezone.now() + timedelta(hours=3)
    event.save()

    response = client.post(page_url(registration, "portal:personal_cancel"), follow=True)

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert "The event has started" in response.content.decode()


def test_calendar_download(client, registration):
    response = client.get(page_url(registration, "portal:personal_calendar"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{registration.event.slug}.ics"'
    assert response["Referrer-Policy"] == "same-origin"
    assert f"UID:registration-{registration.pk}-" in response.content.decode()


def test_calendar_is_only_for_those_holding_a_place(client, event):
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    assert client.get(page_url(waiting, "portal:personal_calendar")).status_code == 404


def seat_in_rounds(registration, round_count, *, published=True):
    """Seat the registration in `round_count` rounds, each table themed and with two hosts."""
    event = registration.event
    companies = list(event.companies.order_by("pk"))
    for number in range(1, round_count + 1):
        round_ = RoundFactory(event=event, number=number, basis=RoundBasis.COMPANY,
                              published_at=timezone.now() if published else None)
        table = TableFactory(event=event, number=number + 4, name=f"Pine {number}")
        TableThemeFactory(round=round_, table=table, company=companies[number % len(companies)])
        SeatFactory(round=round_, table=table, registration=registration)
        for last_name in ("Choi", "Lee"):
            host = EventHostFactory(event=event, host=HostFactory(last_name=f"{last_name}{number}",
                                                                  company=companies[0]))
            SeatFactory(round=round_, table=table, registration=None, event_host=host)


def test_published_seating_lists_tables_themes_and_hosts_of_published_rounds_only(registration):
    seat_in_rounds(registration, 2)
    later = RoundFactory(event=registration.event, number=3, published_at=None)
    SeatFactory(round=later, table=TableFactory(event=registration.event, number=1), registration=registration)
    companies = list(registration.event.companies.order_by("pk"))

    rows = published_seating(registration)

    assert [(r.round_number, r.table_number, r.table_name, r.theme) for r in rows] == [
        (1, 5, "Pine 1", companies[1].name), (2, 6, "Pine 2", companies[2].name)]
    assert rows[0].host_names == (f"Seoyeon Choi1 ({companies[0].name})", f"Seoyeon Lee1 ({companies[0].name})")


@pytest.mark.parametrize("round_count", [1, 3])
def test_published_seating_query_count_does_not_grow(registration, round_count, django_assert_num_queries):
    seat_in_rounds(registration, round_count)

    with django_assert_num_queries(3):
        rows = published_seating(registration)

    assert len(rows) == round_count


def test_personal_page_shows_published_tables_with_hosts(client, registration):
    seat_in_rounds(registration, 1)

    content = client.get(page_url(registration)).content.decode()

    assert "Round 1: table 5" in content
    assert "Seoyeon Choi1" in content


def test_personal_page_says_when_seating_is_not_published(client, registration):
    seat_in_rounds(registration, 1, published=False)

    content = client.get(page_url(registration)).content.decode()

    assert "The seating is not published yet." in content
    assert "Round 1: table 5" not in content


@pytest.mark.parametrize("round_count", [1, 3])
def test_personal_page_query_count_does_not_grow(client, registration, round_count, django_assert_num_queries):
    seat_in_rounds(registration, round_count)

    with django_assert_num_queries(12):
        response = client.get(page_url(registration))

    assert len(response.context["seating"]) == round_count
