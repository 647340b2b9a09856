"""Clone an event for next year: what the evening is made of comes along, nobody's personal data does.

The source is a dinner that happened: seated, published, emailed, checked in, with invitations,
requests and a seating run. Every model of the project is named below as copied, left behind
or shared, so a model added later fails here until someone decides what a clone does with it.
"""
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.db import connection
from django.urls import reverse

from attendees.models import (
    CompanyInterest, EmailTemplate, EventHost, Host, HostExpertise, Invitation, OutboundEmail, Registration,
    RegistrationRequest, ResearchInterest, Researcher, SurveyResponse,
)
from events.access import events_of
from events.enums import EventStatus
from events.models import Company, Event, ResearchArea
from followup.models import FollowUp, HostNote
from followup.services import add_note
from orga.next_year import NextYearError, clone_event
from tables.models import Round, Seat, SeatingRun, SeatingSettings, Table, TableTheme
from tests.accounts import staff_account
from tests.factories import (
    EmailTemplateFactory, InvitationFactory, OutboundEmailFactory, RegistrationRequestFactory, SeatingRunFactory,
    SurveyResponseFactory,
)
from tests.inline_code import blocked_by, inline_code, parse_policy
from tests.races import run_at_once
from tests.tables.conftest import make_event, theme_and_seat

pytestmark = pytest.mark.django_db

DENVER = ZoneInfo("America/Denver")
NEW_START = datetime(2027, 6, 16, 18, 30, tzinfo=DENVER)

# What each model's rows look like without their ids and event: equal in the source and the clone.
COPIED = {
    Table: ("event", lambda t: (t.number, t.name, t.capacity)),
    Round: ("event", lambda r: (r.number, r.basis)),
    TableTheme: ("round__event", lambda t: (t.round.number, t.table.number, t.company_id, t.research_area_id)),
    EmailTemplate: ("event", lambda t: (t.kind, t.language, t.subject, t.body)),
    SeatingSettings: ("event", lambda s: (s.first_choice_points, s.second_choice_points, s.third_choice_points,
                                          s.repeat_pair_penalty, s.same_lab_penalty, s.host_seats_min,
                                          s.host_seats_max)),
    EventHost: ("event", lambda h: h.host_id),
}
# People's rows and what happened at the dinner: none of them points to the clone.
LEFT_BEHIND = {
    Registration: "event", CompanyInterest: "registration__event", ResearchInterest: "registration__event",
    RegistrationRequest: "event", Invitation: "event", OutboundEmail: "event", Seat: "round__event",
    SeatingRun: "event", FollowUp: "registration__event", HostNote: "follow_up__registration__event",
    SurveyResponse: "registration__event",
}
# Rows of no event: the clone points to the same ones and adds none (but the event itself).
SHARED = {Event, Company, ResearchArea, Researcher, Host, HostExpertise}


@pytest.fixture
def dinner(db):
    """Last year's dinner, after the evening: seated, published, checked in, emailed."""
    event = theme_and_seat(make_event(researchers=8, tables=3, hosts_per_company=(4, 2)))
    event.invite_only, event.description, event.contact_email = True, "Our yearly dinner.", "talent@lg.example"
    event.details_lock_at = event.starts_at - timedelta(days=3)
    event.save()
    start = event.starts_at
    Round.objects.filter(event=event, number=1).update(starts_at=start + timedelta(minutes=15), published_at=start)
    Registration.objects.filter(event=event).update(checked_in_at=start, dietary_needs="no nuts")
    EventHost.objects.filter(event=event).update(checked_in_at=start)
    EmailTemplateFactory(event=event, kind="confirmed", language="en")
    EmailTemplateFactory(event=event, kind="invitation", language="ko", subject="초대", body="{{ first_name }}님")
    SeatingSettings.objects.create(event=event, repeat_pair_penalty=5, host_seats_min=1, host_seats_max=2)
    InvitationFactory(event=event)
    RegistrationRequestFactory(event=event)
    OutboundEmailFactory(registration=event.registrations.first())
    SeatingRunFactory(event=event)
    add_note(registration_id=event.registrations.first().pk, text="Keen on a summer internship.")
    SurveyResponseFactory(registration=event.registrations.first(), comments="Loved table 2.")
    return event


@pytest.fixture
def organizer(django_user_model, dinner):
    return staff_account(django_user_model, "olivia", "Organizer", dinner, is_staff=True)


