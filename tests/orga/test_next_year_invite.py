"""Invite last year's attendees in one action: who is invited, who is left out, and that they come back *returning*.

Last year's dinner had guests who came, guests with a confirmed place who did not, guests who
cancelled, waited or were declined, and one who erased their data. This year's event already has
one of them registered and one invited.
"""
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from attendees import address_proof, privacy
from attendees.enums import RegistrationStatus
from attendees.mail.enums import EmailKind
from attendees.models import Invitation, OutboundEmail, Registration
from events.enums import EventStatus
from orga.next_year import Audience, NextYearError, invite_returning, plan_returning_invitations
from tests.accounts import staff_account
from tests.factories import EventFactory, InvitationFactory, RegistrationFactory
from tests.races import run_at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def send_after_commit(django_capture_on_commit_callbacks):
    """Run what the code schedules with transaction.on_commit (the tests run inside a transaction)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def past_event(**fields):
    start = timezone.now() - timedelta(days=360)
    return EventFactory(starts_at=start, registration_opens_at=start - timedelta(days=60),
                        registration_closes_at=start - timedelta(days=2), status=EventStatus.FINISHED,
                        offerings=True, **fields)


@pytest.fixture
def last_year(db):
    return past_event(name="Dinner at CVPR 2026")


@pytest.fixture
def this_year(db):
    return EventFactory(name="Dinner at CVPR 2027", offerings=True)


@pytest.fixture
def guests(last_year, this_year):
    """{group: [researchers]} of last year's dinner; one who came registered this year, one invited."""
    came = last_year.starts_at
    groups = {
        "came": [RegistrationFactory(event=last_year, checked_in_at=came).researcher for _ in range(4)],
        "came while still applied": [RegistrationFactory(event=last_year, status=RegistrationStatus.APPLIED,
                                                         checked_in_at=came).researcher],
        "confirmed, did not come": [RegistrationFactory(event=last_year).researcher for _ in range(2)],
        "did not hold a place": [RegistrationFactory(event=last_year, status=status).researcher for status in (
            RegistrationStatus.CANCELLED, RegistrationStatus.WAITLISTED, RegistrationStatus.DECLINED)],
        "came, then erased their data": [RegistrationFactory(event=last_year, checked_in_at=came).researcher],
    }
    privacy.anonymize_researcher(researcher_id=groups["came, then erased their data"][0].pk)
    registered, invited = groups["came"][:2]
    RegistrationFactory(event=this_year, researcher=registered)
    InvitationFactory(event=this_year, email=invited.email.upper())
    groups["already registered"], groups["already invited"] = [registered], [invited]
    groups["came"] = groups["came"][2:]
    return groups


def emails(researchers):
    return {researcher.email for researcher in researchers}


def test_those_who_came_are_invited_and_the_rest_counted(last_year, this_year, guests, send_after_commit):
    with send_after_commit():
        done = invite_returning(event=this_year, source=last_year, audience=Audience.ARRIVED)

    expected = emails(guests["came"] + guests["came while still applied"])
    assert emails(done.to_invite) == expected
    assert (done.already_registered, done.already_invited, done.erased, done.emails_queued) == (1, 1, 1, len(expected))
    invitations = Invitation.objects.filter(event=this_year, email__in=expected)
    assert {(i.email, i.first_name, i.last_name, i.affiliation) for i in invitations} == {
        (r.email, r.first_name, r.last_name, r.affiliation) for r in done.to_invite}
    assert all(invitation.sent_at is not None for invitation in invitations)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(expected)
    assert all(f"?code={Invitation.objects.get(email=m.to[0]).code}" in m.body for m in mail.outbox)


def test_confirmed_takes_in_those_who_did_not_come(last_year, this_year, guests):
    plan = plan_returning_invitations(event=this_year, source=last_year, audience=Audience.CONFIRMED)

    assert emails(plan.to_invite) == emails(
        guests["came"] + guests["came while still applied"] + guests["confirmed, did not come"])
    assert Invitation.objects.filter(event=this_year).count() == 1  # the plan writes nothing


def test_inviting_again_invites_nobody_twice(last_year, this_year, guests, send_after_commit):
    with send_after_commit():
        first = invite_returning(event=this_year, source=last_year, audience=Audience.ARRIVED)
        again = invite_returning(event=this_year, source=last_year, audience=Audience.CONFIRMED)

    assert emails(again.to_invite) == emails(guests["confirmed, did not come"])
    assert again.already_invited == first.already_invited + first.invited
    assert len(mail.outbox) == first.invited + again.invited
    assert Invitation.objects.filter(event=this_year).count() == 1 + first.invited + again.invited


def test_the_audit_trail_says_who_invited_whom_from_where(last_year, this_year, guests, django_user_model):
    olivia = staff_account(django_user_model, "olivia", "Organizer", last_year, this_year, is_staff=True)

    done = invite_returning(event=this_year, source=last_year, audience=Audience.ARRIVED, by=olivia)

    entry = LogEntry.objects.get_for_object(this_year).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == olivia
    assert {key: entry.additional_data[key] for key in ("source_event_id", "audience", "invited", "erased")} == {
        "source_event_id": last_year.pk, "audience": "arrived", "invited": done.invited, "erased": done.erased}


@pytest.mark.parametrize("invite_only", [True, False])
def test_an_invited_researcher_who_registers_is_returning(last_year, this_year, guests, invite_only):
    this_year.invite_only = invite_only
    this_year.save()
    invite_returning(event=this_year, source=last_year, audience=Audience.ARRIVED)
    researcher = guests["came"][0]
    invitation = Invitation.objects.get(event=this_year, email=researcher.email)

    submitted = address_proof.submit_registration(
        event=this_year, email=researcher.email, profile={"first_name": researcher.first_name,
                                                          "last_name": researcher.last_name},
        company_ids=[this_year.companies.first().pk], research_area_ids=[], invitation_code=invitation.code)
    if submitted.registration_request is not None:  # an open event: the emailed link registers
        address_proof.confirm_registration(request_id=submitted.registration_request.pk)

    registration = Registration.objects.get(event=this_year, researcher=researcher)
    assert registration.is_returning is True
    assert (registration.invitation == invitation) is invite_only


