"""The public registration form: every bad input has a message and saves nothing.

A valid form registers nobody yet: the address's owner follows the emailed link and confirms
(tests/attendees/test_address_proof.py attacks that part); `register_and_confirm` does both.
"""
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from attendees.enums import RegistrationStatus
from attendees.mail.delivery import build_message
from attendees.mail.enums import EmailKind
from attendees.models import OutboundEmail, Registration, RegistrationRequest, Researcher
from events.enums import EventStatus
from tests.factories import EventFactory, InvitationFactory, RegistrationFactory, ResearcherFactory
from tests.mail import write_pending

pytestmark = pytest.mark.django_db


def form_data(event, **overrides):
    companies = list(event.companies.order_by("pk"))
    areas = list(event.research_areas.order_by("pk"))
    data = {
        "first_name": "Minjun", "last_name": "Kim", "native_name": "김민준", "email": "minjun@kaist.ac.kr",
        "affiliation": "KAIST", "lab": "Visual Intelligence Lab", "position": "phd", "graduation_year": "2028",
        "country": "South Korea", "homepage": "https://minjun.example.org",
        "company_1": companies[0].pk, "company_2": companies[1].pk, "company_3": "",
        "research_1": areas[0].pk, "research_2": areas[2].pk, "research_3": areas[1].pk,
        "dietary_needs": "vegetarian", "accessibility_needs": "", "consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def register_url(event):
    return reverse("attendees:register", kwargs={"slug": event.slug})


CONFIRM_PATH = re.compile(r"https?://[^/\s]+(/confirm/[^/\s]+/)")


def confirm_path(email_text):
    return CONFIRM_PATH.search(email_text).group(1)


def sent_text(email):
    """The text of a stored email as the worker sends it (the stored row keeps its links masked)."""
    write_pending()
    email.refresh_from_db()
    return build_message(email).body


def latest_confirm_path():
    """The link in the last "confirm your registration" (or "register again") email, as it is sent."""
    write_pending()
    email = OutboundEmail.objects.filter(kind__in=[EmailKind.CONFIRM, EmailKind.REREGISTER]).latest("pk")
    return confirm_path(sent_text(email))


def register_and_confirm(client, event, data, **extra):
    """Send the form, then open the emailed link and press its button, as the address's owner does."""
    client.post(register_url(event), data, **extra)
    return client.post(latest_confirm_path(), **extra)


def test_register_creates_researcher_registration_and_ranked_interests(client, event):
    response = client.post(register_url(event), form_data(event))

    assert response.status_code == 302
    assert response.url.startswith(reverse("attendees:register_done", kwargs={"slug": event.slug}) + "?sent=")
    assert "check your inbox" in client.get(response.url).content.decode().lower()
    assert (Registration.objects.count(), Researcher.objects.count(), RegistrationRequest.objects.count()) == (0, 0, 1)

    client.post(latest_confirm_path())

    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.APPLIED
    assert registration.researcher.native_name == "김민준"
    assert registration.dietary_needs == "vegetarian"
    assert registration.is_returning is False
    companies = list(event.companies.order_by("pk"))
    areas = list(event.research_areas.order_by("pk"))
    assert [(i.rank, i.company) for i in registration.company_interests.order_by("rank")] == [
        (1, companies[0]), (2, companies[1])]
    assert [i.research_area for i in registration.research_interests.order_by("rank")] == [
        areas[0], areas[2], areas[1]]
    assert registration.privacy_notice_version == "2027-01"  # + the survey and the follow-up
    assert registration.consented_at is not None
    assert len(registration.token) >= 40


def test_register_success_page_says_check_your_inbox(client, event):
    response = client.post(register_url(event), form_data(event), follow=True)

    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()


def test_register_form_renders_with_event_limits(client, event):
    event.max_company_choices = 2
    event.save()

    response = client.get(register_url(event))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="company_2"' in content
    assert 'name="company_3"' not in content
    assert 'name="research_3"' in content
    assert reverse("events:privacy", kwargs={"slug": event.slug}) in content


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"first_name": ""}, "first_name"),
        ({"email": "not-an-email"}, "email"),
        ({"email": None}, "email"),
        ({"affiliation": ""}, "affiliation"),
        ({"position": "wizard"}, "position"),
        ({"graduation_year": "next year"}, "graduation_year"),
        ({"homepage": "not a url"}, "homepage"),
        ({"company_1": ""}, "company_1"),
        ({"company_1": "999999"}, "company_1"),
        ({"research_1": ""}, "research_1"),
        ({"consent": None}, "consent"),
    ],
)
def test_register_bad_input_shows_message_next_to_field_and_saves_nothing(client, event, overrides, field):
    response = client.post(register_url(event), form_data(event, **overrides))

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert f'id="error_1_id_{field}"' in response.content.decode()
    assert Registration.objects.count() == 0
    assert Researcher.objects.count() == 0


