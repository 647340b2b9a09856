import csv
import io

import pytest
from django.urls import reverse

from tables.enums import RunState
from tables.models import Seat, SeatingRun, TableTheme

from .conftest import make_event, theme_and_seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer(client, django_user_model):
    user = django_user_model.objects.create_superuser("organizer", "o@example.org", "pw")
    client.force_login(user)
    return client


def board_url(round_, name="board"):
    return reverse(f"admin:tables_round_{name}", args=[round_.pk])


def a_researcher_seat(event, number=2):
    return (Seat.objects.filter(round__event=event, round__number=number, registration__isnull=False)
            .select_related("registration__researcher", "table").order_by("pk").first())


@pytest.mark.parametrize("researchers", (10, 30))
def test_board_query_count_does_not_grow_with_researchers(organizer, researchers, django_assert_num_queries):
    event = theme_and_seat(make_event(researchers=researchers))
    round_2 = event.rounds.get(number=2)

    with django_assert_num_queries(21):
        response = organizer.get(board_url(round_2))

    assert response.status_code == 200
    assert sum(card.fill for card in response.context["board"].cards) == researchers


def test_board_shows_tables_themes_people_badges_and_figures(organizer, seated_event):
    round_1 = seated_event.rounds.get(number=1)
    seat = a_researcher_seat(seated_event, 1)

    response = organizer.get(board_url(round_1))

    page = response.content.decode()
    theme = TableTheme.objects.get(round=round_1, table=seat.table)
    assert response.status_code == 200
    assert seat.registration.researcher.full_name in page
    assert str(theme.company) in page
    assert response.context["summary"]["feasible"] is True
    assert "1st choice" in page
    assert f'href="{board_url(round_1)}seat/{seat.pk}/"' in page


def test_board_is_for_staff_only(client, seated_event, django_user_model):
    round_1 = seated_event.rounds.get(number=1)
    client.force_login(django_user_model.objects.create_user("researcher", password="pw"))

    response = client.get(board_url(round_1))
    move = client.post(board_url(round_1, "board_move"), {"seat": 1, "version": 1, "to_table": 1})

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert move.status_code == 302 and move.url.startswith(reverse("admin:login"))


def test_staff_without_seat_permission_cannot_move(client, seated_event, django_user_model):
    client.force_login(django_user_model.objects.create_user("viewer", password="pw", is_staff=True))
    seat = a_researcher_seat(seated_event)
    target = seated_event.tables.exclude(pk=seat.table_id).first()

    response = client.post(board_url(seat.round, "board_move"),
                           {"seat": seat.pk, "version": seat.version, "to_table": target.pk})

    assert response.status_code == 403
    assert Seat.objects.get(pk=seat.pk).table_id == seat.table_id


def test_json_move_returns_redrawn_tables_and_figures(organizer, seated_event):
    seat = a_researcher_seat(seated_event)
    target = seated_event.tables.exclude(pk=seat.table_id).order_by("number").first()

    response = organizer.post(board_url(seat.round, "board_move"),
                              {"seat": seat.pk, "version": seat.version, "to_table": target.pk},
                              HTTP_ACCEPT="application/json")

    data = response.json()
    assert response.status_code == 200
    assert data["ok"] is True
    assert set(data["tables"]) == {str(seat.table_id), str(target.pk)}
    assert f'data-seat="{seat.pk}" data-version="2"' in data["tables"][str(target.pk)]
    assert set(data["figures"]) >= {"score", "points", "repeat_pairs", "same_lab_pairs", "rounds",
                                    "all_new_tablemates_pct"}
    assert 'id="sb-summary"' in data["summary_html"]


def test_json_move_with_a_stale_version_is_a_conflict(organizer, seated_event):
    seat = a_researcher_seat(seated_event)
    target = seated_event.tables.exclude(pk=seat.table_id).order_by("number").first()

    response = organizer.post(board_url(seat.round, "board_move"),
                              {"seat": seat.pk, "version": seat.version + 1, "to_table": target.pk},
                              HTTP_ACCEPT="application/json")

    assert response.status_code == 409
    assert response.json() == {
        "ok": False, "conflict": True,
        "message": f"{seat.registration.researcher.full_name} was moved by someone else meanwhile; "
                   "the board was reloaded.",
    }


def test_json_move_to_a_full_table_is_refused(organizer, seated_event):
    seat = a_researcher_seat(seated_event)
    target = seated_event.tables.exclude(pk=seat.table_id).order_by("number").first()
    target.capacity = Seat.objects.filter(round=seat.round, table=target, registration__isnull=False).count()
    target.save()

    response = organizer.post(board_url(seat.round, "board_move"),
                              {"seat": seat.pk, "version": seat.version, "to_table": target.pk},
                              HTTP_ACCEPT="application/json")

    assert response.status_code == 400
    assert response.json()["message"] == f"Table {target.number} is full: it seats {target.capacity} researchers."


def test_form_move_without_javascript_redirects_to_the_board_with_a_message(organizer, seated_event):
    seat = a_researcher_seat(seated_event)
    target = seated_event.tables.exclude(pk=seat.table_id).order_by("number").first()

    response = organizer.post(board_url(seat.round, "board_move"),
                              {"seat": seat.pk, "version": seat.version, "to_table": target.pk}, follow=True)

    assert response.redirect_chain == [(board_url(seat.round) + f"#table-{target.pk}", 302)]
    assert [str(m) for m in response.context["messages"]][-1] == "Saved."
    assert Seat.objects.get(pk=seat.pk).table_id == target.pk


