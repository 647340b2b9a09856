"""Proof of the address, written as the attack: the public form changes nothing until the address's owner
follows the emailed link, and its page tells nobody who is registered."""
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attendees import address_proof, links
from attendees.enums import RegistrationStatus
from attendees.mail.enums import EmailKind
from attendees.models import OutboundEmail, Registration, RegistrationRequest, Researcher
from events.enums import EventStatus
from tests.attendees.test_registration import (
    confirm_path, form_data, latest_confirm_path, register_and_confirm, register_url, sent_text,
)
from tests.attendees.test_waitlist import needs_postgres
from tests.mail import write_pending
from tests.races import run_at_once
from tests.factories import EventFactory, InvitationFactory, RegistrationFactory, RegistrationRequestFactory

pytestmark = pytest.mark.django_db

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def seoyeon(event):
    """A researcher with a confirmed place at `event` and a profile that includes her Korean name."""
    return RegistrationFactory(
        event=event, status=RegistrationStatus.CONFIRMED,
        researcher__first_name="Seoyeon", researcher__last_name="Park", researcher__native_name="박서연",
        researcher__email="seoyeon.park@snu.example", researcher__affiliation="Seoul National University",
        researcher__homepage="https://seoyeon.example.org",
    )


def profile_of(researcher):
    researcher.refresh_from_db()
    return (researcher.first_name, researcher.last_name, researcher.native_name, researcher.affiliation,
            researcher.homepage)


def emails(kind=None):
    write_pending()
    rows = OutboundEmail.objects.order_by("pk")
    return list(rows.filter(kind=kind) if kind else rows)


def submit_as_stranger(event, **overrides):
    """A fresh browser (no session, no cookie) sends the form; returns its response, followed."""
    return Client().post(register_url(event), form_data(event, **overrides), follow=True)


def page_text(response):
    return CSRF_TOKEN.sub("", response.content.decode())


def test_registering_an_existing_attendees_email_in_upper_case_changes_nothing_until_the_link_is_followed(
        client, seoyeon):
    other_event = EventFactory(offerings=True)
    before = profile_of(seoyeon.researcher)

    client.post(register_url(other_event), form_data(
        other_event, email="SEOYEON.PARK@SNU.EXAMPLE", first_name="Mallory", last_name="Fake", native_name="",
        affiliation="Evil Corp", homepage="https://evil.example"))
    client.get(latest_confirm_path())  # a mail scanner opening the link changes nothing either

    assert profile_of(seoyeon.researcher) == before == (
        "Seoyeon", "Park", "박서연", "Seoul National University", "https://seoyeon.example.org")
    assert Registration.objects.filter(event=other_event).count() == 0
    (request_email,) = emails(EmailKind.CONFIRM)
    assert request_email.to == "SEOYEON.PARK@SNU.EXAMPLE"
    assert "Mallory" not in request_email.body_text  # the unproven name is not echoed to the address

    client.post(latest_confirm_path())  # only the address's owner can do this

    assert profile_of(seoyeon.researcher)[:2] == ("Mallory", "Fake")
    assert Registration.objects.get(event=other_event).researcher == seoyeon.researcher


def test_the_same_address_twice_gives_the_same_page(event, seoyeon):
    cancelled = RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED,
                                    researcher__email="cancelled@kaist.example")

    new = submit_as_stranger(event, email="nobody.yet@kaist.example")
    registered = submit_as_stranger(event, email=seoyeon.researcher.email.upper())
    came_back = submit_as_stranger(event, email=cancelled.researcher.email)

    assert [r.redirect_chain for r in (registered, came_back)] == [new.redirect_chain] * 2
    assert new.status_code == registered.status_code == came_back.status_code == 200
    assert page_text(new) == page_text(registered) == page_text(came_back)
    assert "Check your inbox" in page_text(new)
    assert [(e.kind, e.to) for e in emails()] == [
        (EmailKind.CONFIRM, "nobody.yet@kaist.example"),
        (EmailKind.ALREADY_REGISTERED, "seoyeon.park@snu.example"),
        (EmailKind.REREGISTER, "cancelled@kaist.example"),
    ]


