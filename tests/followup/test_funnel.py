"""The funnel to hires, against a dinner counted by hand: per event, per company, across events."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.access import events_of
from followup import figures
from followup.enums import Stage
from followup.models import FollowUp
from tests.accounts import staff_account
from tests.factories import CompanyFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

# This year's dinner, by hand: 12 registrations, 10 of them came; 10 follow-ups.
#   company A: met, met, contacted, interviewing, hired, hired
#   company B: offer, hired, not pursued
#   no company yet: met
THIS_YEAR = [("A", Stage.MET), ("A", Stage.MET), ("A", Stage.CONTACTED), ("A", Stage.INTERVIEWING),
             ("A", Stage.HIRED), ("A", Stage.HIRED), ("B", Stage.OFFER), ("B", Stage.HIRED),
             ("B", Stage.NOT_PURSUED), (None, Stage.MET)]


@pytest.fixture
def two_dinners(db):
    companies = {"A": CompanyFactory(name="Alpha Labs"), "B": CompanyFactory(name="Beta AI", name_ko="베타")}
    now = timezone.now()
    last_year, this_year = (EventFactory(name=name, starts_at=now - timedelta(days=days),
                                         registration_opens_at=now - timedelta(days=days + 60))
                            for name, days in (("Dinner 2026", 365), ("Dinner 2027", 1)))
    came = [RegistrationFactory(event=this_year, checked_in_at=now) for _ in range(10)]
    RegistrationFactory(event=this_year)
    RegistrationFactory(event=this_year)
    for registration, (company, stage) in zip(came, THIS_YEAR, strict=True):
        FollowUp.objects.create(registration=registration, stage=stage, company=companies.get(company))
    # Last year: 4 came; the first of this year's researchers was interviewed by A then, one was hired.
    returning = RegistrationFactory(event=last_year, researcher=came[0].researcher, checked_in_at=now)
    FollowUp.objects.create(registration=returning, stage=Stage.INTERVIEWING, company=companies["A"])
    hired = RegistrationFactory(event=last_year, checked_in_at=now)
    FollowUp.objects.create(registration=hired, stage=Stage.HIRED, company=companies["B"])
    RegistrationFactory(event=last_year, checked_in_at=now)
    RegistrationFactory(event=last_year, checked_in_at=now)
    return last_year, this_year, came


def test_the_event_funnel_counts_each_stage_and_what_reached_it(two_dinners):
    _last_year, this_year, _came = two_dinners

    funnel = figures.event_funnel(this_year)

    assert [(stage.value, now, reached) for stage, now, reached in funnel.reached] == [
        ("met", 3, 9), ("contacted", 1, 6), ("interviewing", 1, 5), ("offer", 1, 4), ("hired", 3, 3)]
    assert (funnel.came, funnel.followed, funnel.not_pursued, funnel.hired, funnel.hired_share) == (10, 10, 1, 3, 30)


def test_each_company_has_its_funnel_and_the_share_of_hires_among_those_it_followed(two_dinners):
    _last_year, this_year, _came = two_dinners

    rows = figures.company_funnels(this_year)

    assert [(row.name, row.followed, row.now, row.not_pursued, row.hired_share) for row in rows] == [
        ("Alpha Labs", 6, [2, 1, 1, 0, 2], 0, 33), ("Beta AI", 3, [0, 0, 0, 1, 1], 1, 33),
        (None, 1, [1, 0, 0, 0, 0], 0, 0)]


def test_across_events_each_event_has_its_row_the_latest_first(two_dinners):
    last_year, this_year, _came = two_dinners

    rows = figures.events_funnels(events_of(staff_account(None, "o", "Organizer", last_year, this_year)))

    assert [(row.name, row.came, row.followed, row.hired, row.hired_share) for row in rows] == [
        ("Dinner 2027", 10, 10, 3, 30), ("Dinner 2026", 4, 2, 1, 25)]


def test_a_returning_researcher_shows_their_earlier_stage_and_only_earlier_ones(two_dinners):
    last_year, _this_year, came = two_dinners
    earlier_registration = came[0].researcher.registrations.get(event=last_year)

    earlier = figures.earlier_follow_ups(came[:2])

    assert {researcher: [(f.registration.event.name, f.stage, f.company.name) for f in follow_ups]
            for researcher, follow_ups in earlier.items()} == {
        came[0].researcher_id: [("Dinner 2026", Stage.INTERVIEWING, "Alpha Labs")]}
    assert figures.earlier_follow_ups([earlier_registration]) == {}


def test_the_funnel_page_shows_the_figures_with_a_constant_number_of_queries(client, two_dinners):
    last_year, this_year, _came = two_dinners
    client.force_login(staff_account(None, "organizer", "Organizer", last_year, this_year, is_staff=True))
    url = reverse("admin:followup_followup_funnel") + f"?event={this_year.pk}"

    with CaptureQueriesContext(connection) as small:
        page = client.get(url)
    for _ in range(30):
        FollowUp.objects.create(registration=RegistrationFactory(event=this_year), stage=Stage.CONTACTED)
    with CaptureQueriesContext(connection) as larger:
        client.get(url)

    text = page.content.decode()
    assert page.status_code == 200
    assert "Hired: 3 of 10 researchers who came (30%)." in text
    assert 'data-stage="hired"><th scope="row">Hired</th><td class="now">3</td><td class="reached">3</td>' in text
    assert len(larger) == len(small)


def test_the_funnel_page_of_an_event_one_does_not_work_on_is_not_found(client, two_dinners):
    last_year, this_year, _came = two_dinners
    client.force_login(staff_account(None, "organizer", "Organizer", last_year, is_staff=True))

    assert client.get(reverse("admin:followup_followup_funnel") + f"?event={this_year.pk}").status_code == 404
    assert client.get(reverse("admin:followup_followup_funnel") + "?event=x").status_code == 404
    assert "Dinner 2027" not in client.get(reverse("admin:followup_followup_funnel")).content.decode()
