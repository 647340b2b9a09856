"""The follow-up admin: lists and pages in a constant number of queries, notes added through the service."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup import services
from followup.enums import Stage
from followup.models import FollowUp
from tests.factories import CompanyFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def follow_ups(event, n, user):
    for _ in range(n):
        registration = RegistrationFactory(event=event)
        services.add_note(registration_id=registration.pk, text="Met at the table.", user=user)
        services.add_note(registration_id=registration.pk, text="Sent the paper.", user=user)
        FollowUp.objects.filter(registration=registration).update(company=CompanyFactory(), owner=user)


def test_the_list_and_a_page_do_not_grow_with_follow_ups_and_notes(client, dinner, organizer):
    client.force_login(organizer)
    follow_ups(dinner, 1, organizer)
    follow_up = FollowUp.objects.get()
    list_url, page_url = (reverse("admin:followup_followup_changelist"),
                          reverse("admin:followup_followup_change", args=[follow_up.pk]))
    small = queries_of(client, list_url), queries_of(client, page_url)

    follow_ups(dinner, 5, organizer)
    for _ in range(5):
        services.add_note(registration_id=follow_up.registration_id, text="More.", user=organizer)

    assert (queries_of(client, list_url), queries_of(client, page_url)) == small


def test_a_note_added_in_the_admin_is_cleaned_and_signed_by_its_writer(client, dinner, organizer):
    registration = RegistrationFactory(event=dinner)
    client.force_login(organizer)

    response = client.post(reverse("admin:followup_followup_add"), {
        "registration": registration.pk, "stage": Stage.CONTACTED, "company": "", "owner": organizer.pk,
        "notes-TOTAL_FORMS": 1, "notes-INITIAL_FORMS": 0, "notes-0-text": "Call\u200b back\u202e in May"})

    assert response.status_code == 302, response.content.decode()[:3000]
    follow_up = FollowUp.objects.get(registration=registration)
    assert follow_up.stage_changed_at is not None
    assert list(follow_up.notes.values_list("text", "author")) == [("Call back in May", organizer.pk)]


def test_an_invisible_note_in_the_admin_is_refused_next_to_the_field(client, dinner, organizer):
    registration = RegistrationFactory(event=dinner)
    client.force_login(organizer)

    response = client.post(reverse("admin:followup_followup_add"), {
        "registration": registration.pk, "stage": Stage.MET, "company": "", "owner": "",
        "notes-TOTAL_FORMS": 1, "notes-INITIAL_FORMS": 0, "notes-0-text": "\u200b\u200b"})

    assert response.status_code == 200
    assert "The note is empty." in response.content.decode()
    assert not FollowUp.objects.exists()


def test_a_registration_of_another_event_cannot_be_chosen(client, dinner, organizer):
    stranger = RegistrationFactory()
    client.force_login(organizer)

    response = client.post(reverse("admin:followup_followup_add"), {
        "registration": stranger.pk, "stage": Stage.MET, "company": "", "owner": "",
        "notes-TOTAL_FORMS": 0, "notes-INITIAL_FORMS": 0})

    assert response.status_code == 200
    assert not FollowUp.objects.exists()


def test_the_owner_is_chosen_among_the_accounts_of_ones_events(client, dinner, organizer, recruiter,
                                                                django_user_model):
    django_user_model.objects.create_user("stranger", password="x", is_staff=True)
    client.force_login(organizer)

    form = client.get(reverse("admin:followup_followup_add")).context["adminform"].form

    assert set(form.fields["owner"].queryset.values_list("username", flat=True)) == {"organizer", "recruiter"}