def test_already_registered_email_carries_the_personal_link_and_changes_nothing(client, seoyeon):
    client.post(register_url(seoyeon.event), form_data(seoyeon.event, email="Seoyeon.Park@snu.example",
                                                       first_name="Mallory"))

    (answer,) = emails()
    assert answer.kind == EmailKind.ALREADY_REGISTERED
    assert answer.subject == f"You are already registered: {seoyeon.event.name}"
    assert answer.body_text.startswith("Dear Seoyeon,\n")
    assert links.personal_page_url(seoyeon) in sent_text(answer)
    assert "The status of your registration: Confirmed." in answer.body_text
    assert RegistrationRequest.objects.count() == 0
    assert profile_of(seoyeon.researcher)[0] == "Seoyeon"


def test_a_declined_researcher_is_told_they_are_registered_not_offered_to_register_again(client, event):
    declined = RegistrationFactory(event=event, status=RegistrationStatus.DECLINED)

    client.post(register_url(event), form_data(event, email=declined.researcher.email))

    assert [e.kind for e in emails()] == [EmailKind.ALREADY_REGISTERED]
    assert "The status of your registration: Declined." in emails()[0].body_text
    assert RegistrationRequest.objects.count() == 0


def test_a_cancelled_researcher_gets_the_register_again_email_and_can_register_again_through_it(client, event):
    event.researcher_capacity = 2
    event.save()
    cancelled = RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED, researcher__first_name="Jiwoo")
    Registration.objects.filter(pk=cancelled.pk).update(created_at=timezone.now() - timedelta(days=10))
    old_link = reverse("portal:personal", kwargs={"signed": links.personal_page_token(cancelled)})
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    already_waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    client.post(register_url(event), form_data(event, email=cancelled.researcher.email))
    (answer,) = emails()
    confirmed = client.post(confirm_path(sent_text(answer)), follow=True)

    assert (answer.kind, answer.subject) == (EmailKind.REREGISTER, f"Register again: {event.name}")
    assert answer.body_text.startswith("Dear Jiwoo,\n")
    again = Registration.objects.get(pk=cancelled.pk)  # the same row: one registration per researcher and event
    assert again.status == RegistrationStatus.WAITLISTED
    assert again.created_at > Registration.objects.get(pk=already_waiting.pk).created_at  # back of the line
    assert again.reregistrations == 1
    assert confirmed.status_code == 200 and "On the waitlist" in confirmed.content.decode()
    assert client.get(old_link).status_code == 410  # links of the cancelled registration died with it
    assert [e.kind for e in emails()] == [EmailKind.REREGISTER, EmailKind.WAITLISTED]


def test_a_get_on_the_confirm_link_registers_nothing(client, event):
    client.post(register_url(event), form_data(event))

    first = client.get(latest_confirm_path())
    second = client.get(latest_confirm_path())

    assert (first.status_code, second.status_code) == (200, 200)
    assert "Registration for Minjun Kim." in first.content.decode()
    assert 'id="confirm-button"' in first.content.decode()
    assert first["X-Robots-Tag"] == "noindex, nofollow"
    assert (Registration.objects.count(), Researcher.objects.count()) == (0, 0)
    assert RegistrationRequest.objects.get().confirmed_at is None


def test_the_confirm_link_followed_again_elsewhere_shows_nothing_personal(client, event):
    register_and_confirm(client, event, form_data(event))
    registration = Registration.objects.get()

    in_another_browser = Client().get(latest_confirm_path())
    posted_again = Client().post(latest_confirm_path())
    in_the_same_browser = client.get(latest_confirm_path())

    for response in (in_another_browser, posted_again):
        content = response.content.decode()
        assert response.status_code == 200
        assert "This registration is already confirmed" in content
        assert "Minjun" not in content and "minjun@kaist.ac.kr" not in content and "/my/" not in content
    assert in_the_same_browser.status_code == 302
    assert in_the_same_browser.url == reverse("portal:personal",
                                              kwargs={"signed": links.personal_page_token(registration)})
    assert Registration.objects.count() == 1


def test_an_expired_confirm_link_registers_nothing(client, event):
    client.post(register_url(event), form_data(event))
    path = latest_confirm_path()
    RegistrationRequest.objects.update(created_at=timezone.now() - timedelta(hours=25),
                                       expires_at=timezone.now() - timedelta(hours=1))

    shown = client.get(path)
    posted = client.post(path)

    assert (shown.status_code, posted.status_code) == (410, 410)
    assert "This link has expired" in posted.content.decode()
    assert reverse("attendees:register", kwargs={"slug": event.slug}) in posted.content.decode()
    assert (Registration.objects.count(), Researcher.objects.count()) == (0, 0)


