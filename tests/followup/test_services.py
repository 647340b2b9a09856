"""Notes and stages: what the phone page and the admin both go through."""
import pytest

from attendees.privacy import anonymize_researcher
from followup import services
from followup.enums import Stage
from followup.models import FollowUp, HostNote
from tests.factories import EventHostFactory, RegistrationFactory
from tests.followup.conftest import a_host_and_a_guest

pytestmark = pytest.mark.django_db


def test_a_first_note_makes_the_follow_up_met_owned_by_its_writer_for_the_hosts_company(dinner, recruiter):
    event_host, guest = a_host_and_a_guest(dinner)

    note = services.add_note(registration_id=guest.pk, text="Works on 3D scenes.", user=recruiter,
                             event_host_id=event_host.pk)

    follow_up = FollowUp.objects.get(registration=guest)
    assert (follow_up.stage, follow_up.owner, follow_up.company_id) == (
        Stage.MET, recruiter, event_host.host.company_id)
    assert (note.follow_up, note.author, note.author_name) == (follow_up, recruiter, event_host.host.full_name)


def test_a_later_writer_neither_takes_the_follow_up_over_nor_changes_its_company(dinner, recruiter, organizer):
    event_host, guest = a_host_and_a_guest(dinner)
    other_host = dinner.event_hosts.exclude(host__company=event_host.host.company).first()
    services.add_note(registration_id=guest.pk, text="First.", user=recruiter, event_host_id=event_host.pk)

    services.set_stage(registration_id=guest.pk, stage=Stage.INTERVIEWING, user=organizer,
                       event_host_id=other_host.pk)

    follow_up = FollowUp.objects.get(registration=guest)
    assert (follow_up.stage, follow_up.owner, follow_up.company_id) == (
        Stage.INTERVIEWING, recruiter, event_host.host.company_id)
    assert follow_up.stage_changed_at is not None
    assert HostNote.objects.filter(follow_up=follow_up).count() == 1


def test_notes_are_kept_as_plain_visible_text(dinner):
    _event_host, guest = a_host_and_a_guest(dinner)

    note = services.add_note(registration_id=guest.pk, text="\n  Likes <b>GANs</b>\u202e\r\nsecond line\u200b  \n")

    assert note.text == "Likes <b>GANs</b>\nsecond line"


@pytest.mark.parametrize("text", ["", "   \n ", "\u200b\u200b", "x" * 2001])
def test_an_empty_or_too_long_note_is_refused_and_nothing_is_made(dinner, text):
    _event_host, guest = a_host_and_a_guest(dinner)

    with pytest.raises(services.FollowUpError):
        services.add_note(registration_id=guest.pk, text=text)

    assert not FollowUp.objects.exists()


def test_an_unknown_stage_is_refused(dinner):
    _event_host, guest = a_host_and_a_guest(dinner)

    with pytest.raises(services.FollowUpError):
        services.set_stage(registration_id=guest.pk, stage="promoted")

    assert not FollowUp.objects.exists()


def test_a_host_of_another_event_cannot_write_about_this_guest(dinner):
    _event_host, guest = a_host_and_a_guest(dinner)
    stranger = EventHostFactory()

    with pytest.raises(services.FollowUpError):
        services.add_note(registration_id=guest.pk, text="Hi", event_host_id=stranger.pk)

    assert not FollowUp.objects.exists()


def test_erasing_a_researcher_erases_what_hosts_wrote_about_them_and_keeps_the_stage(dinner):
    _event_host, guest = a_host_and_a_guest(dinner)
    other = RegistrationFactory(event=dinner)
    services.add_note(registration_id=guest.pk, text="Jiwoo wants to join in March.")
    services.set_stage(registration_id=guest.pk, stage=Stage.HIRED)
    services.add_note(registration_id=other.pk, text="Someone else's note.")

    anonymize_researcher(researcher_id=guest.researcher_id)

    assert list(HostNote.objects.values_list("text", flat=True)) == ["Someone else's note."]
    assert FollowUp.objects.get(registration=guest).stage == Stage.HIRED
