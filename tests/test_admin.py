"""The organizer admin: every page answers for staff, nobody else gets in, actions call services."""
import csv
import re
import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from attendees.enums import RegistrationStatus
from tests.factories import (
    CompanyInterestFactory, EmailTemplateFactory, EventFactory, EventHostFactory, HostExpertiseFactory,
    InvitationFactory, OutboundEmailFactory, RegistrationFactory, RegistrationRequestFactory, ResearchInterestFactory,
    RoundFactory, SeatFactory, SeatingRunFactory, SeatingSettingsFactory, SurveyResponseFactory, TableFactory,
    TableThemeFactory,
)

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("events", "attendees", "tables")


@pytest.fixture
def populated():
    """At least one row of every project model, so each change page has an object to show."""
    event = EventFactory(offerings=True)
    registration = RegistrationFactory(event=event)
    CompanyInterestFactory(registration=registration, company=event.companies.first())
    ResearchInterestFactory(registration=registration, research_area=event.research_areas.first())
    HostExpertiseFactory()
    InvitationFactory(event=event)
    round_ = RoundFactory(event=event)
    table = TableFactory(event=event)
    TableThemeFactory(round=round_, table=table, company=event.companies.first())
    SeatFactory(round=round_, table=table, registration=registration)
    SeatFactory(round=round_, table=table, registration=None, event_host=EventHostFactory(event=event))
    EmailTemplateFactory(event=event)
    OutboundEmailFactory(registration=registration)
    RegistrationRequestFactory(event=event)
    SeatingSettingsFactory(event=event)
    SeatingRunFactory(event=event)
    SurveyResponseFactory(registration=registration)
    return event


def registered_project_models():
    return [m for m in admin.site._registry if m._meta.app_label in PROJECT_APPS]


def test_every_project_model_is_in_the_admin_as_a_page_or_an_inline():
    models = {m for app in PROJECT_APPS for m in apps.get_app_config(app).get_models()}
    inlined = {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}

    assert models - set(registered_project_models()) - inlined == set()


@pytest.mark.parametrize("model", registered_project_models(), ids=lambda m: m._meta.label)
def test_admin_changelist_add_and_change_pages_answer_for_staff(admin_client, populated, model):
    opts = model._meta
    obj = model.objects.first()

    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    change = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))

    # Some records are only ever written by services (e.g. outgoing emails): their admin refuses adding.
    can_add = admin.site._registry[model].has_add_permission(changelist.wsgi_request)
    assert (changelist.status_code, add.status_code, change.status_code) == (200, 200 if can_add else 403, 200)


def test_admin_search_finds_registration_by_hangul_name(admin_client, populated):
    registration = RegistrationFactory(event=populated, researcher__native_name="김서연")

    response = admin_client.get(reverse("admin:attendees_registration_changelist"), {"q": "서연"})

    assert list(response.context["cl"].result_list) == [registration]


@pytest.mark.parametrize("filter_name", ["company", "research"])
def test_admin_registration_filters_by_interest(admin_client, populated, filter_name):
    wanted = RegistrationFactory(event=populated)
    RegistrationFactory(event=populated)
    if filter_name == "company":
        target = populated.companies.last()
        CompanyInterestFactory(registration=wanted, company=target, rank=2)
    else:
        target = populated.research_areas.last()
        ResearchInterestFactory(registration=wanted, research_area=target, rank=3)

    response = admin_client.get(reverse("admin:attendees_registration_changelist"), {filter_name: target.pk})

    assert list(response.context["cl"].result_list) == [wanted]