def test_a_confirm_link_signed_more_than_a_day_ago_is_expired_whatever_the_database_says(client, event):
    registration_request = RegistrationRequestFactory(event=event)
    a_day_ago = int(timezone.now().timestamp()) - 24 * 3600 - 60
    # What TimestampSigner.sign() wrote a day ago: the value, its time in base 62, signed under the salt.
    old_link = signing.Signer(salt=links.CONFIRM_SALT).sign(
        f"{registration_request.token}:{signing.b62_encode(a_day_ago)}")

    response = client.post(reverse("attendees:confirm", kwargs={"signed": old_link}))

    assert response.status_code == 410
    assert Registration.objects.count() == 0


@pytest.mark.parametrize("make_signed", [
    lambda r: links.confirm_token(r)[:-1] + ("A" if links.confirm_token(r)[-1] != "A" else "B"),
    lambda r: signing.TimestampSigner(salt=links.PERSONAL_PAGE_SALT).sign(r.token),  # another link's salt
    lambda r: r.token,
])
def test_a_tampered_confirm_link_is_not_found(client, event, make_signed):
    registration_request = RegistrationRequestFactory(event=event)

    response = client.post(reverse("attendees:confirm", kwargs={"signed": make_signed(registration_request)}))

    assert response.status_code == 404
    assert Registration.objects.count() == 0


def test_a_double_submit_writes_one_request_and_one_email(client, event):
    first = client.post(register_url(event), form_data(event))
    second = client.post(register_url(event), form_data(event))
    corrected = client.post(register_url(event), form_data(event, last_name="Kim-Lee"))

    assert first.url == second.url == corrected.url
    assert RegistrationRequest.objects.count() == 2  # the correction is a submission of its own, with its own link
    assert [e.kind for e in emails()] == [EmailKind.CONFIRM, EmailKind.CONFIRM]


def test_a_second_email_goes_out_once_the_first_request_is_a_few_minutes_old(client, event):
    client.post(register_url(event), form_data(event))
    RegistrationRequest.objects.update(created_at=timezone.now() - timedelta(minutes=6))

    client.post(register_url(event), form_data(event))

    assert RegistrationRequest.objects.count() == 2
    assert len(emails(EmailKind.CONFIRM)) == 2


def test_each_link_confirms_what_was_sent_with_it(client, event):
    """Someone else sending the form for your address later does not change what your link confirms."""
    client.post(register_url(event), form_data(event, affiliation="KAIST"))
    mine = latest_confirm_path()
    Client().post(register_url(event), form_data(event, affiliation="Evil Corp"))

    client.post(mine)

    assert Researcher.objects.get().affiliation == "KAIST"


def test_a_second_request_of_a_registered_address_changes_nothing_when_confirmed(client, event):
    client.post(register_url(event), form_data(event, affiliation="KAIST"))
    first = latest_confirm_path()
    client.post(register_url(event), form_data(event, affiliation="Evil Corp"))
    second = latest_confirm_path()
    client.post(first)

    response = client.post(second, follow=True)

    assert Researcher.objects.get().affiliation == "KAIST"
    assert Registration.objects.count() == 1
    # Told where they stand (the event has places: registered, awaiting the organizers' confirmation).
    assert ("You were already registered, so nothing has changed: you have a place, and the organizers will "
            "confirm it by email.") in response.content.decode()
    assert [e.kind for e in emails()][-1] == EmailKind.ALREADY_REGISTERED


def test_an_invitation_sent_to_this_address_registers_at_once(client, event):
    event.invite_only = True
    event.save()
    invitation = InvitationFactory(event=event, email="Seoyeon@SNU.example")

    response = client.post(register_url(event), form_data(event, email="seoyeon@snu.example",
                                                           invitation_code=invitation.code), follow=True)

    assert "Check your inbox" in response.content.decode()  # the same page as everyone's
    registration = Registration.objects.get()
    assert (registration.invitation, registration.status) == (invitation, RegistrationStatus.APPLIED)
    assert RegistrationRequest.objects.count() == 0
    assert [e.kind for e in emails()] == [EmailKind.REGISTERED]


def test_an_invitation_code_typed_with_another_address_needs_that_address_confirmed(client, event):
    event.invite_only = True
    event.save()
    invitation = InvitationFactory(event=event, email="invited@snu.example")

    client.post(register_url(event), form_data(event, email="friend@kaist.example", invitation_code=invitation.code))

    assert Registration.objects.count() == 0
    assert [(e.kind, e.to) for e in emails()] == [(EmailKind.CONFIRM, "friend@kaist.example")]
    client.post(latest_confirm_path())
    assert Registration.objects.get().invitation == invitation


