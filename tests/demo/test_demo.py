from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from attendees.enums import RegistrationStatus
from attendees.models import (
    CompanyInterest, EventHost, Host, OutboundEmail, Registration, Researcher, SurveyResponse,
)
from events.models import Company, Event, ResearchArea
from followup.figures import earlier_follow_ups, event_funnel
from followup.models import FollowUp, HostNote
from tables.models import Round, Seat, Table, TableTheme
from tables.services import suggest_themes
from portal.mail import announce_forgotten_rounds
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def snapshot():
    models = [Company, ResearchArea, Event, Researcher, Registration, CompanyInterest, Host, EventHost, Table,
              SurveyResponse, FollowUp, HostNote]
    return {m.__name__: sorted(m.objects.values_list("pk", flat=True)) for m in models}


def test_seed_demo_creates_the_cvpr_dinner():
    call_command("seed_demo")

    event = Event.objects.get(slug="lg-ai-dinner-cvpr-2027")
    registrations = event.registrations.all()
    assert event.city == "Vancouver"
    assert event.companies.count() == 5
    assert event.research_areas.count() == 14
    assert event.tables.count() == 14
    assert {t.capacity for t in event.tables.all()} == {8}
    assert 30 <= event.event_hosts.count() <= 40
    assert registrations.count() == 100
    assert registrations.filter(is_returning=True).count() == 20
    assert registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 96


def test_seed_demo_interest_is_skewed_towards_one_company():
    call_command("seed_demo")

    firsts = CompanyInterest.objects.filter(rank=1, registration__event__slug="lg-ai-dinner-cvpr-2027")
    counts = sorted((firsts.filter(company=c).count() for c in Company.objects.all()), reverse=True)
    assert counts[0] >= 2 * counts[1]


def test_seed_demo_some_labs_send_several_people():
    call_command("seed_demo")

    labs = Researcher.objects.exclude(lab="").values_list("lab", flat=True)
    assert max(list(labs).count(lab) for lab in set(labs)) >= 5


def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo")
    before = snapshot()

    call_command("seed_demo")

    assert snapshot() == before


def test_last_years_dinner_is_seated_and_published_like_a_past_event():
    call_command("seed_demo")

    last_year = Event.objects.get(slug="lg-ai-dinner-cvpr-2026")
    rounds = list(last_year.rounds.order_by("number"))
    guests = last_year.registrations.filter(status=RegistrationStatus.CONFIRMED)
    assert guests.count() == 20
    assert [r.published_at is not None and r.published_at < last_year.starts_at for r in rounds] == [True, True]
    for round_ in rounds:
        assert guests.exclude(seats__round=round_).count() == 0  # no "20 people have no seat"
        assert Seat.objects.filter(round=round_, event_host__isnull=False).count() == last_year.event_hosts.count()
    # The board's suggestion gives tables only to companies that bring hosts (no "× 6 (0 hosts)").
    assert all(share.hosts > 0 for share in suggest_themes(round=rounds[0]).shares)
    themed = TableTheme.objects.filter(round=rounds[0]).values_list("company_id", flat=True)
    hosted = set(last_year.event_hosts.values_list("host__company_id", flat=True))
    assert set(themed) <= hosted
    # Publishing it sent nothing: its emails went out last year, and the worker owes none either.
    assert not OutboundEmail.objects.filter(event=last_year).exists()
    assert announce_forgotten_rounds() == []


def test_last_years_guests_answered_the_survey_and_were_followed_up(admin_client):
    call_command("seed_demo")

    last_year = Event.objects.get(slug="lg-ai-dinner-cvpr-2026")
    answers = SurveyResponse.objects.filter(registration__event=last_year)
    assert answers.count() == 16  # of 20 guests
    assert answers.filter(round_1_rating__isnull=False, round_2_rating__isnull=False).count() == 16
    funnel = event_funnel(last_year)
    assert (funnel.came, funnel.followed, funnel.hired, funnel.not_pursued) == (20, 17, 2, 3)
    assert [count for _stage, _now, count in funnel.reached] == [14, 10, 6, 3, 2]
    # Each follow-up begins with a note by a host of the guest's round-1 table, during the dinner.
    for follow_up in FollowUp.objects.filter(registration__event=last_year):
        first = follow_up.notes.order_by("created_at").first()
        table = Seat.objects.get(round__event=last_year, round__number=1, registration=follow_up.registration).table
        assert Seat.objects.filter(round__number=1, table=table, event_host=first.event_host).exists()
        assert last_year.starts_at < first.created_at < last_year.ends_at
    # This year, the returning researchers show how far last year went; this year has no follow-up yet.
    this_year = Event.objects.get(slug="lg-ai-dinner-cvpr-2027")
    assert len(earlier_follow_ups(this_year.registrations.select_related("event"))) == 17
    assert not FollowUp.objects.filter(registration__event=this_year).exists()
    # Last year's home shows the answers per table.
    page = admin_client.get(reverse("admin:events_event_home", args=[last_year.pk])).content.decode()
    assert "16 researchers answered the survey." in page
    assert page.count('<table class="home-feedback-table"') == 2


def test_seed_demo_prints_where_the_seating_board_is():
    out = StringIO()
    call_command("seed_demo", address="127.0.0.1:8123", stdout=out)

    event = Event.objects.get(slug="lg-ai-dinner-cvpr-2027")
    for round_ in event.rounds.all():
        board = reverse("admin:tables_round_board", args=[round_.pk])
        assert f"Seating board, round {round_.number}: http://127.0.0.1:8123{board}" in out.getvalue()
    last_year = Event.objects.get(slug="lg-ai-dinner-cvpr-2026")
    assert f"http://127.0.0.1:8123{reverse('admin:events_event_home', args=[last_year.pk])}" in out.getvalue()


def test_seed_demo_fresh_takes_the_demo_back_to_its_seeded_state(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    seeded = shape()
    event = Event.objects.get(slug="lg-ai-dinner-cvpr-2027")
    confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    some = list(confirmed.values_list("pk", flat=True)[:3])
    Registration.objects.filter(pk__in=some).update(status=RegistrationStatus.WAITLISTED)
    Seat.objects.filter(pk__in=list(Seat.objects.filter(round__event=event).values_list("pk", flat=True)[:5])).delete()
    RegistrationFactory(event=event, status=RegistrationStatus.APPLIED)

    call_command("seed_demo", fresh=True, stdout=StringIO())

    assert shape() == seeded


def test_seed_demo_fresh_refuses_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("seed_demo", fresh=True)


def shape():
    """What the demo holds, by natural keys (the rows' ids change when it is seeded again)."""
    registrations = Registration.objects.values_list("event__slug", "researcher__email", "status")
    return {
        "registrations": sorted(registrations),
        "seats": Seat.objects.count(),
        "published": sorted(Round.objects.values_list("event__slug", "number", "published_at")),
        "hosts": sorted(EventHost.objects.values_list("event__slug", "host__email")),
        "researchers": Researcher.objects.count(),
        "survey answers": SurveyResponse.objects.count(),
        "follow-ups": sorted(FollowUp.objects.values_list("registration__researcher__email", "stage")),
        "notes": HostNote.objects.count(),
    }