def clone(source, **overrides):
    given = dict(source=source, name="Dinner at CVPR 2027", starts_at=NEW_START,
                 ends_at=NEW_START + timedelta(hours=3), conference="CVPR 2027", city="Denver",
                 time_zone="America/Denver")
    return clone_event(**{**given, **overrides})


def rows(model, lookup, event):
    return model._default_manager.filter(**{lookup: event})


def test_every_model_is_named_copied_left_behind_or_shared():
    root = Path(settings.BASE_DIR)
    project = {model for config in apps.get_app_configs() if Path(config.path).parent == root
               for model in config.get_models()}

    assert project == set(COPIED) | set(LEFT_BEHIND) | SHARED


def test_the_clone_has_what_the_evening_is_made_of(dinner):
    new = clone(dinner)

    for model, (lookup, shape) in COPIED.items():
        source_rows = sorted(map(shape, rows(model, lookup, dinner)), key=repr)
        assert source_rows, model  # the dinner has some, so an empty clone would fail
        assert sorted(map(shape, rows(model, lookup, new)), key=repr) == source_rows, model
    assert set(new.companies.all()) == set(dinner.companies.all())
    assert set(new.research_areas.all()) == set(dinner.research_areas.all())
    assert (new.invite_only, new.description, new.contact_email, new.researcher_capacity, new.venue) == (
        dinner.invite_only, dinner.description, dinner.contact_email, dinner.researcher_capacity, dinner.venue)


def test_the_clone_is_a_draft_at_its_own_time_and_the_dates_move_with_the_start(dinner):
    new = clone(dinner)
    shift = NEW_START - dinner.starts_at

    assert (new.name, new.status, new.conference, new.city, new.time_zone) == (
        "Dinner at CVPR 2027", EventStatus.DRAFT, "CVPR 2027", "Denver", "America/Denver")
    assert (new.starts_at, new.ends_at) == (NEW_START, NEW_START + timedelta(hours=3))
    assert (new.registration_opens_at, new.registration_closes_at, new.details_lock_at) == (
        dinner.registration_opens_at + shift, dinner.registration_closes_at + shift, dinner.details_lock_at + shift)
    assert new.rounds.get(number=1).starts_at == NEW_START + timedelta(minutes=15)
    assert list(new.rounds.values_list("published_at", flat=True)) == [None, None]


def test_the_clone_holds_nobody_and_nothing_of_the_evening(dinner):
    shared_before = {model: model._default_manager.count() for model in SHARED}

    new = clone(dinner)

    for model, lookup in LEFT_BEHIND.items():
        assert rows(model, lookup, dinner).exists(), model
        assert not rows(model, lookup, new).exists(), model
    assert {model: model._default_manager.count() for model in SHARED} == {
        **shared_before, Event: shared_before[Event] + 1}
    assert set(new.event_hosts.values_list("checked_in_at", flat=True)) == {None}


def test_hosts_and_staff_come_along_only_when_asked(dinner, organizer, django_user_model):
    recruiter = staff_account(django_user_model, "rita", "Recruiter", dinner, is_staff=True)

    alike = clone(dinner, by=organizer)
    alone = clone(dinner, with_hosts=False, with_staff=False, by=organizer)

    assert set(alike.staff.all()) == {organizer, recruiter}
    assert (list(alone.staff.all()), alone.event_hosts.count()) == ([organizer], 0)


def test_the_address_is_made_from_the_name_and_kept_unique(dinner):
    first, second = clone(dinner), clone(dinner)
    korean = clone(dinner, name="엘지 디너")  # nothing of it in ASCII: the source's address, numbered

    assert (first.slug, second.slug) == ("dinner-at-cvpr-2027", "dinner-at-cvpr-2027-2")
    assert korean.slug == f"{dinner.slug}-2"


def test_a_dinner_that_ends_before_it_starts_is_refused_and_nothing_is_made(dinner):
    with pytest.raises(NextYearError):
        clone(dinner, ends_at=NEW_START - timedelta(hours=1))

    assert Event.objects.count() == 1


def test_the_audit_trail_says_who_cloned_what(dinner, organizer):
    new = clone(dinner, by=organizer)

    entry = LogEntry.objects.get_for_object(new).get(action=LogEntry.Action.CREATE)
    assert (entry.actor, entry.additional_data["source_event_id"]) == (organizer, dinner.pk)
    assert entry.changes_dict["cloned from"][1] == str(dinner)


