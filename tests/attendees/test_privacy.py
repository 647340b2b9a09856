"""A researcher's data: the export holds everything, erasing keeps the figures and the seating but no name,
and retention erases a finished event's people on its own, a year after (settings), keeping its figures."""
import json
import logging
from datetime import timedelta
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from attendees import links
from attendees.enums import RegistrationStatus
from attendees.mail.enums import EmailState
from attendees.models import Invitation, OutboundEmail, Registration, RegistrationRequest, Researcher, SurveyResponse
from attendees.privacy import anonymize_researcher, export_researcher_data
from tables.models import Seat
from tests.accounts import staff_account
from tests.factories import (
    InvitationFactory, OutboundEmailFactory, RegistrationFactory, RegistrationRequestFactory,
    ResearcherFactory, SurveyResponseFactory,
)
from tests.tables.conftest import make_event, theme_and_seat
from worker.recovery import run_recovery

pytestmark = pytest.mark.django_db

NAME, ADDRESS, NEEDS = "Quillon", "quillon.vask@snu.example", "no-pine-nuts-please"


@pytest.fixture
def seated_event(db):
    return theme_and_seat(make_event())


@pytest.fixture
def quillon(seated_event):
    """A seated, checked-in researcher of the event with dinner needs, an email and a pending request."""
    registration = Registration.objects.filter(event=seated_event).order_by("pk").first()
    researcher = registration.researcher
    researcher.first_name, researcher.last_name, researcher.native_name = "Vask", NAME, "바스크"
    researcher.email, researcher.lab, researcher.homepage = ADDRESS, "Quillon Lab", "https://quillon.example"
    researcher.save()  # through the audit trail, as the admin saves it
    registration.dietary_needs, registration.checked_in_at = NEEDS, timezone.now()
    registration.save()
    OutboundEmailFactory(registration=registration, to=ADDRESS, subject=f"Hello {NAME}", body_text=f"Dear {NAME}",
                         state=EmailState.SENT, sent_at=timezone.now())
    RegistrationRequestFactory(event=seated_event, email=ADDRESS, registration=registration)
    return registration


@pytest.fixture
def organizer_client(client, django_user_model, seated_event):
    client.force_login(staff_account(django_user_model, "olivia", "Organizer", seated_event, is_staff=True))
    return client


def figures(client, event):
    """What the organizer reads about the event: the event list's figures and the board's table fills."""
    event_list = client.get(reverse("admin:events_event_changelist"))
    row = event_list.context["cl"].result_list.get(pk=event.pk)
    boards = [sorted(card.fill for card in client.get(reverse("admin:tables_round_board", args=[r.pk]))
                     .context["board"].cards) for r in event.rounds.order_by("number")]
    return {"taken": row.taken, "arrived": row.arrived, "returning": row.returning, "boards": boards,
            "seats": Seat.objects.filter(round__event=event).count()}


def pages_an_organizer_reads(client, event):
    round_1 = event.rounds.get(number=1)
    urls = [reverse("admin:attendees_registration_changelist"), reverse("admin:attendees_researcher_changelist"),
            reverse("admin:tables_round_board", args=[round_1.pk]),
            reverse("admin:events_event_registrations_csv", args=[event.pk]),
            reverse("admin:tables_round_export", args=[round_1.pk]),
            reverse("admin:attendees_outboundemail_changelist"),
            reverse("admin:attendees_registrationrequest_changelist")]
    return "".join(client.get(url).content.decode() for url in urls)


def test_export_holds_profile_registrations_interests_consent_and_emails(quillon):
    company = quillon.company_interests.order_by("rank").first().company

    data = json.loads(json.dumps(export_researcher_data(researcher=quillon.researcher)))

    assert data["profile"]["last_name"] == NAME
    assert data["profile"]["email"] == ADDRESS
    (registration,) = data["registrations"]
    assert registration["event"]["name"] == quillon.event.name
    assert registration["status"] == "confirmed"
    assert registration["dietary_needs"] == NEEDS
    assert registration["consent"]["privacy_notice_version"] == quillon.privacy_notice_version
    assert registration["company_interests"][0] == company.name
    assert [e["subject"] for e in registration["emails"]] == [f"Hello {NAME}"]


def test_erasing_keeps_every_figure_and_seat_but_no_name(organizer_client, seated_event, quillon):
    move_into_the_past(seated_event, 2)  # the dinner took place: erasing cancels nothing
    before = figures(organizer_client, seated_event)
    assert NAME in pages_an_organizer_reads(organizer_client, seated_event)

    anonymize_researcher(researcher_id=quillon.researcher_id, now=timezone.now())

    assert figures(organizer_client, seated_event) == before
    pages = pages_an_organizer_reads(organizer_client, seated_event)
    assert [marker for marker in (NAME, ADDRESS, NEEDS, "바스크", "Quillon Lab") if marker in pages] == []
    quillon.refresh_from_db()
    assert quillon.researcher.full_name == "Anonymous"
    assert (quillon.status, quillon.checked_in_at is not None) == (RegistrationStatus.CONFIRMED, True)
    assert OutboundEmail.objects.filter(registration=quillon).count() == 0
    assert RegistrationRequest.objects.filter(email__iexact=ADDRESS).count() == 0


