"""The survey's answers per table beside the seating figures, against a dinner counted by hand."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tables.feedback import feedback_per_table
from tables.queries import load_event_seating
from tests.accounts import staff_account
from tests.factories import EventFactory, SurveyResponseFactory
from tests.tables.conftest import make_event, surveyed_dinner, theme_and_seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def dinner(db):
    return surveyed_dinner()


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


def test_with_the_seating_loaded_already_it_reads_only_the_answers(dinner):
    data = load_event_seating(dinner)  # as the event's home does, for the seating quality too

    with CaptureQueriesContext(connection) as queries:
        feedback = feedback_per_table(dinner, data=data)

    assert len(queries) == 1
    assert [row.mean_rating for row in feedback.rounds[0].tables] == [4.5, 2.0]
