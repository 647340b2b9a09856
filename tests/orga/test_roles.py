"""What each role may open, at its own event (the other event's side is tests/test_url_permissions.py)."""
import pytest
from django.urls import reverse

from attendees.enums import RegistrationStatus
from attendees.models import Registration
from tests.accounts import staff_account
from tests.factories import RegistrationFactory
from tests.tables.conftest import make_event, theme_and_seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def dinner(db):
    return theme_and_seat(make_event(researchers=6, tables=2, hosts_per_company=(2, 2)))


@pytest.fixture
def guest(dinner):
    return RegistrationFactory(event=dinner, status=RegistrationStatus.APPLIED, researcher__last_name="Guestly")


def pages(event, registration):
    round_1 = event.rounds.get(number=1)
    return {
        "admin": reverse("admin:index"),
        "registrations": reverse("admin:attendees_registration_changelist"),
        "registration": reverse("admin:attendees_registration_change", args=[registration.pk]),
        "registrations csv": reverse("admin:events_event_registrations_csv", args=[event.pk]),
        "export": reverse("admin:attendees_registration_export"),
        "board": reverse("admin:tables_round_board", args=[round_1.pk]),
        "seating csv": reverse("admin:tables_round_export", args=[round_1.pk]),
        "door": reverse("checkin:event", kwargs={"slug": event.slug}),
    }


def statuses(client, urls):
    return {name: client.get(url).status_code for name, url in urls.items()}


def test_organizer_opens_everything_of_their_event(client, django_user_model, dinner, guest):
    client.force_login(staff_account(django_user_model, "organizer", "Organizer", dinner, is_staff=True))

    assert set(statuses(client, pages(dinner, guest)).values()) == {200}


def test_organizer_changes_status_through_the_admin_action(client, django_user_model, dinner, guest):
    client.force_login(staff_account(django_user_model, "organizer", "Organizer", dinner, is_staff=True))

    client.post(reverse("admin:attendees_registration_changelist"),
                {"action": "mark_confirmed", "_selected_action": [guest.pk]})

    assert Registration.objects.get(pk=guest.pk).status == RegistrationStatus.CONFIRMED


def test_door_staff_open_only_the_door(client, django_user_model, dinner, guest):
    client.force_login(staff_account(django_user_model, "door", "Door staff", dinner))

    opened = statuses(client, pages(dinner, guest))

    assert opened.pop("door") == 200
    assert {name: code for name, code in opened.items() if code == 200} == {}
    assert client.get(reverse("admin:index")).url.startswith(reverse("admin:login"))  # no admin account


def test_recruiter_reads_registrations_and_profiles_but_changes_exports_and_seats_nothing(
        client, django_user_model, dinner, guest):
    client.force_login(staff_account(django_user_model, "recruiter", "Recruiter", dinner, is_staff=True))

    opened = statuses(client, pages(dinner, guest))
    change = client.post(reverse("admin:attendees_registration_change", args=[guest.pk]),
                         {"status": RegistrationStatus.CONFIRMED})

    assert {name: code for name, code in opened.items() if code == 200} == {
        "admin": 200, "registrations": 200, "registration": 200}
    assert change.status_code == 403
    assert "Guestly" in client.get(reverse("admin:attendees_registration_changelist")).content.decode()


def test_staff_account_without_a_role_sees_no_ones_data(client, django_user_model, dinner, guest):
    user = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    dinner.staff.add(user)
    client.force_login(user)

    opened = statuses(client, pages(dinner, guest))

    assert {name: code for name, code in opened.items() if code == 200} == {"admin": 200}


def test_an_account_that_may_only_view_events_cannot_download_registrations(client, django_user_model, dinner, guest):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_event"))
    dinner.staff.add(user)
    client.force_login(user)

    assert client.get(reverse("admin:events_event_registrations_csv", args=[dinner.pk])).status_code == 403


def test_a_new_event_is_staffed_by_the_organizer_who_created_it(client, django_user_model, dinner):
    organizer = staff_account(django_user_model, "organizer", "Organizer", dinner, is_staff=True)
    client.force_login(organizer)
    form = {
        "name": "Mixer", "slug": "mixer", "status": "draft", "conference": "NeurIPS 2027", "city": "Seoul",
        "time_zone": "Asia/Seoul", "starts_at_0": "2027-12-01", "starts_at_1": "18:00", "ends_at_0": "2027-12-01",
        "ends_at_1": "21:00", "registration_opens_at_0": "2027-10-01", "registration_opens_at_1": "09:00",
        "registration_closes_at_0": "2027-11-20", "registration_closes_at_1": "18:00", "researcher_capacity": 50,
        "max_company_choices": 3, "max_research_choices": 3,
        **{f"{prefix}-{field}": value for prefix in ("tables", "rounds", "event_hosts")
           for field, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))},
    }

    response = client.post(reverse("admin:events_event_add"), form)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(organizer.staffed_events.order_by("slug").values_list("slug", flat=True)) == [dinner.slug, "mixer"]
