"""What each role may do with the follow-up, at its own event and at another one."""
import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from followup import services
from followup.enums import Stage
from followup.models import FollowUp, HostNote
from tests.accounts import staff_account
from tests.factories import EventFactory
from tests.followup.conftest import a_host_and_a_guest

pytestmark = pytest.mark.django_db

NOTE = "Wants-to-intern-in-Seoul"


@pytest.fixture
def noted(dinner):
    event_host, guest = a_host_and_a_guest(dinner)
    services.add_note(registration_id=guest.pk, text=NOTE, event_host_id=event_host.pk)
    return event_host, guest, FollowUp.objects.get(registration=guest)


def pages(event, event_host, follow_up):
    return {
        "list": reverse("admin:followup_followup_changelist"),
        "follow-up": reverse("admin:followup_followup_change", args=[follow_up.pk]),
        "history": reverse("admin:followup_followup_history", args=[follow_up.pk]),
        "funnel": reverse("admin:followup_followup_funnel") + f"?event={event.pk}",
        "export": reverse("admin:followup_followup_export"),
        "hosts": reverse("followup:hosts", kwargs={"slug": event.slug}),
        "guests": reverse("followup:guests", kwargs={"slug": event.slug, "event_host_id": event_host.pk}),
    }


def opened(client, user, urls):
    client.force_login(user)
    responses = {name: client.get(url) for name, url in urls.items()}
    return {name for name, response in responses.items() if response.status_code == 200}, responses


def test_organizer_opens_everything_of_the_follow_up(client, dinner, organizer, noted):
    shown, responses = opened(client, organizer, pages(dinner, *noted[::2]))

    assert shown == {"list", "follow-up", "history", "funnel", "export", "hosts", "guests"}
    assert NOTE in responses["follow-up"].content.decode()


def test_recruiter_follows_up_but_does_not_export(client, dinner, recruiter, noted):
    _event_host, guest, follow_up = noted
    shown, responses = opened(client, recruiter, pages(dinner, *noted[::2]))
    change = client.post(reverse("admin:followup_followup_change", args=[follow_up.pk]), {
        "stage": Stage.OFFER, "company": "", "owner": recruiter.pk,
        "notes-TOTAL_FORMS": 1, "notes-INITIAL_FORMS": 1, "notes-0-id": follow_up.notes.get().pk,
        "notes-0-follow_up": follow_up.pk})

    assert shown == {"list", "follow-up", "history", "funnel", "hosts", "guests"}
    assert responses["export"].status_code == 403
    assert change.status_code == 302, change.content.decode()[:3000]
    follow_up.refresh_from_db()
    assert (follow_up.stage, follow_up.owner) == (Stage.OFFER, recruiter)
    assert list(follow_up.notes.values_list("text", flat=True)) == [NOTE]


def test_host_role_has_the_phone_page_and_no_admin(client, dinner, host_account, noted):
    shown, responses = opened(client, host_account, pages(dinner, *noted[::2]))

    assert shown == {"hosts", "guests"}
    assert NOTE in responses["guests"].content.decode()
    assert responses["list"].url.startswith(reverse("admin:login"))


def test_door_staff_never_see_a_note_neither_here_nor_at_the_door(client, dinner, door, noted):
    _event_host, guest, _follow_up = noted
    shown, responses = opened(client, door, pages(dinner, *noted[::2]))
    door_search = client.get(reverse("checkin:event", kwargs={"slug": dinner.slug}),
                             {"q": guest.researcher.last_name})

    assert shown == set()
    assert responses["hosts"].status_code == responses["guests"].status_code == 403
    assert guest.researcher.full_name in door_search.content.decode()
    assert not any(NOTE in r.content.decode() for r in [*responses.values(), door_search])


def test_a_staff_account_without_a_role_sees_nothing(client, dinner, django_user_model, noted):
    user = django_user_model.objects.create_user("norole", password="x", is_staff=True)
    dinner.staff.add(user)

    shown, responses = opened(client, user, pages(dinner, *noted[::2]))

    assert shown == set()
    assert not any(NOTE in r.content.decode() for r in responses.values())


@pytest.mark.parametrize("role", ["Organizer", "Recruiter", "Host"])
def test_no_role_reaches_the_follow_up_of_an_event_it_does_not_work_on(client, dinner, django_user_model, noted, role):
    outsider = staff_account(django_user_model, "outsider", role, EventFactory(), is_staff=role != "Host")
    event_host, guest, follow_up = noted

    shown, responses = opened(client, outsider, pages(dinner, event_host, follow_up))
    posted = client.post(reverse("followup:stage", kwargs={"slug": dinner.slug}),
                         {"registration": guest.pk, "event_host": event_host.pk, "stage": Stage.HIRED})

    assert shown <= {"list", "export"}  # their own (empty) list and export form
    assert not any(NOTE in r.content.decode() or guest.researcher.last_name in r.content.decode()
                   for r in responses.values())
    assert posted.status_code == 403
    assert FollowUp.objects.get(pk=follow_up.pk).stage == Stage.MET


def test_the_audit_trail_says_who_changed_the_stage_and_that_a_note_was_written_never_its_words(
        client, dinner, organizer, noted):
    _event_host, guest, follow_up = noted
    client.force_login(organizer)
    client.post(reverse("admin:followup_followup_change", args=[follow_up.pk]), {
        "stage": Stage.INTERVIEWING, "company": "", "owner": "",
        "notes-TOTAL_FORMS": 2, "notes-INITIAL_FORMS": 1, "notes-0-id": follow_up.notes.get().pk,
        "notes-0-follow_up": follow_up.pk, "notes-1-text": "Second-secret-note", "notes-1-follow_up": follow_up.pk})

    stage_entry = LogEntry.objects.get_for_object(follow_up).filter(changes__icontains="interviewing").get()
    note_entries = LogEntry.objects.filter(content_type__model="hostnote")
    history = client.get(reverse("admin:followup_followup_history", args=[follow_up.pk])).content.decode()

    assert stage_entry.actor == organizer
    assert list(HostNote.objects.filter(follow_up=follow_up).values_list("author", flat=True)) == [organizer.pk, None]
    assert note_entries.count() == 2
    assert not any(NOTE in str(e.changes) or "Second-secret-note" in str(e.changes) for e in note_entries)
    assert "interviewing" in history.lower()