def test_only_an_earlier_event_and_one_taking_registrations(last_year, this_year, guests):
    later = EventFactory(starts_at=this_year.starts_at + timedelta(days=300))
    draft = EventFactory(status=EventStatus.DRAFT)

    for event, source in ((last_year, this_year), (this_year, later), (this_year, this_year), (draft, last_year)):
        with pytest.raises(NextYearError):
            invite_returning(event=event, source=source, audience=Audience.ARRIVED)

    assert Invitation.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serializes writers; the race needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_organizers_inviting_at_once_invite_each_researcher_once():
    last_year, this_year = past_event(), EventFactory()
    for _ in range(6):
        RegistrationFactory(event=last_year, checked_in_at=last_year.starts_at)

    errors = run_at_once([
        lambda: invite_returning(event=this_year, source=last_year, audience=Audience.ARRIVED) for _ in range(3)])

    assert errors == []
    assert Invitation.objects.filter(event=this_year).count() == 6
    assert OutboundEmail.objects.filter(event=this_year, kind=EmailKind.INVITATION).count() == 6


# The organizer's page.

def invite_url(event):
    return reverse("admin:events_event_invite_returning", args=[event.pk])


@pytest.fixture
def organizer(django_user_model, last_year, this_year):
    return staff_account(django_user_model, "olivia", "Organizer", last_year, this_year, is_staff=True)


def test_the_organizer_sees_who_would_be_invited_then_invites_them(client, organizer, last_year, this_year, guests):
    client.force_login(organizer)
    choice = {"source": last_year.pk, "audience": Audience.ARRIVED}

    page = client.get(reverse("admin:events_event_change", args=[this_year.pk])).content.decode()
    preview = client.post(invite_url(this_year), choice).content.decode()
    invitations_after_preview = Invitation.objects.filter(event=this_year).count()
    done = client.post(invite_url(this_year), {**choice, "confirmed": "yes"}, follow=True)

    assert invite_url(this_year) in page
    assert all(str(researcher) in preview for researcher in guests["came"])
    assert str(guests["confirmed, did not come"][0]) not in preview
    assert "Left out: 1 already registered, 1 already invited, 1 whose data was erased." in preview
    assert invitations_after_preview == 1
    assert done.redirect_chain[-1][0] == (reverse("admin:attendees_invitation_changelist")
                                          + f"?event__id__exact={this_year.pk}")
    invited = len(guests["came"]) + len(guests["came while still applied"])
    assert f"{invited} researchers invited" in done.content.decode()
    assert Invitation.objects.filter(event=this_year).count() == 1 + invited
    history = client.get(reverse("admin:events_event_history", args=[this_year.pk])).content.decode()
    assert f"Invited {invited} attendees of {last_year}." in history


def test_a_refusal_is_a_message_on_the_page(client, organizer, last_year, this_year):
    client.force_login(organizer)
    this_year.status = EventStatus.DRAFT
    this_year.save()

    response = client.post(invite_url(this_year), {"source": last_year.pk, "audience": Audience.ARRIVED})

    assert response.status_code == 200
    assert "Open this event for registration first" in response.content.decode()


def test_only_events_the_organizer_works_on_can_be_the_source(client, django_user_model, last_year, this_year, guests):
    client.force_login(staff_account(django_user_model, "oscar", "Organizer", this_year, is_staff=True))

    page = client.get(invite_url(this_year)).content.decode()
    response = client.post(invite_url(this_year), {"source": last_year.pk, "audience": Audience.ARRIVED,
                                                   "confirmed": "yes"})

    assert str(last_year) not in page
    assert "Select a valid choice" in response.content.decode()
    assert Invitation.objects.filter(event=this_year).count() == 1


def test_recruiters_and_other_events_organizers_are_refused(client, django_user_model, last_year, this_year, guests):
    other = EventFactory()
    accounts = {
        "recruiter of both": staff_account(django_user_model, "rita", "Recruiter", last_year, this_year,
                                           is_staff=True),
        "organizer of another event": staff_account(django_user_model, "oscar", "Organizer", other, is_staff=True),
    }
    choice = {"source": last_year.pk, "audience": Audience.ARRIVED, "confirmed": "yes"}

    answers = {}
    for who, account in accounts.items():
        client.force_login(account)
        answers[who] = (client.get(invite_url(this_year)).status_code,
                        client.post(invite_url(this_year), choice).status_code)

    assert answers == {"recruiter of both": (403, 403), "organizer of another event": (404, 404)}
    assert Invitation.objects.filter(event=this_year).count() == 1


def test_the_pages_are_korean_for_a_korean_organizer(client, organizer, last_year, this_year, guests):
    client.force_login(organizer)
    korean = {"HTTP_ACCEPT_LANGUAGE": "ko"}

    clone_page = client.get(reverse("admin:events_event_clone", args=[last_year.pk]), **korean).content.decode()
    preview = client.post(invite_url(this_year), {"source": last_year.pk, "audience": Audience.ARRIVED},
                          **korean).content.decode()

    assert "새 행사는" in clone_page and "초안 만들기" in clone_page
    assert "이전 행사의 연구자를" in preview and "명이 초대장을 받습니다" in preview
    assert "제외: 이미 등록 1명, 이미 초대 1명, 데이터 삭제 1명." in preview
