"""A researcher's copy of their data holds what the follow-up knows of them: the stage and every host's
note (what was written and when, by a host or the staff of which company; never the staff member's name)."""
import json
from datetime import datetime, timezone

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attendees import links
from attendees.privacy import anonymize_researcher, export_researcher_data
from followup import services
from followup.enums import Stage
from tests.accounts import staff_account
from tests.factories import RegistrationFactory
from tests.followup.conftest import a_host_and_a_guest

pytestmark = pytest.mark.django_db

AFTER_DINNER = datetime(2026, 6, 10, 21, 40, tzinfo=timezone.utc)
NEXT_WEEK = datetime(2026, 6, 17, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def followed_up(dinner, recruiter):
    """A guest a host wrote about at the dinner, then a recruiter (not as a host) a week later, now interviewing."""
    event_host, guest = a_host_and_a_guest(dinner)
    services.add_note(registration_id=guest.pk, text="Works on 3D scenes.\nAsk about the internship.",
                      user=recruiter, event_host_id=event_host.pk, now=AFTER_DINNER)
    services.add_note(registration_id=guest.pk, text="Interview booked.", user=recruiter, now=NEXT_WEEK)
    services.set_stage(registration_id=guest.pk, stage=Stage.INTERVIEWING, user=recruiter, now=NEXT_WEEK)
    return guest, event_host


def exported_follow_up(registration, **kwargs):
    data = json.loads(json.dumps(export_researcher_data(researcher=registration.researcher, **kwargs)))
    return [r["follow_up"] for r in data["registrations"]], json.dumps(data, ensure_ascii=False)


def test_the_export_holds_the_stage_and_every_note_oldest_first(followed_up, recruiter):
    guest, event_host = followed_up
    company = event_host.host.company.name

    (follow_up,), dump = exported_follow_up(guest)

    assert follow_up == {
        "stage": "interviewing", "stage_changed_at": NEXT_WEEK.isoformat(), "company": company,
        "notes": [
            {"text": "Works on 3D scenes.\nAsk about the internship.", "written_at": AFTER_DINNER.isoformat(),
             "written_by": {"role": "host", "company": company}},
            {"text": "Interview booked.", "written_at": NEXT_WEEK.isoformat(),
             "written_by": {"role": "staff", "company": company}},
        ],
    }
    # Who on the team wrote it stays theirs: neither the host's name nor the account's is in the file.
    assert event_host.host.full_name not in dump and event_host.host.email not in dump
    assert recruiter.username not in dump


def test_a_registration_nobody_followed_up_says_so(followed_up):
    guest, _event_host = followed_up
    RegistrationFactory(researcher=guest.researcher)  # a later event, where nobody wrote about them

    follow_ups, _dump = exported_follow_up(guest)

    assert [f and f["stage"] for f in follow_ups] == ["interviewing", None]


def test_an_organizer_downloads_only_their_events_follow_up(client, django_user_model, followed_up, dinner):
    guest, _event_host = followed_up
    elsewhere = RegistrationFactory(researcher=guest.researcher)
    services.add_note(registration_id=elsewhere.pk, text="Met at another dinner.")
    client.force_login(staff_account(django_user_model, "olivia", "Organizer", dinner, is_staff=True))

    download = client.post(reverse("admin:attendees_researcher_changelist"),
                           {"action": "download_data", "_selected_action": [guest.researcher_id]})

    (data,) = json.loads(download.content)
    assert [r["follow_up"]["stage"] for r in data["registrations"]] == ["interviewing"]
    assert "Met at another dinner." not in download.content.decode()


def test_download_my_data_from_the_personal_page_has_the_notes(client, followed_up):
    guest, _event_host = followed_up

    response = client.get(reverse("portal:personal_data", kwargs={"signed": links.personal_page_token(guest)}))

    registration = json.loads(response.content)["registrations"][0]
    assert [note["text"] for note in registration["follow_up"]["notes"]] == [
        "Works on 3D scenes.\nAsk about the internship.", "Interview booked."]


def test_after_erasing_the_notes_are_gone_and_the_stage_stays(followed_up):
    guest, _event_host = followed_up

    anonymize_researcher(researcher_id=guest.researcher_id)

    (follow_up,), _dump = exported_follow_up(guest)
    assert (follow_up["stage"], follow_up["notes"]) == ("interviewing", [])


def test_the_follow_up_costs_two_queries_whatever_the_notes(dinner, followed_up):
    guest, event_host = followed_up
    researcher = guest.researcher

    def queries():
        with CaptureQueriesContext(connection) as captured:
            export_researcher_data(researcher=researcher)
        return [query["sql"] for query in captured]

    before = queries()
    for n in range(5):
        services.add_note(registration_id=guest.pk, text=f"Note {n}", event_host_id=event_host.pk)
    after = queries()

    assert len(after) == len(before)
    assert len([sql for sql in after if "followup_" in sql]) == 2