def test_the_invitation_code_used_meanwhile_is_refused_at_confirmation_with_nothing_written(client, event):
    event.invite_only = True
    event.save()
    invitation = InvitationFactory(event=event, email="invited@snu.example")
    client.post(register_url(event), form_data(event, email="friend@kaist.example", invitation_code=invitation.code))
    path = latest_confirm_path()
    Client().post(register_url(event), form_data(event, email="invited@snu.example", invitation_code=invitation.code))

    response = client.post(path)

    assert response.status_code == 200
    assert "This invitation code has already been used." in response.content.decode()
    assert list(Registration.objects.values_list("researcher__email", flat=True)) == ["invited@snu.example"]
    assert RegistrationRequest.objects.get().confirmed_at is None


def test_registration_closed_between_the_form_and_the_link_is_refused_with_the_reason(client, event):
    client.post(register_url(event), form_data(event))
    event.status = EventStatus.CLOSED
    event.save()

    response = client.post(latest_confirm_path())

    assert "Registration for this event is closed." in response.content.decode()
    assert (Registration.objects.count(), Researcher.objects.count()) == (0, 0)


def test_choices_the_event_stopped_offering_are_dropped_at_confirmation(client, event):
    companies = list(event.companies.order_by("pk"))
    client.post(register_url(event), form_data(event))  # ranks companies[0] then companies[1]
    event.companies.remove(companies[0])

    client.post(latest_confirm_path())

    assert [i.company for i in Registration.objects.get().company_interests.order_by("rank")] == [companies[1]]


def test_requests_expired_for_more_than_a_day_are_deleted_with_the_next_submission(client, event):
    stale = RegistrationRequestFactory(event=event, created_at=timezone.now() - timedelta(days=3))
    recent = RegistrationRequestFactory(event=event, created_at=timezone.now() - timedelta(hours=30))

    client.post(register_url(event), form_data(event))

    assert not RegistrationRequest.objects.filter(pk=stale.pk).exists()
    assert RegistrationRequest.objects.filter(pk=recent.pk).exists()


def test_confirming_at_the_service_level_takes_the_place_in_line_at_that_moment(event):
    event.researcher_capacity = 1
    event.save()
    early = address_proof.submit_registration(
        event=event, email="early@kaist.example", profile={"first_name": "A", "last_name": "B"},
        company_ids=[], research_area_ids=[]).registration_request
    late = address_proof.submit_registration(
        event=event, email="late@kaist.example", profile={"first_name": "C", "last_name": "D"},
        company_ids=[], research_area_ids=[]).registration_request

    late_outcome = address_proof.confirm_registration(request_id=late.pk)
    early_outcome = address_proof.confirm_registration(request_id=early.pk)

    assert late_outcome.registration.status == RegistrationStatus.APPLIED
    assert early_outcome.registration.status == RegistrationStatus.WAITLISTED


def test_a_request_deleted_meanwhile_reads_as_expired_not_as_an_error(client, event):
    registration_request = RegistrationRequestFactory(event=event)
    path = reverse("attendees:confirm", kwargs={"signed": links.confirm_token(registration_request)})
    request_id = registration_request.pk
    registration_request.delete()

    with pytest.raises(address_proof.ConfirmationError) as error:
        address_proof.confirm_registration(request_id=request_id)

    assert error.value.problem == links.LinkProblem.EXPIRED
    assert client.post(path).status_code == 410


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_tap_on_the_button_registers_once_and_both_taps_reach_the_personal_page():
    """The second tap waits on the first one's lock, then finds this browser's note in the session.

    The link opens in another browser than the form was sent from (a phone's mail app, say)."""
    event = EventFactory(offerings=True)
    Client().post(register_url(event), form_data(event))
    path = latest_confirm_path()
    browser = Client()
    assert browser.get(path).status_code == 200  # the page with the button, as the email's link opens it
    responses = []

    def tap():
        tab = Client()
        tab.cookies = browser.cookies  # the same browser: the same session cookie
        responses.append(tab.post(path))

    errors = run_at_once([tap, tap])

    registration = Registration.objects.get()
    personal = reverse("portal:personal", kwargs={"signed": links.personal_page_token(registration)})
    assert errors == []
    assert [(r.status_code, r.url) for r in responses] == [(302, personal), (302, personal)]
