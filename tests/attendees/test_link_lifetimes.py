"""Personal links live until a set number of days after the event, die when the organizer sends a new one,
never travel in the calendar file, and can be asked for again ("lost your link?") without telling who is registered.

The clock is moved by putting the event's dates in the past, never by mocking the signing.
"""
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attendees import links
from attendees.enums import RegistrationStatus
from attendees.mail.calendar import registration_ics
from attendees.mail.enums import EmailKind
from attendees.models import OutboundEmail, Registration
from events.enums import EventStatus
from tests.attendees.test_registration import form_data, register_url, sent_text
from tests.mail import write_pending
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
PERSONAL_PATH = re.compile(r"https?://[^/\s]+(/my/[^/\s]+/)")
PERSONAL_PAGES = ("portal:personal", "portal:personal_cancel", "portal:personal_calendar")


def event_ended(ago):
    """An event that ended `ago` before now (its registration long closed)."""
    ends_at = timezone.now() - ago
    return EventFactory(offerings=True, status=EventStatus.FINISHED, starts_at=ends_at - timedelta(hours=3),
                        ends_at=ends_at, registration_opens_at=ends_at - timedelta(days=60),
                        registration_closes_at=ends_at - timedelta(days=30))


def seoyeon_at(event, **kwargs):
    return RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED, researcher__first_name="Seoyeon",
                               researcher__last_name="Park", researcher__native_name="박서연",
                               researcher__email="seoyeon.park@snu.example", **kwargs)


def url(registration, name="portal:personal"):
    return reverse(name, kwargs={"signed": links.personal_page_token(registration)})


def assert_nothing_personal(response):
    content = response.content.decode()
    assert response.status_code == 410
    assert "This link no longer works" in content
    for secret in ("Seoyeon", "박서연", "seoyeon.park@snu.example", "data:image/svg+xml", "/staff/checkin/"):
        assert secret not in content


@pytest.mark.parametrize(("days", "ended_ago", "works"), [
    (30, timedelta(days=29), True),
    (30, timedelta(days=31), False),
    (0, timedelta(hours=1), False),
    (0, -timedelta(hours=1), True),  # the dinner is on right now
])
def test_a_personal_link_works_until_the_set_number_of_days_after_the_event(client, settings, days, ended_ago, works):
    settings.PERSONAL_LINK_DAYS_AFTER_EVENT = days
    registration = seoyeon_at(event_ended(ended_ago))

    response = client.get(url(registration))

    assert response.status_code == (200 if works else 410)
    assert ("박서연" in response.content.decode()) is works


def test_an_expired_personal_link_shows_nothing_personal_on_any_of_its_pages(client):
    registration = seoyeon_at(event_ended(timedelta(days=31)))

    responses = [client.get(url(registration, name)) for name in PERSONAL_PAGES]
    posted = client.post(url(registration, "portal:personal_cancel"))

    for response in (*responses, posted):
        assert_nothing_personal(response)
        assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CONFIRMED


def test_organizer_sends_a_new_link_and_every_old_one_stops_working(admin_client, event):
    registration = seoyeon_at(event)
    old_page = url(registration)
    old_checkin = reverse("checkin:guest", kwargs={"signed": links.checkin_token(registration)})
    assert admin_client.get(old_checkin).status_code == 200

    response = admin_client.post(reverse("admin:attendees_registration_changelist"), {
        "action": "send_new_personal_link", "_selected_action": [registration.pk]}, follow=True)

    assert ("1 researcher gets a new personal link by email; their old links no longer work."
            in response.content.decode())
    for name in PERSONAL_PAGES:
        assert_nothing_personal(Client().get(url(registration, name)))
    assert admin_client.get(old_checkin).status_code == 404
    write_pending()
    (email,) = OutboundEmail.objects.filter(kind=EmailKind.NEW_LINK)
    assert (email.to, email.subject) == ("seoyeon.park@snu.example", f"Your new personal link: {event.name}")
    new_page = PERSONAL_PATH.search(sent_text(email)).group(1)
    assert new_page != old_page
    assert "박서연" in Client().get(new_page).content.decode()


def test_new_link_action_skips_registrations_whose_links_have_expired(admin_client):
    registration = seoyeon_at(event_ended(timedelta(days=31)))
    token = registration.token

    response = admin_client.post(reverse("admin:attendees_registration_changelist"), {
        "action": "send_new_personal_link", "_selected_action": [registration.pk]}, follow=True)

    assert f"{registration.researcher}: its links have expired with its event" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).token == token
    assert OutboundEmail.objects.count() == 0


