"""The board at conference scale: each table once, one menu per page, search, a page per person."""
import re

import pytest
from django.urls import reverse

from attendees.models import Researcher
from tables.models import Seat, TableTheme

from .conftest import make_event, theme_and_seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("organizer", "o@example.org", "pw"))
    return client


def board_url(round_, name="board"):
    return reverse(f"admin:tables_round_{name}", args=[round_.pk])


def test_each_table_and_the_move_menu_are_sent_once(organizer, seated_event):
    round_2 = seated_event.rounds.get(number=2)
    people = Seat.objects.filter(round=round_2).count()

    page = organizer.get(board_url(round_2)).content.decode()

    tables = list(seated_event.tables.order_by("number"))
    for table in tables:
        assert page.count(f'id="table-{table.pk}"') == 1
    assert page.count('id="sb-menu"') == 1
    assert page.count('name="to_table"') == 1                  # the one menu, not one per person
    assert page.count("data-free=") == 2 * len(tables)          # the cards and the menu's options
    assert page.count('class="sb-act"') == people               # each person: a link to the menu / their page
    assert "<select" not in page.split('id="sb-tables"')[1].split("</div>")[0]


def test_the_move_menu_shows_each_tables_theme_and_free_seats(organizer, seated_event):
    round_1 = seated_event.rounds.get(number=1)
    table = seated_event.tables.order_by("number").first()
    theme = TableTheme.objects.get(round=round_1, table=table)
    seated = Seat.objects.filter(round=round_1, table=table, registration__isnull=False).count()

    page = organizer.get(board_url(round_1)).content.decode()

    option = re.search(rf'<option value="{table.pk}"[^>]*>([^<]*)</option>', page).group(1)
    assert option == f"Table {table.number} · {theme.company} · {table.capacity - seated} free"


def test_swap_lists_each_person_once_grouped_by_table(organizer, seated_event):
    round_1 = seated_event.rounds.get(number=1)
    page = organizer.get(board_url(round_1)).content.decode()

    swap = page.split('id="id_seat_a"')[1].split("</select>")[0]
    groups = re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', swap)
    seats = re.findall(r'<option value="(\d+):\d+"', swap)
    assert [label.split(" · ")[0] for label, _ in groups] == [
        f"Table {t.number}" for t in seated_event.tables.order_by("number")]
    assert sorted(map(int, seats)) == sorted(Seat.objects.filter(round=round_1).values_list("pk", flat=True))
    assert len(seats) == len(set(seats))


def test_search_shows_the_tables_of_a_person_or_a_number(organizer, seated_event):
    round_1 = seated_event.rounds.get(number=1)
    seat = Seat.objects.filter(round=round_1, registration__isnull=False).select_related(
        "registration__researcher", "table").order_by("pk").first()
    Researcher.objects.filter(pk=seat.registration.researcher_id).update(last_name="Quartermaine")

    by_name = organizer.get(board_url(round_1), {"q": "quarterm"}).content.decode()
    by_number = organizer.get(board_url(round_1), {"q": str(seat.table.number)}).content.decode()
    nothing = organizer.get(board_url(round_1), {"q": "nobody at all"}).content.decode()

    assert re.findall(r'<section class="sb-card[^"]*" id="table-(\d+)"', by_name) == [str(seat.table_id)]
    assert re.findall(r'<section class="sb-card[^"]*" id="table-(\d+)"', by_number) == [str(seat.table_id)]
    assert "1 table shown" in by_name
    assert "No table matches." in nothing
    assert f'href="{board_url(round_1)}#table-{seat.table_id}"' in nothing   # the jump links stay


def test_participant_text_is_text_on_the_board(organizer, seated_event):
    round_1 = seated_event.rounds.get(number=1)
    seat = Seat.objects.filter(round=round_1, registration__isnull=False).select_related("registration").first()
    Researcher.objects.filter(pk=seat.registration.researcher_id).update(
        first_name="<script>alert(1)</script>", lab="<b>Lab</b>")

    page = organizer.get(board_url(round_1)).content.decode()
    seat_page = organizer.get(board_url(round_1) + f"seat/{seat.pk}/").content.decode()

    for html in (page, seat_page):
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Lab</b>" not in page


def test_a_persons_page_moves_them_without_javascript(organizer, seated_event):
    round_1 = seated_event.rounds.get(number=1)
    seat = Seat.objects.filter(round=round_1, registration__isnull=False).order_by("pk").first()
    page = organizer.get(board_url(round_1) + f"seat/{seat.pk}/").content.decode()
    target = re.search(r'<option value="(\d+)" data-label="[^"]*" data-free="([1-9]\d*)">', page).group(1)

    response = organizer.post(board_url(round_1, "board_move"),
                              {"seat": seat.pk, "version": seat.version, "to_table": target}, follow=True)

    assert 'name="seat_b"' in page and "Pin here" in page
    assert Seat.objects.get(pk=seat.pk).table_id == int(target)
    assert response.redirect_chain[-1][0].startswith(board_url(round_1) + "#table-")
    assert [str(m) for m in response.context["messages"]][-1] == "Saved."


def test_a_seat_of_another_round_has_no_page_here(organizer, seated_event):
    round_1, round_2 = seated_event.rounds.order_by("number")
    seat = Seat.objects.filter(round=round_2).first()

    assert organizer.get(board_url(round_1) + f"seat/{seat.pk}/").status_code == 404


@pytest.mark.parametrize("researchers", (10, 30))
def test_the_board_costs_the_same_queries_whatever_the_size(organizer, researchers, django_assert_num_queries):
    event = theme_and_seat(make_event(researchers=researchers))

    with django_assert_num_queries(22):
        response = organizer.get(board_url(event.rounds.get(number=2)), {"q": "Table"})

    assert response.status_code == 200
