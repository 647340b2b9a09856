"""The thank-you email with the survey link: the morning after, once, only to those who arrived."""
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from freezegun import freeze_time
from django.urls import reverse

from attendees.enums import RegistrationStatus
from attendees.feedback import send_due_thank_yous, send_thank_you, thank_you_due_at
from attendees.mail.enums import EmailKind
from attendees.models import OutboundEmail
from attendees.privacy import anonymize_researcher
from tests.accounts import staff_account
from tests.attendees.test_waitlist import needs_postgres
from tests.factories import EventFactory, RegistrationFactory
from tests.races import run_at_once
from worker.recovery import run_recovery

pytestmark = pytest.mark.django_db

VANCOUVER = ZoneInfo("America/Vancouver")


def local(*args):
    return datetime(*args, tzinfo=VANCOUVER)


@pytest.fixture
def pass_at(django_capture_on_commit_callbacks):
    """A recovery pass at `moment` (the clock stopped there), its emails delivered after the commit."""
    def run(moment):
        with freeze_time(moment), django_capture_on_commit_callbacks(execute=True):
            run_recovery()
    return run


@pytest.fixture
def thank_at(django_capture_on_commit_callbacks):
    """send_thank_you at `moment`, its emails delivered after the commit; returns what it wrote."""
    def run(event, moment):
        with freeze_time(moment), django_capture_on_commit_callbacks(execute=True):
            return send_thank_you(event)
    return run


@pytest.fixture
def evening(db):
    """A dinner in Vancouver ending at 22:30 on 16 June 2027 (05:30 UTC on the 17th): two arrivals,
    a confirmed researcher who never came, a cancelled one."""
    event = EventFactory(time_zone="America/Vancouver", starts_at=local(2027, 6, 16, 18, 30),
                         ends_at=local(2027, 6, 16, 22, 30), registration_opens_at=local(2027, 5, 1, 9, 0),
                         registration_closes_at=local(2027, 6, 14, 9, 0))
    came = [RegistrationFactory(event=event, checked_in_at=local(2027, 6, 16, 18, 40), researcher__first_name=name)
            for name in ("Jiwoo", "Minjun")]
    RegistrationFactory(event=event, researcher__first_name="Absent")
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED, researcher__first_name="Gone")
    return event, came


def test_due_at_nine_the_morning_after_in_the_events_time_zone(evening):
    event, _came = evening

    assert thank_you_due_at(event) == local(2027, 6, 17, 9, 0)


def test_the_recovery_pass_sends_it_once_at_nine_to_the_arrivals_only(evening, pass_at):
    event, came = evening

    pass_at(local(2027, 6, 17, 8, 59))
    assert mail.outbox == []

    for moment in (local(2027, 6, 17, 9, 0), local(2027, 6, 17, 9, 5), local(2027, 6, 18, 9, 0)):
        pass_at(moment)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(r.researcher.email for r in came)
    assert {message.subject for message in mail.outbox} == {f"Thank you for coming to {event.name}"}
    assert OutboundEmail.objects.filter(kind=EmailKind.THANK_YOU).count() == 2


def test_the_link_in_the_email_opens_the_survey_and_the_stored_row_holds_no_working_link(
        client, evening, thank_at):
    event, (jiwoo, _minjun) = evening
    thank_at(event, local(2027, 6, 17, 9, 0))

    message = next(m for m in mail.outbox if m.to == [jiwoo.researcher.email])
    (link,) = re.findall(r"http://\S+/survey/\S+/", message.body)
    stored = OutboundEmail.objects.get(registration=jiwoo, kind=EmailKind.THANK_YOU)

    assert "[survey-link]" in stored.body_text and "[survey-link]" not in message.body
    assert "Dear Jiwoo," in message.body
    assert f'<a href="{link}">' in message.alternatives[0].content
    page = client.get(link.removeprefix("http://127.0.0.1:8000"))
    assert page.status_code == 200
    assert "How was the dinner?" in page.content.decode()


def test_a_late_check_in_is_thanked_on_the_next_pass_and_nobody_twice(evening, pass_at):
    event, came = evening
    pass_at(local(2027, 6, 17, 9, 0))
    late = RegistrationFactory(event=event, checked_in_at=local(2027, 6, 16, 21, 0))

    pass_at(local(2027, 6, 17, 10, 0))

    assert [m.to[0] for m in mail.outbox].count(late.researcher.email) == 1
    assert len(mail.outbox) == 3


def test_nobody_who_erased_their_data_is_written_to(evening, pass_at):
    event, (jiwoo, minjun) = evening
    anonymize_researcher(researcher_id=jiwoo.researcher_id)

    pass_at(local(2027, 6, 17, 9, 0))

    assert [message.to for message in mail.outbox] == [[minjun.researcher.email]]


def test_nothing_once_the_survey_has_closed(evening, pass_at, thank_at):
    event, _came = evening

    pass_at(local(2027, 6, 16, 22, 30) + timedelta(days=14))
    assert thank_at(event, local(2027, 7, 1, 9, 0)) == []

    assert mail.outbox == []


def test_korean_researchers_get_it_in_korean(evening, thank_at):
    event, (jiwoo, _minjun) = evening
    jiwoo.language = "ko"
    jiwoo.save()

    thank_at(event, local(2027, 6, 17, 9, 0))

    message = next(m for m in mail.outbox if m.to == [jiwoo.researcher.email])
    assert "설문" in message.body


def test_the_organizer_sends_it_now_from_the_event_list_once(
        client, django_user_model, evening, django_capture_on_commit_callbacks):
    event, came = evening
    client.force_login(staff_account(django_user_model, "olivia", "Organizer", event, is_staff=True))
    changelist = reverse("admin:events_event_changelist")
    action = {"action": "send_thank_you_now", "_selected_action": [event.pk]}

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(changelist, action, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, action)

    assert len(mail.outbox) == 2
    assert "2 thank-you emails written" in first.content.decode()
    assert set(event.registrations.filter(thank_you_sent_at__isnull=False)) == set(came)


def test_a_recruiter_is_not_offered_the_action(client, django_user_model, evening):
    event, _came = evening
    client.force_login(staff_account(django_user_model, "rita", "Recruiter", event, is_staff=True))

    page = client.get(reverse("admin:events_event_changelist"))
    client.post(reverse("admin:events_event_changelist"),
                {"action": "send_thank_you_now", "_selected_action": [event.pk]})

    form = page.context["action_form"]
    actions = [value for value, _label in form.fields["action"].choices] if form else []
    assert "send_thank_you_now" not in actions
    assert not OutboundEmail.objects.exists()


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_and_the_admin_action_at_the_same_moment_write_each_email_once():
    event = EventFactory(time_zone="America/Vancouver", starts_at=local(2027, 6, 16, 18, 30),
                         ends_at=local(2027, 6, 16, 22, 30), registration_opens_at=local(2027, 5, 1, 9, 0),
                         registration_closes_at=local(2027, 6, 14, 9, 0))
    came = [RegistrationFactory(event=event, checked_in_at=local(2027, 6, 16, 18, 40)) for _ in range(5)]
    morning = local(2027, 6, 17, 9, 0)

    errors = run_at_once([
        lambda: send_due_thank_yous(now=morning), lambda: send_due_thank_yous(now=morning),
        lambda: send_thank_you(event, now=morning),
    ])

    assert errors == []
    assert sorted(OutboundEmail.objects.filter(kind=EmailKind.THANK_YOU).values_list("registration_id", flat=True)) == [
        r.pk for r in came]
