"""Door staff and hosts who log in without a link to one event land on their event's page, or pick
it from the events they work on (events/staff_pages.py); never on a page that does not exist."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.accounts import staff_account
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def log_in(client, login_url, username):
    return client.post(login_url, {"username": username, "password": f"{username}-pw-for-tests"})


def test_door_staff_of_one_event_land_on_its_door(client, door_staff, event):
    response = log_in(client, reverse("checkin:login"), door_staff.username)

    assert response.url == reverse("checkin:home")
    assert client.get(response.url).url == reverse("checkin:event", args=[event.slug])


def test_staff_of_several_events_pick_one_and_past_or_others_events_are_not_listed(client, django_user_model, event):
    later = EventFactory(starts_at=event.starts_at + timedelta(days=30), ends_at=event.ends_at + timedelta(days=30))
    ago = timezone.now() - timedelta(days=10)
    past = EventFactory(starts_at=ago, ends_at=ago + timedelta(hours=3), registration_opens_at=ago - timedelta(days=30))
    EventFactory(name="Somebody else's dinner")
    staff_account(django_user_model, "twice", "Door staff", event, later, past)
    log_in(client, reverse("checkin:login"), "twice")

    page = client.get(reverse("checkin:home")).content.decode()

    links = [reverse("checkin:event", args=[e.slug]) for e in (event, later)]
    assert all(link in page for link in links) and page.index(links[0]) < page.index(links[1])
    assert reverse("checkin:event", args=[past.slug]) not in page and "Somebody else" not in page


def test_a_host_lands_on_the_hosts_page_and_door_staff_may_not(client, django_user_model, door_staff, event):
    staff_account(django_user_model, "host1", "Host", event)

    response = log_in(client, reverse("followup:login"), "host1")

    assert client.get(response.url).url == reverse("followup:hosts", args=[event.slug])
    client.force_login(door_staff)
    assert client.get(reverse("followup:home")).status_code == 403


def test_someone_not_logged_in_is_sent_to_each_login(client):
    assert client.get(reverse("checkin:home")).url.startswith(reverse("checkin:login"))
    assert client.get(reverse("followup:home")).url.startswith(reverse("followup:login"))