# The organizer's page.

def clone_url(event):
    return reverse("admin:events_event_clone", args=[event.pk])


def form(**overrides):
    return {"name": "Dinner at CVPR 2027", "name_ko": "", "conference": "CVPR 2027", "city": "Denver",
            "time_zone": "America/Denver", "starts_at_0": "2027-06-16", "starts_at_1": "18:30",
            "ends_at_0": "2027-06-16", "ends_at_1": "21:30", "with_hosts": "on", "with_staff": "on", **overrides}


def test_the_organizer_clones_from_the_events_page(client, dinner, organizer):
    client.force_login(organizer)
    dinner.name, dinner.conference = "Dinner at CVPR 2026", "CVPR 2026"
    dinner.save()

    page = client.get(reverse("admin:events_event_change", args=[dinner.pk])).content.decode()
    blank = client.get(clone_url(dinner)).content.decode()
    response = client.post(clone_url(dinner), form())

    new = Event.objects.exclude(pk=dinner.pk).get()
    assert clone_url(dinner) in page
    assert 'value="Dinner at CVPR 2027"' in blank and 'value="CVPR 2027"' in blank  # next year's guess
    assert response.status_code == 302 and response["Location"] == reverse("admin:events_event_change", args=[new.pk])
    assert (new.starts_at, new.ends_at) == (NEW_START, NEW_START + timedelta(hours=3))  # the venue's clocks
    assert new in events_of(organizer)
    history = AdminLogEntry.objects.get(object_id=str(new.pk))
    assert str(dinner) in history.get_change_message()


def test_a_mistake_in_the_form_is_shown_and_nothing_is_made(client, dinner, organizer):
    client.force_login(organizer)

    response = client.post(clone_url(dinner), form(ends_at_1="17:00", starts_at_0="not a date"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a valid date." in page
    assert Event.objects.count() == 1


def test_an_end_before_the_start_is_shown_next_to_the_field(client, dinner, organizer):
    client.force_login(organizer)

    response = client.post(clone_url(dinner), form(ends_at_1="17:00"))

    assert "The event must end after it starts." in response.content.decode()
    assert Event.objects.count() == 1


def test_only_an_organizer_of_the_source_event_clones_it(client, dinner, django_user_model):
    other = make_event(researchers=0, tables=1, hosts_per_company=(1,))
    accounts = {
        "recruiter of the dinner": staff_account(django_user_model, "rita", "Recruiter", dinner, is_staff=True),
        "organizer of another event": staff_account(django_user_model, "oscar", "Organizer", other, is_staff=True),
        "door staff of the dinner": staff_account(django_user_model, "dora", "Door staff", dinner),
    }

    answers = {}
    for who, account in accounts.items():
        client.force_login(account)
        answers[who] = (client.get(clone_url(dinner)).status_code, client.post(clone_url(dinner), form()).status_code)
    client.force_login(accounts["recruiter of the dinner"])
    recruiters_page = client.get(reverse("admin:events_event_change", args=[dinner.pk])).content.decode()

    assert answers == {"recruiter of the dinner": (403, 403), "organizer of another event": (404, 404),
                       "door staff of the dinner": (302, 302)}  # to the admin's login: no admin account
    assert clone_url(dinner) not in recruiters_page
    assert Event.objects.count() == 2


def test_the_pages_hold_no_inline_code(client, dinner, organizer):
    client.force_login(organizer)
    pages = [client.get(clone_url(dinner)), client.post(clone_url(dinner), form(ends_at_1="17:00")),
             client.get(reverse("admin:events_event_invite_returning", args=[dinner.pk]))]

    for response in pages:
        assert response.status_code == 200
        assert blocked_by(parse_policy(response["Content-Security-Policy"]),
                          inline_code(response.content.decode())) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serializes writers; the race needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_clones_of_one_name_at_once_get_two_addresses():
    dinner = make_event(researchers=0, tables=2, hosts_per_company=(2,))

    errors = run_at_once([lambda: clone(dinner) for _ in range(3)])

    assert errors == []
    assert sorted(Event.objects.exclude(pk=dinner.pk).values_list("slug", flat=True)) == [
        "dinner-at-cvpr-2027", "dinner-at-cvpr-2027-2", "dinner-at-cvpr-2027-3"]