def test_erasing_kills_every_link_and_rewrites_the_audit_trail(client, quillon):
    old_page = reverse("portal:personal", kwargs={"signed": links.personal_page_token(quillon)})
    assert LogEntry.objects.filter(object_repr__contains=NAME).exists()  # the factories' saves were logged

    anonymize_researcher(researcher_id=quillon.researcher_id, now=timezone.now())

    assert client.get(old_page).status_code == 410
    assert LogEntry.objects.filter(object_repr__contains=NAME).count() == 0
    assert [e.changes for e in LogEntry.objects.all() if NAME in str(e.changes) or NEEDS in str(e.changes)] == []


def test_erasing_twice_changes_nothing_more(quillon):
    anonymize_researcher(researcher_id=quillon.researcher_id, now=timezone.now())
    state = list(Researcher.objects.filter(pk=quillon.researcher_id).values())
    entries = LogEntry.objects.count()

    report = anonymize_researcher(researcher_id=quillon.researcher_id, now=timezone.now())

    assert report.already is True
    assert list(Researcher.objects.filter(pk=quillon.researcher_id).values()) == state
    assert LogEntry.objects.count() == entries


def test_erasing_someone_with_a_place_to_come_cancels_it_and_promotes_the_next(event):
    event.researcher_capacity = 1
    event.save()
    holder = RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    report = anonymize_researcher(researcher_id=holder.researcher_id, now=timezone.now())

    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert (holder.status, waiting.status) == (RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED)
    assert report.promoted == [waiting]
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == [waiting.researcher.email]


def test_organizer_downloads_and_erases_from_the_admin_after_a_confirmation(organizer_client, quillon):
    changelist = reverse("admin:attendees_researcher_changelist")
    selected = {"_selected_action": [quillon.researcher_id]}

    download = organizer_client.post(changelist, {"action": "download_data", **selected})
    question = organizer_client.post(changelist, {"action": "anonymize", **selected})
    Researcher.objects.get(pk=quillon.researcher_id, last_name=NAME)  # asking erased nothing
    organizer_client.post(changelist, {"action": "anonymize", "confirmed": "yes", **selected})

    assert download["Content-Type"] == "application/json; charset=utf-8"
    assert [r["profile"]["last_name"] for r in json.loads(download.content)] == [NAME]
    assert "confirm-anonymize" in question.content.decode()
    assert Researcher.objects.get(pk=quillon.researcher_id).anonymized_at is not None


def test_an_organizer_cannot_erase_someone_who_also_came_to_an_event_not_theirs(organizer_client, quillon):
    RegistrationFactory(researcher=quillon.researcher)  # another organizer's event

    organizer_client.post(reverse("admin:attendees_researcher_changelist"), {
        "action": "anonymize", "confirmed": "yes", "_selected_action": [quillon.researcher_id]})

    assert Researcher.objects.get(pk=quillon.researcher_id).last_name == NAME


def test_a_recruiter_can_neither_download_nor_erase(client, django_user_model, seated_event, quillon):
    client.force_login(staff_account(django_user_model, "rita", "Recruiter", seated_event, is_staff=True))
    changelist = reverse("admin:attendees_researcher_changelist")

    page = client.get(changelist)
    download = client.post(changelist, {"action": "download_data", "_selected_action": [quillon.researcher_id]})
    client.post(changelist, {"action": "anonymize", "confirmed": "yes", "_selected_action": [quillon.researcher_id]})

    form = page.context["action_form"]  # None: no action is offered at all
    actions = [value for value, _label in form.fields["action"].choices] if form else []
    assert "download_data" not in actions and "anonymize" not in actions
    assert NAME not in download.content.decode() or download["Content-Type"].startswith("text/html")
    assert download.get("Content-Disposition") is None
    assert Researcher.objects.get(pk=quillon.researcher_id).last_name == NAME


def move_into_the_past(event, days):
    shift = (event.ends_at - timezone.now()) + timedelta(days=days)
    event.starts_at -= shift
    event.ends_at -= shift
    event.registration_opens_at -= shift
    event.registration_closes_at -= shift
    event.save()


def test_retention_erases_a_finished_events_people_and_keeps_its_figures(organizer_client, seated_event, quillon):
    before = figures(organizer_client, seated_event)
    move_into_the_past(seated_event, 366)
    unused = InvitationFactory(event=seated_event, email="never.came@example.org")
    out = StringIO()

    call_command("apply_retention", stdout=out)

    people = Researcher.objects.filter(registrations__event=seated_event)
    assert people.filter(anonymized_at__isnull=True).count() == 0
    assert figures(organizer_client, seated_event) == before
    assert NAME not in pages_an_organizer_reads(organizer_client, seated_event)
    assert not Invitation.objects.filter(pk=unused.pk).exists()
    assert out.getvalue().startswith(f"Retention: {people.count()} researcher(s) anonymized")


