"""The survey's answers per table beside the seating figures, against a dinner counted by hand."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tables.enums import RoundBasis
from tables.feedback import feedback_per_table
from tests.accounts import staff_account
from tests.factories import (
    CompanyFactory, CompanyInterestFactory, EventFactory, RegistrationFactory, ResearchAreaFactory,
    ResearchInterestFactory, RoundFactory, SeatFactory, SurveyResponseFactory, TableFactory, TableThemeFactory,
)
from tests.tables.conftest import make_event, theme_and_seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def dinner(db):
    """Two tables, two rounds, five researchers (r1 and r2 from the same lab):

    round 1 (company)   table 1 = Alpha: r1 (Alpha 1st), r2 (Alpha 2nd), r5 (no choice)
                        table 2 = Beta:  r3 (Beta 1st),  r4 (Alpha only)
    round 2 (research)  table 1 = Vision: r1 (Vision 1st), r3
                        table 2 = Speech: r2 (Speech 2nd), r4, r5 (r2 and r5 met in round 1)
    answers (overall, round 1, round 2, again): r1 5/5/3 yes, r2 4/4/5 yes, r3 3/2/4 maybe, r5 2/-/1 no, r4 none.
    """
    event = EventFactory()
    alpha, beta = CompanyFactory(name="Alpha"), CompanyFactory(name="Beta")
    vision = ResearchAreaFactory(name="Vision", slug="vision")
    speech = ResearchAreaFactory(name="Speech", slug="speech")
    round1 = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY)
    round2 = RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH)
    table1, table2 = TableFactory(event=event, number=1), TableFactory(event=event, number=2)
    TableThemeFactory(round=round1, table=table1, company=alpha)
    TableThemeFactory(round=round1, table=table2, company=beta)
    TableThemeFactory(round=round2, table=table1, company=None, research_area=vision)
    TableThemeFactory(round=round2, table=table2, company=None, research_area=speech)
    labs = [("KAIST", "Vision Lab"), ("KAIST", "Vision Lab"), ("SNU", ""), ("POSTECH", ""), ("Yonsei", "")]
    r1, r2, r3, r4, r5 = (
        RegistrationFactory(event=event, researcher__affiliation=affiliation, researcher__lab=lab,
                            checked_in_at=timezone.now()) for affiliation, lab in labs)
    for registration, companies in ((r1, [alpha]), (r2, [beta, alpha]), (r3, [beta]), (r4, [alpha])):
        for rank, company in enumerate(companies, 1):
            CompanyInterestFactory(registration=registration, company=company, rank=rank)
    for registration, areas in ((r1, [vision]), (r2, [vision, speech])):
        for rank, area in enumerate(areas, 1):
            ResearchInterestFactory(registration=registration, research_area=area, rank=rank)
    for round_, table, registrations in ((round1, table1, [r1, r2, r5]), (round1, table2, [r3, r4]),
                                         (round2, table1, [r1, r3]), (round2, table2, [r2, r4, r5])):
        for registration in registrations:
            SeatFactory(round=round_, table=table, registration=registration)
    for registration, overall, first, second, again in ((r1, 5, 5, 3, "yes"), (r2, 4, 4, 5, "yes"),
                                                         (r3, 3, 2, 4, "maybe"), (r5, 2, None, 1, "no")):
        SurveyResponseFactory(registration=registration, overall_rating=overall, round_1_rating=first,
                              round_2_rating=second, would_come_again=again)
    SurveyResponseFactory(overall_rating=1, round_1_rating=1, round_2_rating=1)  # another event's guest
    return event


def rows(round_feedback):
    return [(row.table.number, row.theme, row.seated, row.chosen, row.first_choice, row.same_lab, row.repeats,
             row.answers, row.mean_rating) for row in round_feedback.tables]


def test_each_tables_answers_and_mean_stand_beside_its_seating_figures(dinner):
    feedback = feedback_per_table(dinner)

    round1, round2 = feedback.rounds
    # (table, theme, seated, at a chosen table, 1st choice, same lab, met before, answers, mean)
    assert rows(round1) == [(1, "Alpha", 3, 2, 1, 2, 2, 2, 4.5), (2, "Beta", 2, 1, 1, 0, 0, 1, 2.0)]
    assert rows(round2) == [(1, "Vision", 2, 1, 1, 0, 0, 2, 3.5), (2, "Speech", 3, 1, 0, 0, 2, 2, 3.0)]
    assert (round1.answers, round1.mean_rating, round2.answers, round2.mean_rating) == (3, 3.67, 4, 3.25)
    assert (feedback.responses, feedback.overall_mean) == (4, 3.5)
    assert [(str(label), count) for label, count in feedback.would_come_again] == [
        ("Yes", 2), ("Maybe", 1), ("No", 1)]


def test_the_organizer_of_the_event_reads_it_in_the_admin(client, django_user_model, dinner):
    client.force_login(staff_account(django_user_model, "olivia", "Organizer", dinner, is_staff=True))
    round1 = dinner.rounds.get(number=1)

    page = client.get(reverse("admin:tables_round_feedback", args=[round1.pk]))
    board = client.get(reverse("admin:tables_round_board", args=[round1.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "4 researchers answered the survey." in text
    assert '<strong id="overall-mean">3.5</strong>' in text
    assert "<td data-answers>2</td><td data-mean>4.5</td>" in text
    assert reverse("admin:tables_round_feedback", args=[round1.pk]) in board.content.decode()


@pytest.mark.parametrize("role", ["Organizer", "Recruiter", "Door staff"])
def test_nobody_else_reads_it(client, django_user_model, dinner, role):
    elsewhere = EventFactory()
    user = staff_account(django_user_model, "someone", role, elsewhere, is_staff=role != "Door staff")
    if role != "Organizer":
        dinner.staff.add(user)  # works on the dinner, but the role does not see rounds
    client.force_login(user)

    page = client.get(reverse("admin:tables_round_feedback", args=[dinner.rounds.get(number=1).pk]))

    assert page.status_code in (302, 403)
    assert "answered the survey" not in page.content.decode()


def queries_for(event):
    with CaptureQueriesContext(connection) as queries:
        feedback_per_table(event)
    return len(queries)


def test_the_queries_do_not_grow_with_the_researchers_or_their_answers():
    small, large = (theme_and_seat(make_event(researchers=count)) for count in (6, 30))
    for event in (small, large):
        for registration in event.registrations.all():
            SurveyResponseFactory(registration=registration)

    assert queries_for(small) == queries_for(large)
    assert feedback_per_table(large).responses == 30