def test_swap_and_pin_forms(organizer, seated_event):
    seat = a_researcher_seat(seated_event)
    other = Seat.objects.filter(round=seat.round, registration__isnull=False).exclude(table=seat.table).first()

    organizer.post(board_url(seat.round, "board_swap"),
                   {"seat_a": f"{seat.pk}:{seat.version}", "seat_b": f"{other.pk}:{other.version}"})
    organizer.post(board_url(seat.round, "board_pin"), {"seat": other.pk, "version": other.version + 1, "pinned": "on"})

    assert Seat.objects.get(pk=seat.pk).table_id == other.table_id
    assert Seat.objects.get(pk=other.pk).table_id == seat.table_id
    assert Seat.objects.get(pk=other.pk).pinned is True


def test_generate_button_runs_in_the_background_and_reports(organizer, django_capture_on_commit_callbacks):
    event = make_event()
    round_1 = event.rounds.get(number=1)
    organizer.post(board_url(round_1, "board_themes"))
    organizer.post(board_url(event.rounds.get(number=2), "board_themes"))

    with django_capture_on_commit_callbacks(execute=True):
        organizer.post(board_url(round_1, "board_generate"), {"scope": "all", "keep_manual": "on"})
    status = organizer.get(board_url(round_1, "board_run")).json()

    assert status["run"]["state"] == RunState.DONE
    assert status["run"]["active"] is False
    assert Seat.objects.filter(round__event=event).count() == 2 * (12 + 8)


def test_board_shows_a_running_run_with_its_progress(organizer, seated_event):
    SeatingRun.objects.create(event=seated_event, round_numbers=[1], state=RunState.RUNNING, progress=0.4)

    response = organizer.get(board_url(seated_event.rounds.get(number=1)))

    assert 'data-active="1"' in response.content.decode()
    assert '<progress id="sb-run-progress" max="1" value="0.400">' in response.content.decode()


def test_publish_asks_first_and_says_how_many_emails(organizer, seated_event, django_capture_on_commit_callbacks):
    round_1 = seated_event.rounds.get(number=1)

    question = organizer.get(board_url(round_1, "board_publish"))
    round_1.refresh_from_db()
    assert round_1.published_at is None
    assert "12 emails will be sent" in question.content.decode()
    assert "Publish and send 12 emails" in question.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        organizer.post(board_url(round_1, "board_publish"))

    round_1.refresh_from_db()
    assert round_1.published_at is not None


def test_the_board_links_to_the_questions_not_to_the_actions(organizer, seated_event):
    round_1 = seated_event.rounds.get(number=1)

    page = organizer.get(board_url(round_1)).content.decode()

    assert f'<a class="button default" href="{board_url(round_1, "board_publish")}">' in page
    assert f'<a class="button" href="{board_url(round_1, "board_reoptimize")}">' in page
    assert f'action="{board_url(round_1, "board_publish")}"' not in page


def test_reoptimize_asks_first_and_says_who_may_move(organizer, seated_event, django_capture_on_commit_callbacks):
    round_2 = seated_event.rounds.get(number=2)
    seats = list(Seat.objects.filter(round=round_2).order_by("pk"))
    Seat.objects.filter(pk=seats[0].pk).update(pinned=True)
    Seat.objects.filter(pk=seats[1].pk).update(placed_by="organizer")

    question = organizer.get(board_url(round_2, "board_reoptimize")).content.decode()

    assert not SeatingRun.objects.filter(event=seated_event).exists()
    assert "19 people who are not pinned may move" in question
    assert "1 of them was placed by hand" in question
    assert "1 pinned person stays" in question
    with django_capture_on_commit_callbacks(execute=True):
        organizer.post(board_url(round_2, "board_reoptimize"))
    assert SeatingRun.objects.filter(event=seated_event, round_numbers=[2]).exists()


def test_csv_export_of_a_round(organizer, seated_event):
    round_1 = seated_event.rounds.get(number=1)
    seat = a_researcher_seat(seated_event, 1)

    response = organizer.get(board_url(round_1, "export"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    researcher = seat.registration.researcher
    theme = TableTheme.objects.get(round=round_1, table=seat.table)
    assert response["Content-Disposition"] == f'attachment; filename="{seated_event.slug}-seating-round-1.csv"'
    assert rows[0] == ["round", "table", "table name", "theme", "role", "name", "affiliation", "lab", "company",
                       "email", "choice", "pinned", "placed by"]
    assert len(rows) == 1 + 12 + 8
    row = next(r for r in rows if r[9] == researcher.email)
    assert row[:9] == ["1", str(seat.table.number), "", str(theme.company), "researcher", researcher.full_name,
                       researcher.affiliation, researcher.lab, ""]


def test_csv_export_of_the_whole_event(organizer, seated_event):
    response = organizer.get(board_url(seated_event.rounds.get(number=1), "export") + "?scope=event")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]].count("1") == 20
    assert [r[0] for r in rows[1:]].count("2") == 20


def test_print_view_has_a_section_per_table(organizer, seated_event):
    response = organizer.get(board_url(seated_event.rounds.get(number=2), "print"))

    assert response.content.decode().count('class="tc-card"') == 4


def test_round_admin_links_to_the_board(organizer, seated_event):
    round_1 = seated_event.rounds.get(number=1)

    response = organizer.get(reverse("admin:tables_round_changelist"))

    assert board_url(round_1) in response.content.decode()

