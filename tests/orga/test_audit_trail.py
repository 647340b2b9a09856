"""The audit trail: who published a round, confirmed a registration, moved a seat, edited a template.

Each change is made the way an organizer makes it (the board's POSTs, the admin's action and form);
the object's History page in the admin then names them. Recruiters and door staff see no history,
and nobody but a superuser sees auditlog's list of every entry.
"""
import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from attendees.enums import RegistrationStatus
from attendees.models import Registration
from tables.models import Seat
from tests.accounts import staff_account
from tests.factories import EmailTemplateFactory, RegistrationFactory
from tests.tables.conftest import make_event, theme_and_seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def seated_event(db):
    return theme_and_seat(make_event())


@pytest.fixture
def organizer(django_user_model, seated_event):
    return staff_account(django_user_model, "olivia", "Organizer", seated_event, is_staff=True)


def history_of(client, obj):
    meta = obj._meta
    return client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk]))


def test_the_history_of_a_round_names_the_organizer_who_published_it(client, organizer, seated_event):
    round_1 = seated_event.rounds.get(number=1)
    client.force_login(organizer)

    client.post(reverse("admin:tables_round_board_publish", args=[round_1.pk]))
    response = history_of(client, round_1)

    (entry,) = LogEntry.objects.get_for_object(round_1).filter(action=LogEntry.Action.UPDATE)
    assert entry.actor == organizer
    assert list(entry.changes_dict) == ["published_at"]
    assert entry.changes_dict["published_at"][0] == "None"
    assert response.status_code == 200
    page = response.content.decode()
    assert "olivia" in page
    assert "published at" in page.lower()


def test_the_history_of_a_registration_names_who_confirmed_it(client, organizer, seated_event):
    registration = RegistrationFactory(event=seated_event, status=RegistrationStatus.APPLIED)
    client.force_login(organizer)

    client.post(reverse("admin:attendees_registration_changelist"),
                {"action": "mark_confirmed", "_selected_action": [registration.pk]})
    response = history_of(client, registration)

    entry = LogEntry.objects.get_for_object(registration).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == organizer
    assert entry.changes_dict["status"] == ["applied", "confirmed"]
    assert response.status_code == 200
    assert "olivia" in response.content.decode()


def test_the_history_of_a_seat_names_who_moved_it_on_the_board(client, organizer, seated_event):
    seat = (Seat.objects.filter(round__event=seated_event, round__number=2, registration__isnull=False)
            .select_related("table").order_by("pk").first())
    target = seated_event.tables.exclude(pk=seat.table_id).order_by("number").first()
    client.force_login(organizer)

    moved = client.post(reverse("admin:tables_round_board_move", args=[seat.round_id]),
                        {"seat": seat.pk, "version": seat.version, "to_table": target.pk},
                        HTTP_ACCEPT="application/json")
    response = history_of(client, seat)

    assert moved.json()["ok"] is True
    entry = LogEntry.objects.get_for_object(seat).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == organizer
    assert entry.changes_dict["table"] == [str(seat.table), str(target)]
    assert response.status_code == 200
    assert "olivia" in response.content.decode()


def test_the_history_of_an_email_template_names_who_edited_it(client, organizer, seated_event):
    template = EmailTemplateFactory(event=seated_event, subject="Confirmed", body="Hello {{ first_name }}.")
    client.force_login(organizer)

    saved = client.post(reverse("admin:attendees_emailtemplate_change", args=[template.pk]), {
        "event": seated_event.pk, "kind": template.kind, "language": "en", "subject": "Confirmed",
        "body": "Dear {{ first_name }}, see you soon."})
    response = history_of(client, template)

    assert saved.status_code == 302
    entry = LogEntry.objects.get_for_object(template).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == organizer
    assert entry.changes_dict["body"] == ["Hello {{ first_name }}.", "Dear {{ first_name }}, see you soon."]
    assert "olivia" in response.content.decode()


def test_dinner_needs_are_logged_as_changed_without_their_text(client, organizer, seated_event):
    registration = RegistrationFactory(event=seated_event, dietary_needs="no shellfish, severe allergy")
    client.force_login(organizer)

    client.post(reverse("admin:attendees_registration_change", args=[registration.pk]), {
        "is_returning": "", "language": "en", "dietary_needs": "halal only", "accessibility_needs": "",
        "checked_in_at_0": "", "checked_in_at_1": "",
        **inline_management("company_interests"), **inline_management("research_interests")})
    response = history_of(client, registration)

    registration.refresh_from_db()
    assert registration.dietary_needs == "halal only"
    entry = LogEntry.objects.get_for_object(registration).get(action=LogEntry.Action.UPDATE)
    assert entry.changes_dict["dietary_needs"] == ["(hidden)", "(hidden)"]
    assert entry.actor == organizer
    texts = [str(e.changes) for e in LogEntry.objects.get_for_object(registration)] + [response.content.decode()]
    assert [t for t in texts if "shellfish" in t or "halal" in t] == []


def inline_management(prefix):
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000"}


def test_the_personal_link_token_is_never_in_the_log(seated_event):
    registration = Registration.objects.filter(event=seated_event).first()

    registration.token = "a-new-token-that-is-a-key"
    registration.save()

    assert not LogEntry.objects.filter(changes__icontains="a-new-token-that-is-a-key").exists()


@pytest.mark.parametrize("role", ["Recruiter", "Door staff"])
def test_recruiters_and_door_staff_do_not_see_who_did_what(client, django_user_model, organizer, seated_event, role):
    registration = Registration.objects.filter(event=seated_event).first()
    round_1 = seated_event.rounds.get(number=1)
    client.force_login(organizer)
    client.post(reverse("admin:tables_round_board_publish", args=[round_1.pk]))
    client.force_login(staff_account(django_user_model, "someone", role, seated_event, is_staff=role == "Recruiter"))

    pages = [history_of(client, registration), history_of(client, round_1),
             client.get(reverse("admin:auditlog_logentry_changelist"))]

    assert [p.status_code for p in pages] == ([403, 403, 403] if role == "Recruiter" else [302, 302, 302])
    assert ["olivia" in p.content.decode() for p in pages] == [False, False, False]


def test_only_superusers_see_the_list_of_every_entry(client, django_user_model, organizer):
    client.force_login(organizer)
    refused = client.get(reverse("admin:auditlog_logentry_changelist"))
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "pw"))
    shown = client.get(reverse("admin:auditlog_logentry_changelist"))

    assert (refused.status_code, shown.status_code) == (403, 200)


def test_an_organizer_of_another_event_sees_no_history_of_this_one(client, django_user_model, organizer, seated_event):
    round_1 = seated_event.rounds.get(number=1)
    client.force_login(organizer)
    client.post(reverse("admin:tables_round_board_publish", args=[round_1.pk]))
    elsewhere = make_event(researchers=2, tables=1, hosts_per_company=(1, 1))
    client.force_login(staff_account(django_user_model, "oscar", "Organizer", elsewhere, is_staff=True))

    response = history_of(client, round_1)

    assert response.status_code == 302  # "does not exist" (not theirs): back to the admin index
    assert "olivia" not in response.content.decode()