def test_register_repeated_company_choice_is_refused(client, event):
    company = event.companies.order_by("pk").first()

    response = client.post(register_url(event), form_data(event, company_1=company.pk, company_2=company.pk))

    assert response.context["form"].errors["company_2"] == ["You already chose this company as choice 1."]
    assert Registration.objects.count() == 0


def test_register_repeated_research_choice_is_refused(client, event):
    area = event.research_areas.order_by("pk").first()

    response = client.post(register_url(event), form_data(event, research_1=area.pk, research_3=area.pk))

    assert response.context["form"].errors["research_3"] == ["You already chose this research area as choice 1."]
    assert Registration.objects.count() == 0


def test_register_company_not_offered_by_event_is_refused(client, event):
    other = EventFactory(offerings=True)

    response = client.post(register_url(event), form_data(event, company_1=other.companies.first().pk))

    assert "company_1" in response.context["form"].errors
    assert Registration.objects.count() == 0


def test_register_before_registration_opens_is_refused(client, event):
    event.registration_opens_at = timezone.now() + timedelta(days=3)
    event.save()

    get_response = client.get(register_url(event))
    post_response = client.post(register_url(event), form_data(event))

    assert "Registration is not open yet" in get_response.content.decode()
    assert 'id="registration-form"' not in get_response.content.decode()
    assert post_response.status_code == 200
    assert post_response.context["form"].non_field_errors()[0].startswith("Registration opens on ")
    assert Registration.objects.count() == 0


@pytest.mark.parametrize("change", ["closed_by_date", "closed_by_status"])
def test_register_after_registration_closes_is_refused(client, event, change):
    if change == "closed_by_date":
        event.registration_closes_at = timezone.now() - timedelta(minutes=1)
        event.registration_opens_at = timezone.now() - timedelta(days=10)
    else:
        event.status = EventStatus.CLOSED
    event.save()

    response = client.post(register_url(event), form_data(event))

    assert response.context["form"].non_field_errors() == ["Registration for this event is closed."]
    assert Registration.objects.count() == 0


def test_register_draft_event_is_not_found(client):
    draft = EventFactory(status=EventStatus.DRAFT, offerings=True)

    response = client.get(register_url(draft))

    assert response.status_code == 404


def test_register_invite_only_without_code_is_refused(client, event):
    event.invite_only = True
    event.save()

    response = client.post(register_url(event), form_data(event))

    assert response.context["form"].errors["invitation_code"] == ["This field is required."]
    assert Registration.objects.count() == 0


def test_register_invite_only_with_wrong_code_is_refused(client, event):
    event.invite_only = True
    event.save()
    other_event_invitation = InvitationFactory(event=EventFactory())

    wrong = client.post(register_url(event), form_data(event, invitation_code="NOSUCHCODE"))
    other = client.post(register_url(event), form_data(event, invitation_code=other_event_invitation.code))

    message = ["This invitation code is not valid for this event."]
    assert wrong.context["form"].errors["invitation_code"] == message
    assert other.context["form"].errors["invitation_code"] == message
    assert Registration.objects.count() == 0
    assert Researcher.objects.count() == 0