def test_retention_keeps_a_returning_researcher_and_blanks_old_email_texts_sooner(seated_event, quillon, event):
    RegistrationFactory(event=event, researcher=quillon.researcher)  # coming again next month
    move_into_the_past(seated_event, 31)
    out = StringIO()

    call_command("apply_retention", stdout=out)
    call_command("apply_retention", stdout=out)

    assert Researcher.objects.get(pk=quillon.researcher_id).last_name == NAME
    email = OutboundEmail.objects.get(registration=quillon)
    assert (email.subject, email.body_text, email.body_html) == (f"Hello {NAME}", "", "")
    assert out.getvalue().splitlines() == [
        "Retention: 0 researcher(s) anonymized, 1 email text(s) blanked, 1 registration request(s) and "
        "0 unused invitation(s) deleted.", "Retention: nothing is due."]


def test_the_worker_applies_retention_once_a_day(seated_event, quillon):
    move_into_the_past(seated_event, 400)
    # An hour later must be the same day (UTC, the key's calendar), whenever the test runs.
    now = timezone.now().replace(hour=10, minute=0)

    first = dict(run_recovery(now=now))
    late = RegistrationFactory(event=seated_event, researcher=ResearcherFactory(last_name="Latecomer"))
    again = dict(run_recovery(now=now + timedelta(hours=1)))
    tomorrow = dict(run_recovery(now=now + timedelta(days=1)))

    name = "attendees.receivers.apply_retention_daily"
    assert first[name].startswith("Retention: 12 researcher(s) anonymized")
    assert again[name] == ""
    assert tomorrow[name].startswith("Retention: 1 researcher(s) anonymized")
    late.researcher.refresh_from_db()
    assert late.researcher.anonymized_at is not None


def test_no_address_or_token_reaches_a_log_line(client, caplog, quillon):
    caplog.set_level(logging.DEBUG)
    signed = links.personal_page_token(quillon)

    client.get(reverse("portal:personal_data", kwargs={"signed": signed}))
    client.post(reverse("portal:personal_erase", kwargs={"signed": signed}))
    client.get(reverse("portal:personal", kwargs={"signed": signed}))
    move_into_the_past(quillon.event, 400)
    run_recovery()

    lines = [record.getMessage() for record in caplog.records]
    assert [line for line in lines if ADDRESS in line or quillon.token in line or signed in line] == []
    assert any(line.startswith("Gone: /my/[redacted]/") for line in lines)


@pytest.mark.parametrize(("language", "texts"), [
    ("en", ["anonymized automatically 365 days after the end of the last event",
            "deleted 30 days after the event ends", "download everything we hold about you",
            "an email with a short survey", "change your answers until 14 days after the event",
            "write short notes about your conversations", "the hosts' notes about you",
            "survey ratings and follow-up stage"]),
    ("ko", ["행사가 끝나고 365일 뒤 자동으로 익명화", "행사가 끝나고 30일 뒤 삭제", "파일로 내려받거나 삭제",
            "짧은 설문이 담긴 이메일", "행사가 끝나고 14일 뒤까지 응답을 바꿀 수", "대화에 관한 짧은 메모",
            "호스트가 남긴 메모", "설문 평점과 후속 진행 단계"]),
])
def test_the_privacy_notice_states_the_retention_and_the_researchers_rights(client, event, settings, language,
                                                                            texts):
    """Also what happens after the dinner (notice version 2027-01): the survey and the hosts' notes."""
    settings.RETENTION_DAYS_AFTER_EVENT, settings.EMAIL_BODY_DAYS_AFTER_EVENT = 365, 30
    settings.SURVEY_DAYS_AFTER_EVENT = 14

    page = client.get(reverse("events:privacy", kwargs={"slug": event.slug}), HTTP_ACCEPT_LANGUAGE=language)

    text = page.content.decode()
    assert [t for t in texts if t not in text] == []


def test_survey_answers_are_exported_and_lose_their_comments_when_erased(quillon):
    SurveyResponseFactory(registration=quillon, overall_rating=5, round_1_rating=4, round_2_rating=None,
                          comments=f"Ask {NAME} about the soup", would_come_again="maybe")

    exported = export_researcher_data(researcher=quillon.researcher)["registrations"][0]["survey"]
    anonymize_researcher(researcher_id=quillon.researcher_id, now=timezone.now())

    assert (exported["overall_rating"], exported["round_1_rating"], exported["round_2_rating"],
            exported["comments"], exported["would_come_again"]) == (5, 4, None, f"Ask {NAME} about the soup", "maybe")
    kept = SurveyResponse.objects.get(registration=quillon)
    assert (kept.overall_rating, kept.round_1_rating, kept.comments) == (5, 4, "")


def test_retention_takes_the_survey_comments_with_the_person(seated_event, quillon):
    SurveyResponseFactory(registration=quillon, comments="Quillon Lab says hi")
    move_into_the_past(seated_event, 400)

    call_command("apply_retention", stdout=StringIO())

    assert list(SurveyResponse.objects.filter(registration=quillon).values_list("comments", "overall_rating")) == [
        ("", 4)]


def test_a_researcher_without_answers_exports_no_survey(quillon):
    assert export_researcher_data(researcher=quillon.researcher)["registrations"][0]["survey"] is None
