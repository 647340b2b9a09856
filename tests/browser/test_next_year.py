"""Next year in a real browser: the organizer clones last year's dinner from its page, with the
browser's own date and time fields, then invites last year's guests to an open event."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from attendees.models import Invitation
from events.enums import EventStatus
from events.models import Event
from tests.accounts import staff_account
from tests.factories import EventFactory, RegistrationFactory
from tests.tables.conftest import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user, next_url):
    page.goto(reverse("admin:login") + f"?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", f"{user.username}-pw-for-tests")
    page.click("input[type=submit]")


def test_an_organizer_clones_last_years_dinner_and_invites_its_guests(page, django_user_model):
    last_year = make_event(researchers=3, tables=2, hosts_per_company=(2, 2))
    start = timezone.now() - timedelta(days=360)
    Event.objects.filter(pk=last_year.pk).update(
        name="Dinner at CVPR 2026", starts_at=start, ends_at=start + timedelta(hours=3),
        registration_opens_at=start - timedelta(days=60), registration_closes_at=start - timedelta(days=2))
    last_year.registrations.update(checked_in_at=start)
    RegistrationFactory(event=last_year)  # confirmed, never came
    organizer = staff_account(django_user_model, "olivia", "Organizer", last_year, is_staff=True)

    log_in(page, organizer, reverse("admin:events_event_change", args=[last_year.pk]))
    page.click("#clone-event")
    page.fill("#id_name", "Dinner at CVPR 2027")
    page.select_option("#id_time_zone", "America/Denver")
    page.fill("#id_starts_at_0", "2027-06-16")
    page.fill("#id_starts_at_1", "18:30")
    page.fill("#id_ends_at_0", "2027-06-16")
    page.fill("#id_ends_at_1", "21:30")
    page.click("#clone-form input[type=submit]")
    page.wait_for_selector(".messagelist .success")

    new = Event.objects.get(name="Dinner at CVPR 2027")
    assert page.url.endswith(reverse("admin:events_event_change", args=[new.pk]))
    assert new.starts_at == datetime(2027, 6, 16, 18, 30, tzinfo=ZoneInfo("America/Denver"))
    assert (new.status, new.tables.count(), new.registrations.count()) == (EventStatus.DRAFT, 2, 0)

    this_year = EventFactory(name="Dinner at ICCV 2027")  # open for registration
    this_year.staff.add(organizer)
    page.goto(reverse("admin:events_event_change", args=[this_year.pk]))
    page.click("#invite-returning")
    page.select_option("#id_source", str(last_year.pk))
    page.check("input[name=audience][value=arrived]")
    page.click("#invite-form input[type=submit]")
    listed = page.locator("#invite-list li").count()
    page.click("#invite-confirm input[type=submit]")
    page.wait_for_selector(".messagelist .success")

    assert listed == 3
    assert Invitation.objects.filter(event=this_year).count() == 3
