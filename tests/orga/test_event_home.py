"""The event's home: figures counted by hand, one query count from 100 to 2,000 registrations, who may open it."""
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attendees.enums import Position, RegistrationStatus
from attendees.models import CompanyInterest, Registration, ResearchInterest, Researcher, SurveyResponse
from orga.home import home_figures
from tables.enums import RoundBasis
from tables.models import Round, Seat, Table, TableTheme
from tables.quality import seating_quality
from tests.accounts import staff_account
from tests.factories import (
    CompanyFactory, CompanyInterestFactory, EventFactory, RegistrationFactory, ResearchAreaFactory,
    ResearcherFactory, ResearchInterestFactory, RoundFactory, TableFactory, TableThemeFactory,
)
from tests.tables.conftest import make_event, surveyed_dinner, theme_and_seat

pytestmark = pytest.mark.django_db

VANCOUVER = ZoneInfo("America/Vancouver")


def local(*args):
    return datetime(*args, tzinfo=VANCOUVER)


@pytest.fixture
def dinner():
    """Nine registrations counted by hand in the tests below (the dinner began at 18:30, Vancouver time)."""
    event = EventFactory(
        researcher_capacity=10, time_zone="America/Vancouver", starts_at=local(2026, 6, 10, 18, 30),
        ends_at=local(2026, 6, 10, 21, 30), registration_opens_at=local(2026, 4, 1, 9),
        registration_closes_at=local(2026, 6, 1, 9),
    )
    a, b, c = (CompanyFactory(name=name) for name in ("Alpha Labs", "Beta AI", "Gamma Robotics"))
    x, y = (ResearchAreaFactory(name=name) for name in ("Vision", "Speech"))
    people = [  # status, arrived at, returning, position, affiliation, companies, areas, registered at
        (RegistrationStatus.CONFIRMED, (18, 5), True, Position.PHD, "KAIST", [a, b], [x], (5, 1, 23, 30)),
        (RegistrationStatus.CONFIRMED, (18, 20), False, Position.PHD, "KAIST", [a, c], [y, x], (5, 1, 9, 0)),
        (RegistrationStatus.CONFIRMED, (18, 40), True, Position.POSTDOC, "SNU", [b, a], [], (5, 3, 10, 0)),
        (RegistrationStatus.CONFIRMED, None, False, Position.PHD, "KAIST", [a], [], (5, 3, 11, 0)),
        (RegistrationStatus.APPLIED, (19, 0), False, Position.FACULTY, "SNU", [], [], (5, 3, 12, 0)),
        (RegistrationStatus.WAITLISTED, None, True, Position.PHD, "MIT", [c], [y], (5, 3, 13, 0)),
        (RegistrationStatus.WAITLISTED, None, False, Position.PHD, "MIT", [], [], (5, 4, 9, 0)),
        (RegistrationStatus.DECLINED, None, False, Position.MASTERS, "MIT", [], [], (5, 4, 10, 0)),
        (RegistrationStatus.CANCELLED, (18, 10), False, Position.PHD, "MIT", [a], [x], (5, 4, 11, 0)),
    ]
    for status, arrived, returning, position, affiliation, companies, areas, registered in people:
        registration = RegistrationFactory(
            event=event, status=status, is_returning=returning,
            checked_in_at=local(2026, 6, 10, *arrived) if arrived else None,
            researcher=ResearcherFactory(position=position, affiliation=affiliation),
        )
        Registration.objects.filter(pk=registration.pk).update(created_at=local(2026, *registered))
        for rank, company in enumerate(companies, start=1):
            CompanyInterestFactory(registration=registration, company=company, rank=rank)
        for rank, area in enumerate(areas, start=1):
            ResearchInterestFactory(registration=registration, research_area=area, rank=rank)
    round_1 = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY)
    round_2 = RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH)
    tables = [TableFactory(event=event, number=n, capacity=capacity) for n, capacity in ((1, 8), (2, 8), (3, 6))]
    for table, company, area in zip(tables, (a, a, b), (x, y, x), strict=True):
        TableThemeFactory(round=round_1, table=table, company=company)
        TableThemeFactory(round=round_2, table=table, company=None, research_area=area)
    return event