def test_admin_non_staff_user_is_turned_away(client, django_user_model):
    user = django_user_model.objects.create_user("guest", password="pw-for-test-only")
    client.force_login(user)

    response = client.get(reverse("admin:attendees_registration_changelist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_admin_anonymous_user_is_turned_away(client):
    response = client.get(reverse("admin:events_event_registrations_csv", args=[1]))

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("action", "expected"),
    [("mark_confirmed", RegistrationStatus.CONFIRMED), ("mark_waitlisted", RegistrationStatus.WAITLISTED),
     ("mark_declined", RegistrationStatus.DECLINED)],
)
def test_admin_bulk_status_actions(admin_client, event, action, expected):
    registrations = RegistrationFactory.create_batch(3, event=event, status=RegistrationStatus.APPLIED)

    response = admin_client.post(reverse("admin:attendees_registration_changelist"), {
        "action": action, "_selected_action": [r.pk for r in registrations[:2]]}, follow=True)

    assert response.status_code == 200
    assert [r.status for r in (r.__class__.objects.get(pk=r.pk) for r in registrations)] == [
        expected, expected, RegistrationStatus.APPLIED]


def test_admin_confirm_action_refuses_past_capacity(admin_client, event):
    event.researcher_capacity = 1
    event.save()
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    response = admin_client.post(reverse("admin:attendees_registration_changelist"), {
        "action": "mark_confirmed", "_selected_action": [waiting.pk]}, follow=True)

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert "the event is full" in response.content.decode()


def test_admin_registrations_csv_export(admin_client, event):
    registration = RegistrationFactory(event=event, researcher__native_name="김민준")
    companies = list(event.companies.order_by("pk"))
    CompanyInterestFactory(registration=registration, company=companies[1], rank=1)
    CompanyInterestFactory(registration=registration, company=companies[0], rank=2)
    RegistrationFactory(event=EventFactory())  # another event's, not exported

    response = admin_client.get(reverse("admin:events_event_registrations_csv", args=[event.pk]))

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert len(rows) == 1
    assert rows[0]["email"] == registration.researcher.email
    assert rows[0]["native_name"] == "김민준"
    assert rows[0]["company_interests"] == f"{companies[1].name} > {companies[0].name}"


@pytest.mark.parametrize("count", [1, 3])
def test_admin_registration_changelist_query_count_does_not_grow(admin_client, event, count, django_assert_num_queries):
    for registration in RegistrationFactory.create_batch(count, event=event):
        CompanyInterestFactory(registration=registration, company=event.companies.first())

    with django_assert_num_queries(8):
        admin_client.get(reverse("admin:attendees_registration_changelist"))


def test_admin_event_times_are_entered_in_the_event_time_zone(admin_client, event):
    data = {
        "name": event.name, "slug": event.slug, "status": event.status, "conference": event.conference,
        "city": event.city, "time_zone": "America/Vancouver",
        "starts_at_0": "2027-06-16", "starts_at_1": "18:30:00", "ends_at_0": "2027-06-16", "ends_at_1": "21:30:00",
        "registration_opens_at_0": "2026-11-01", "registration_opens_at_1": "09:00:00",
        "registration_closes_at_0": "2027-06-09", "registration_closes_at_1": "23:59:00",
        "researcher_capacity": 112, "max_company_choices": 3, "max_research_choices": 3,
        "companies": [c.pk for c in event.companies.all()],
        "research_areas": [a.pk for a in event.research_areas.all()],
    }
    for prefix in ("tables", "rounds", "event_hosts"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})

    response = admin_client.post(reverse("admin:events_event_change", args=[event.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.starts_at.isoformat() == "2027-06-17T01:30:00+00:00"  # 18:30 PDT
    change_page = admin_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert 'name="starts_at_1" value="18:30:00"' in change_page, re.findall(r'name="starts_at_1"[^>]*', change_page)


def test_admin_registration_status_changes_only_through_actions(admin_client, event):
    event.researcher_capacity = 1
    event.save()
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)

    page = admin_client.get(reverse("admin:attendees_registration_change", args=[waiting.pk])).content.decode()
    add = admin_client.get(reverse("admin:attendees_registration_add"))

    assert 'name="status"' not in page
    assert add.status_code == 403
