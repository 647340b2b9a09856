"""Arrivals, no-shows, check-in rate and returning researchers in the event admin; earlier events per registration."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from attendees.enums import RegistrationStatus
from tests.factories import EventFactory, RegistrationFactory, ResearcherFactory

pytestmark = pytest.mark.django_db


def started_event(**kwargs):
    """A dinner that began an hour ago."""
    now = timezone.now()
    return EventFactory(
        starts_at=now - timedelta(hours=1), registration_opens_at=now - timedelta(days=30),
        registration_closes_at=now - timedelta(days=2), **kwargs,
    )


def populate(event):
    """Four place holders (3 arrived, 1 returning), plus people who hold no place."""
    arrived_at = event.starts_at + timedelta(minutes=10)
    RegistrationFactory.create_batch(2, event=event, status=RegistrationStatus.CONFIRMED, checked_in_at=arrived_at)
    RegistrationFactory(event=event, status=RegistrationStatus.APPLIED, checked_in_at=arrived_at, is_returning=True)
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED, checked_in_at=arrived_at, is_returning=True)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED, is_returning=True)


def changelist_row(response, event):
    model_admin = response.context["cl"].model_admin
    row = next(e for e in response.context["cl"].result_list if e.pk == event.pk)
    return {name: getattr(model_admin, name)(row)
            for name in ("places", "waitlist", "arrivals", "no_shows", "check_in_rate", "returning_share",
                         "arrivals_and_rate")}


def test_event_admin_list_shows_figures_of_a_started_event(admin_client):
    event = started_event()
    populate(event)

    response = admin_client.get(reverse("admin:events_event_changelist"))

    assert changelist_row(response, event) == {
        "places": f"4 / {event.researcher_capacity}", "waitlist": 1, "arrivals": 3, "no_shows": 1,
        "check_in_rate": "75%", "returning_share": "25% (1)", "arrivals_and_rate": "3 (75%)",
    }
    page = response.content.decode()
    assert "3 (75%)" in page
    assert "25% (1)" in page


def test_event_admin_list_hides_arrival_figures_before_the_dinner(admin_client):
    event = EventFactory()  # a month away
    populate(event)
    event.registrations.update(checked_in_at=None)

    response = admin_client.get(reverse("admin:events_event_changelist"))

    figures = changelist_row(response, event)
    assert (figures["arrivals_and_rate"], figures["no_shows"], figures["check_in_rate"]) == ("—", "—", "—")
    assert figures["returning_share"] == "25% (1)"


def test_event_admin_list_without_registrations_shows_dashes(admin_client):
    event = started_event()

    response = admin_client.get(reverse("admin:events_event_changelist"))

    figures = changelist_row(response, event)
    assert (figures["arrivals_and_rate"], figures["no_shows"], figures["check_in_rate"],
            figures["returning_share"]) == (0, 0, "—", "—")


def test_event_admin_change_page_shows_figures(admin_client):
    event = started_event()
    populate(event)

    response = admin_client.get(reverse("admin:events_event_change", args=[event.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Figures" in page
    assert "Check-in rate" in page
    assert '<div class="readonly">75%</div>' in page


def test_event_admin_add_page_has_no_figures(admin_client):
    response = admin_client.get(reverse("admin:events_event_add"))

    assert response.status_code == 200
    assert "Figures" not in response.content.decode()


def test_event_admin_links_to_the_door_page(admin_client, event):
    response = admin_client.get(reverse("admin:events_event_changelist"))

    assert reverse("checkin:event", kwargs={"slug": event.slug}) in response.content.decode()


@pytest.mark.parametrize("item_count", (1, 3))
def test_event_admin_changelist_query_count(admin_client, item_count, django_assert_num_queries):
    for _ in range(item_count):
        populate(started_event())

    with django_assert_num_queries(8):
        response = admin_client.get(reverse("admin:events_event_changelist"))

    assert len(response.context["cl"].result_list) == item_count


def test_registration_admin_shows_the_researchers_earlier_events(admin_client):
    researcher = ResearcherFactory()
    last_year = started_event(name="CVPR 2026 dinner")
    last_year.starts_at -= timedelta(days=365)
    last_year.ends_at -= timedelta(days=365)
    last_year.save()
    earlier = RegistrationFactory(event=last_year, researcher=researcher, checked_in_at=last_year.starts_at)
    current = RegistrationFactory(researcher=researcher, is_returning=True)
    later = EventFactory(starts_at=current.event.starts_at + timedelta(days=90), name="NeurIPS 2027 dinner")
    RegistrationFactory(researcher=researcher, event=later)  # after this one: not shown

    response = admin_client.get(reverse("admin:attendees_registration_change", args=[current.pk]))

    page = response.content.decode()
    assert reverse("admin:attendees_registration_change", args=[earlier.pk]) in page
    assert "CVPR 2026 dinner" in page
    assert "Confirmed · arrived" in page
    assert "NeurIPS 2027 dinner" not in page


def test_registration_admin_first_time_researcher_has_no_earlier_events(admin_client, event):
    registration = RegistrationFactory(event=event)

    response = admin_client.get(reverse("admin:attendees_registration_change", args=[registration.pk]))

    assert response.context["adminform"].form.instance == registration
    assert "did not check in" not in response.content.decode()