def test_the_figures_match_a_hand_count(dinner):
    figures = home_figures(dinner, now=local(2026, 6, 10, 19, 10))

    counts = figures.counts
    assert (counts["total"], counts["applied"], counts["confirmed"], counts["waitlisted"], counts["declined"],
            counts["cancelled"]) == (9, 1, 4, 2, 1, 1)
    assert (counts["holding"], counts["arrived"], counts["no_shows"], counts["returning"]) == (5, 4, 1, 2)
    assert (figures.check_in_rate, figures.returning_share) == (80, 40)
    # 23:30 in Vancouver on 1 May is already 2 May in UTC: days are the venue's.
    assert [(day.isoformat(), new, total) for day, new, total in figures.per_day] == [
        ("2026-05-01", 2, 2), ("2026-05-03", 4, 6), ("2026-05-04", 3, 9)]
    assert [(d.name, d.by_rank, d.tables, d.seats) for d in figures.companies] == [
        ("Alpha Labs", (3, 1, 0), 2, 16), ("Beta AI", (1, 1, 0), 1, 6), ("Gamma Robotics", (0, 1, 0), 0, 0)]
    assert [(d.name, d.by_rank, d.tables, d.seats) for d in figures.areas] == [
        ("Vision", (1, 1, 0), 2, 14), ("Speech", (1, 0, 0), 1, 8)]  # as many 1st choices: more choices first
    assert [(str(label), count) for label, count in figures.positions] == [
        ("PhD student", 3), ("Postdoc", 1), ("Faculty", 1)]
    assert figures.affiliations == [("KAIST", 3), ("SNU", 2)]
    # From half an hour before the start, every 15 minutes, to now; the cancelled guest's check-in is left out.
    assert [(moment.strftime("%H:%M"), arrived, rate) for moment, arrived, rate in figures.check_ins] == [
        ("18:00", 0, 0), ("18:15", 1, 20), ("18:30", 2, 40), ("18:45", 3, 60), ("19:00", 4, 80), ("19:15", 4, 80)]
    assert [(r.number, r.researchers_seated, r.hosts_seated) for r in figures.rounds] == [(1, 0, 0), (2, 0, 0)]


def test_no_shows_are_not_counted_before_the_dinner(dinner):
    figures = home_figures(dinner, now=local(2026, 6, 10, 17, 0))

    assert figures.counts["no_shows"] is None