def test_register_invite_only_with_valid_code_links_invitation(client, event):
    event.invite_only = True
    event.save()
    invitation = InvitationFactory(event=event)

    response = register_and_confirm(client, event, form_data(event, invitation_code=invitation.code.lower()))

    assert response.status_code == 302
    assert Registration.objects.get().invitation == invitation


def test_register_invite_only_with_used_code_is_refused(client, event):
    event.invite_only = True
    event.save()
    invitation = InvitationFactory(event=event)
    register_and_confirm(client, event, form_data(event, invitation_code=invitation.code))

    response = client.post(register_url(event), form_data(event, email="someone.else@snu.ac.kr",
                                                            invitation_code=invitation.code))

    assert response.context["form"].errors["invitation_code"] == ["This invitation code has already been used."]
    assert Registration.objects.count() == 1


def test_register_same_email_twice_creates_nothing_and_does_not_say_already_registered(client, event):
    register_and_confirm(client, event, form_data(event))
    other_client = type(client)()

    response = other_client.post(
        register_url(event), form_data(event, email="MINJUN@KAIST.AC.KR", first_name="Impostor"), follow=True)

    content = response.content.decode()
    assert "Check your inbox" in content
    assert "already registered" not in content
    assert "Minjun" not in content
    assert Registration.objects.count() == 1
    assert Researcher.objects.get().first_name == "Minjun"


def test_register_returning_researcher_is_same_person_marked_returning(client, event):
    earlier = EventFactory(starts_at=event.starts_at - timedelta(days=365),
                           ends_at=event.starts_at - timedelta(days=365) + timedelta(hours=3),
                           registration_opens_at=event.starts_at - timedelta(days=400),
                           registration_closes_at=event.starts_at - timedelta(days=370),
                           status=EventStatus.FINISHED)
    researcher = ResearcherFactory(email="minjun@kaist.ac.kr", affiliation="SNU")
    RegistrationFactory(event=earlier, researcher=researcher)

    register_and_confirm(client, event, form_data(event, email="Minjun@KAIST.ac.kr"))

    assert Researcher.objects.count() == 1
    researcher.refresh_from_db()
    assert researcher.affiliation == "KAIST"
    registration = Registration.objects.get(event=event)
    assert registration.researcher == researcher
    assert registration.is_returning is True


def test_register_when_full_goes_to_waitlist_and_page_says_so(client, event):
    event.researcher_capacity = 1
    event.save()
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    client.post(register_url(event), form_data(event))

    response = client.post(latest_confirm_path(), follow=True)

    assert "you are on the waitlist" in response.content.decode()
    assert Registration.objects.get(researcher__email="minjun@kaist.ac.kr").status == RegistrationStatus.WAITLISTED


def test_register_does_not_jump_the_waitlist_when_a_place_frees(client, event):
    event.researcher_capacity = 1
    event.save()
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    register_and_confirm(client, event, form_data(event))

    assert Registration.objects.get(researcher__email="minjun@kaist.ac.kr").status == RegistrationStatus.WAITLISTED


def test_register_done_without_registering_redirects_to_event(client, event):
    response = client.get(reverse("attendees:register_done", kwargs={"slug": event.slug}))

    assert response.status_code == 302
    assert response.url == event.get_absolute_url()


def test_register_done_mark_is_for_one_event_and_makes_no_session(client, event):
    other = EventFactory(status=event.status, registration_opens_at=event.registration_opens_at,
                         registration_closes_at=event.registration_closes_at)
    sent = client.post(register_url(event), form_data(event)).url

    assert client.get(sent).status_code == 200
    assert settings.SESSION_COOKIE_NAME not in client.cookies  # a rush of registrations writes no session rows
    forged = sent.replace(f"/events/{event.slug}/", f"/events/{other.slug}/")
    assert client.get(forged).status_code == 302  # the mark names the event it was made for
    assert client.get(sent[:-3] + "abc").status_code == 302  # tampered


def test_event_page_lists_no_attendees(client, event):
    RegistrationFactory(event=event, researcher=ResearcherFactory(first_name="Secretperson"))

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert "Secretperson" not in response.content.decode()