@pytest.mark.parametrize(("ended_ago", "status"), [(-timedelta(hours=1), 200), (timedelta(minutes=1), 404)])
def test_the_checkin_code_works_until_the_event_ends(admin_client, ended_ago, status):
    registration = seoyeon_at(event_ended(ended_ago))

    response = admin_client.get(reverse("checkin:guest", kwargs={"signed": links.checkin_token(registration)}))

    assert response.status_code == status


def test_the_calendar_file_carries_the_public_event_page_not_the_personal_link(client, event):
    registration = seoyeon_at(event)

    ics = registration_ics(registration).replace("\r\n ", "")
    downloaded = client.get(url(registration, "portal:personal_calendar")).content.decode().replace("\r\n ", "")

    for calendar in (ics, downloaded):
        assert f"URL:http://127.0.0.1:8000/events/{event.slug}/\r\n" in calendar
        assert registration.token not in calendar
        assert "/my/" not in calendar


def test_a_calendar_entry_of_a_registration_made_again_outranks_its_cancellation(event):
    registration = seoyeon_at(event)
    cancelled_once = registration_ics(registration, cancelled=True)
    Registration.objects.filter(pk=registration.pk).update(reregistrations=1)
    registration.refresh_from_db()

    again, cancelled_again = registration_ics(registration), registration_ics(registration, cancelled=True)

    sequences = [re.search(r"SEQUENCE:(\d+)", ics).group(1) for ics in (cancelled_once, again, cancelled_again)]
    assert sequences == ["1", "2", "3"]


# "Lost your link?"

def lost_link(event, email):
    return Client().post(reverse("attendees:lost_link", kwargs={"slug": event.slug}), {"email": email}, follow=True)


def test_lost_link_form_answers_the_same_for_a_registered_and_an_unknown_address(event):
    registration = seoyeon_at(event)

    registered = lost_link(event, "SEOYEON.PARK@snu.example")
    unknown = lost_link(event, "nobody@snu.example")

    assert registered.redirect_chain == unknown.redirect_chain
    assert CSRF_TOKEN.sub("", registered.content.decode()) == CSRF_TOKEN.sub("", unknown.content.decode())
    assert "If this address is registered for" in unknown.content.decode()
    write_pending()
    link_email, no_registration = OutboundEmail.objects.order_by("pk")
    assert (link_email.kind, link_email.to) == (EmailKind.PERSONAL_LINK, "seoyeon.park@snu.example")
    assert links.personal_page_url(registration) in sent_text(link_email)
    assert (no_registration.kind, no_registration.to, no_registration.registration) == (
        EmailKind.NOT_REGISTERED, "nobody@snu.example", None)
    assert f"http://127.0.0.1:8000/events/{event.slug}/register/" in no_registration.body_text


def test_lost_link_asked_twice_in_a_row_sends_one_email(event):
    seoyeon_at(event)

    lost_link(event, "seoyeon.park@snu.example")
    lost_link(event, "seoyeon.park@snu.example")
    lost_link(event, "nobody@snu.example")
    lost_link(event, "NOBODY@snu.example")

    assert list(OutboundEmail.objects.order_by("pk").values_list("kind", flat=True)) == [
        EmailKind.PERSONAL_LINK, EmailKind.NOT_REGISTERED]


def test_lost_link_of_a_cancelled_registration_still_sends_its_page(event):
    registration = seoyeon_at(event)
    Registration.objects.filter(pk=registration.pk).update(status=RegistrationStatus.CANCELLED)

    lost_link(event, "seoyeon.park@snu.example")

    assert OutboundEmail.objects.get().kind == EmailKind.PERSONAL_LINK


def test_lost_link_form_of_an_event_whose_links_expired_sends_nothing(client):
    event = event_ended(timedelta(days=31))
    seoyeon_at(event)

    page = client.get(reverse("attendees:lost_link", kwargs={"slug": event.slug}))
    lost_link(event, "seoyeon.park@snu.example")

    assert "The personal links of this event have expired." in page.content.decode()
    assert 'id="lost-link-form"' not in page.content.decode()
    assert OutboundEmail.objects.count() == 0


def test_lost_link_form_refuses_a_bad_address_next_to_the_field(client, event):
    response = client.post(reverse("attendees:lost_link", kwargs={"slug": event.slug}), {"email": "not-an-address"})

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert OutboundEmail.objects.count() == 0


def test_the_event_page_and_the_check_your_inbox_page_lead_to_the_lost_link_form(client, event):
    lost = reverse("attendees:lost_link", kwargs={"slug": event.slug})

    event_page = client.get(event.get_absolute_url()).content.decode()
    inbox_page = client.post(register_url(event), form_data(event), follow=True).content.decode()

    assert f'href="{lost}"' in event_page
    assert f'href="{lost}"' in inbox_page