def test_the_page_shows_the_charts_and_their_tables(admin_client, dinner):
    response = admin_client.get(reverse("admin:events_event_home", args=[dinner.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    for chart in ("per-day", "funnel", "companies", "areas", "positions", "affiliations", "returning", "check-ins"):
        assert f'aria-labelledby="{chart}-title"' in page
    assert page.count("<table") >= 8
    assert "<th scope=\"row\">2026-05-01</th><td>2</td><td>2</td>" in page
    assert "5 of 10 taken, 5 left, 2 on the waitlist" in page
    assert "No round is seated yet" in page


def test_participant_text_is_shown_as_text(admin_client, dinner):
    RegistrationFactory(event=dinner, researcher=ResearcherFactory(affiliation='<script>alert("x")</script>'))

    page = admin_client.get(reverse("admin:events_event_home", args=[dinner.pk])).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_an_unknown_event_is_not_found(admin_client):
    assert admin_client.get(reverse("admin:events_event_home", args=[987654])).status_code == 404


def test_the_event_list_and_the_change_form_link_to_the_home(admin_client, dinner):
    home = reverse("admin:events_event_home", args=[dinner.pk])

    assert home in admin_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert home in admin_client.get(reverse("admin:events_event_change", args=[dinner.pk])).content.decode()


def populate(event, count):
    """`count` confirmed researchers with two company choices, seated at tables of 8 in round 1, half arrived,
    a third of them with answers to the survey."""
    companies = [CompanyFactory() for _ in range(3)]
    area = ResearchAreaFactory()
    researchers = Researcher.objects.bulk_create([
        Researcher(first_name="R", last_name=f"N{i}", email=f"r{i}-{event.pk}@scale.example",
                   affiliation=f"University {i % 40}", position=Position.PHD)
        for i in range(count)
    ])
    registrations = Registration.objects.bulk_create([
        Registration(event=event, researcher=researcher, status=RegistrationStatus.CONFIRMED, token=f"t{event.pk}-{i}",
                     consented_at=event.registration_opens_at, privacy_notice_version="2026-11",
                     checked_in_at=event.starts_at if i % 2 else None, is_returning=i % 5 == 0)
        for i, researcher in enumerate(researchers)
    ])
    CompanyInterest.objects.bulk_create([
        CompanyInterest(registration=r, company=companies[(i + k) % 3], rank=k + 1)
        for i, r in enumerate(registrations) for k in range(2)
    ])
    ResearchInterest.objects.bulk_create([ResearchInterest(registration=r, research_area=area, rank=1)
                                          for r in registrations])
    round_1 = Round.objects.create(event=event, number=1, basis=RoundBasis.COMPANY)
    Round.objects.create(event=event, number=2, basis=RoundBasis.RESEARCH)
    tables = Table.objects.bulk_create([Table(event=event, number=n + 1, capacity=8) for n in range(-(-count // 8))])
    TableTheme.objects.bulk_create([TableTheme(round=round_1, table=t, company=companies[n % 3])
                                    for n, t in enumerate(tables)])
    Seat.objects.bulk_create([Seat(round=round_1, table=tables[i // 8], registration=r)
                              for i, r in enumerate(registrations)])
    SurveyResponse.objects.bulk_create([  # every third researcher answered the survey
        SurveyResponse(registration=r, overall_rating=1 + i % 5, round_1_rating=1 + i % 4, round_2_rating=None,
                       would_come_again="yes", submitted_at=event.ends_at, updated_at=event.ends_at)
        for i, r in enumerate(registrations) if i % 3 == 0
    ])


def home_queries(client, event):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:events_event_home", args=[event.pk]))
    assert response.status_code == 200
    return len(queries)


def test_the_home_answers_in_the_same_queries_for_100_and_2000_registrations(client, django_user_model):
    small, large = EventFactory(researcher_capacity=100), EventFactory(researcher_capacity=2000)
    populate(small, 100)
    populate(large, 2000)
    organizer = staff_account(django_user_model, "organizer", "Organizer", small, large, is_staff=True)
    client.force_login(organizer)
    home_queries(client, small)  # the first request of a session also reads the session and the permissions

    counts = home_queries(client, small), home_queries(client, large)

    assert counts[0] == counts[1]
    assert counts[0] == 27  # the seating is read once for the quality and the survey's answers per table


@pytest.fixture
def accounts(django_user_model, dinner):
    other = EventFactory()
    staffed_without_role = django_user_model.objects.create_user("no-role", password="x", is_staff=True)
    dinner.staff.add(staffed_without_role)
    return {
        "organizer": staff_account(django_user_model, "organizer", "Organizer", dinner, is_staff=True),
        "recruiter": staff_account(django_user_model, "recruiter", "Recruiter", dinner, is_staff=True),
        "door staff": staff_account(django_user_model, "door", "Door staff", dinner),
        "organizer of another event": staff_account(django_user_model, "elsewhere", "Organizer", other,
                                                    is_staff=True),
        "staff without a role": staffed_without_role,
    }


def open_home(client, user, event):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(reverse("admin:events_event_home", args=[event.pk]))


def test_organizers_see_every_way_out_of_the_home(client, accounts, dinner):
    response = open_home(client, accounts["organizer"], dinner)

    page = response.content.decode()
    assert response.status_code == 200
    for url in (reverse("admin:tables_round_board", args=[dinner.rounds.get(number=1).pk]),
                reverse("admin:tables_round_board", args=[dinner.rounds.get(number=2).pk]),
                reverse("admin:tables_round_feedback", args=[dinner.rounds.get(number=1).pk]),
                reverse("checkin:event", kwargs={"slug": dinner.slug}),
                reverse("admin:events_event_registrations_csv", args=[dinner.pk]),
                reverse("admin:attendees_emailtemplate_changelist") + f"?event__id__exact={dinner.pk}",
                reverse("admin:events_event_change", args=[dinner.pk]),
                reverse("admin:followup_followup_funnel") + f"?event={dinner.pk}",
                reverse("followup:hosts", kwargs={"slug": dinner.slug})):
        assert f'href="{url}"' in page
    assert 'id="seating-quality"' in page


def test_recruiters_see_the_figures_but_not_the_board_the_door_or_the_exports(client, accounts, dinner):
    response = open_home(client, accounts["recruiter"], dinner)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'aria-labelledby="funnel-title"' in page
    assert "/board/" not in page and "/feedback/" not in page
    assert reverse("checkin:event", kwargs={"slug": dinner.slug}) not in page
    assert "registrations.csv" not in page
    assert 'id="seating-quality"' not in page
    assert f'href="{reverse("admin:followup_followup_funnel")}?event={dinner.pk}"' in page  # they follow up


@pytest.mark.parametrize("who", ["door staff", None])
def test_accounts_without_the_admin_are_sent_to_the_login(client, accounts, dinner, who):
    response = open_home(client, accounts.get(who), dinner)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("who", ["organizer of another event", "staff without a role"])
def test_staff_of_other_events_or_without_a_role_are_refused(client, accounts, dinner, who):
    response = open_home(client, accounts[who], dinner)

    assert response.status_code == 403
    assert "KAIST" not in response.content.decode()


def test_a_seated_event_shows_its_quality_per_round_and_the_poorly_seated(admin_client):
    event = theme_and_seat(make_event())
    quality = seating_quality(event)

    page = admin_client.get(reverse("admin:events_event_home", args=[event.pk])).content.decode()

    assert 'aria-labelledby="quality-1-title"' in page
    assert 'aria-labelledby="quality-2-title"' in page
    assert "Met only new table-mates" in page
    assert quality.poorly_seated, "the fixture's three labs should cost someone points"
    assert quality.poorly_seated[0].name in page


def feedback_rows(page, round_number):
    """(table, theme, seated, at a chosen table, 1st choice, same lab, met before, answers, mean) per table row
    of the home's survey answers for round `round_number`, then the round's total, as the page shows them."""
    table = page.split(f'<table class="home-feedback-table" data-round="{round_number}">')[1].split("</table>")[0]
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table.split("</thead>")[1], flags=re.S)
    return [cells[i:i + 9] for i in range(0, len(cells), 9)]


def test_the_home_shows_the_survey_answers_per_table_beside_the_seating_counted_by_hand(admin_client):
    event = surveyed_dinner()  # its docstring counts it

    page = admin_client.get(reverse("admin:events_event_home", args=[event.pk])).content.decode()

    assert "4 researchers answered the survey." in page
    assert '<strong id="home-overall-mean">3.5</strong>' in page
    assert re.findall(r"<span data-come-again>(.*?)</span>", page) == ["Yes 2", "Maybe 1", "No 1"]
    # table, theme, seated, at a chosen table, 1st choice, same lab, met before, answers, mean
    assert feedback_rows(page, 1) == [
        ["Table 1", "Alpha", "3", "2", "1", "2", "2", "2", "4.5"],
        ["Table 2", "Beta", "2", "1", "1", "0", "0", "1", "2.0"],
        ["All tables", "5", "", "3", "3.67"]]
    assert feedback_rows(page, 2) == [
        ["Table 1", "Vision", "2", "1", "1", "0", "0", "2", "3.5"],
        ["Table 2", "Speech", "3", "1", "0", "0", "2", "2", "3.0"],
        ["All tables", "5", "", "4", "3.25"]]
    # Beside each round's seating quality, its mean, and both rounds unfolded (a small event).
    assert page.count("<tr data-survey>") == 2
    assert "mean 3.67 of 3 ratings" in page and "mean 3.25 of 4 ratings" in page
    assert re.findall(r'<details class="home-feedback-round" id="feedback-round-\d"( open)?>', page) == [" open"] * 2


def test_a_big_events_rounds_of_answers_are_folded(admin_client):
    event = surveyed_dinner()
    Table.objects.bulk_create([Table(event=event, number=n, capacity=8) for n in range(3, 33)])  # 32 tables

    page = admin_client.get(reverse("admin:events_event_home", args=[event.pk])).content.decode()

    assert re.findall(r'<details class="home-feedback-round" id="feedback-round-\d"( open)?>', page) == [""] * 2
    assert len(feedback_rows(page, 1)) == 33  # every table still there, and the total


def test_recruiters_do_not_see_the_answers_per_table(client, django_user_model):
    event = surveyed_dinner()
    recruiter = staff_account(django_user_model, "recruiter", "Recruiter", event, is_staff=True)

    page = open_home(client, recruiter, event).content.decode()

    assert 'id="survey-per-table"' not in page
    assert "answered the survey" not in page


def test_a_new_event_without_anyone_has_a_home_that_says_so(admin_client):
    event = EventFactory()

    response = admin_client.get(reverse("admin:events_event_home", args=[event.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "No registrations yet." in page
    assert "No rounds yet" in page
    assert "Nobody has checked in yet." in page


def test_the_home_speaks_korean(admin_client, dinner):
    page = admin_client.get(reverse("admin:events_event_home", args=[dinner.pk]),
                            HTTP_ACCEPT_LANGUAGE="ko").content.decode()

    assert "일별 등록 수(누적)와 정원" in page
    assert "10자리 중 5자리 채워짐, 5자리 남음, 대기자 2명" in page


def test_the_answers_per_table_speak_korean(admin_client):
    event = surveyed_dinner()

    page = admin_client.get(reverse("admin:events_event_home", args=[event.pk]),
                            HTTP_ACCEPT_LANGUAGE="ko").content.decode()

    assert "테이블별 설문 응답" in page
    assert "테이블 2개, 평가 3건, 평균 3.67" in page
    assert "평가 4건의 평균 3.25" in page
