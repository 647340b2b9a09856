"""Issue 12's table cards: who sits at a table, what it shares, two openers from it; English and Korean."""
import re

import pytest
from django.urls import reverse
from django.utils import translation

from attendees.enums import Position
from tables.cards import host_cards
from tables.enums import RoundBasis
from tables.models import Seat
from tables.openers import AREA_OPENERS, WITHOUT_AREA
from tables.queries import load_event_seating
from tests.factories import (
    CompanyFactory, CompanyInterestFactory, EventFactory, EventHostFactory, HostExpertiseFactory, HostFactory,
    RegistrationFactory, ResearchAreaFactory, ResearcherFactory, ResearchInterestFactory, RoundFactory, TableFactory,
    TableThemeFactory,
)

from .conftest import make_event, theme_and_seat

pytestmark = pytest.mark.django_db
KOREAN = {"HTTP_ACCEPT_LANGUAGE": "ko"}
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture
def dinner(db):
    """One research table: three researchers and a host, who share Computer Vision (all four) and a
    second area (two of them); two companies wanted by three and two researchers."""
    event = EventFactory()
    vision = ResearchAreaFactory(name="Computer Vision", name_ko="컴퓨터 비전", slug="computer-vision")
    robots, lonely = ResearchAreaFactory(), ResearchAreaFactory()
    wanted, also_wanted = CompanyFactory(), CompanyFactory()
    table, empty_table = TableFactory(event=event, number=1), TableFactory(event=event, number=2)
    round_2 = RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH)
    TableThemeFactory(round=round_2, table=table, company=None, research_area=vision)
    people = [("Ada", "Postech", Position.POSTDOC, [vision, robots], [wanted, also_wanted]),
              ("Bo", "KAIST", Position.PHD, [lonely, vision], [wanted]),
              ("Cy", "SNU", Position.FACULTY, [robots, vision], [also_wanted, wanted])]
    for first_name, affiliation, position, areas, companies in people:
        researcher = ResearcherFactory(first_name=first_name, affiliation=affiliation, position=position,
                                       lab="Vision Lab")
        registration = RegistrationFactory(event=event, researcher=researcher)
        for rank, area in enumerate(areas, start=1):
            ResearchInterestFactory(registration=registration, research_area=area, rank=rank)
        for rank, company in enumerate(companies, start=1):
            CompanyInterestFactory(registration=registration, company=company, rank=rank)
        Seat.objects.create(round=round_2, table=table, registration=registration)
    host = HostFactory(company=wanted, native_name="박서연", title="Research Lead")
    HostExpertiseFactory(host=host, research_area=vision)
    Seat.objects.create(round=round_2, table=table, event_host=EventHostFactory(event=event, host=host))
    return {"event": event, "round": round_2, "table": table, "empty": empty_table, "vision": vision,
            "robots": robots, "wanted": wanted, "also_wanted": also_wanted, "host": host}


def cards_of(dinner):
    data = load_event_seating(dinner["event"])
    return {card.table.pk: card for card in host_cards(data, dinner["round"])}


def test_a_card_lists_the_tables_people_with_affiliation_and_position(dinner):
    card = cards_of(dinner)[dinner["table"].pk]

    assert [(g.name.split()[0], g.affiliation, g.position) for g in card.researchers] == [
        ("Ada", "Postech, Vision Lab", "Postdoc"), ("Bo", "KAIST, Vision Lab", "PhD student"),
        ("Cy", "SNU, Vision Lab", "Faculty")]
    assert [(g.name, g.affiliation, g.position) for g in card.hosts] == [
        (dinner["host"].full_name, dinner["wanted"].name, "Research Lead")]


def test_a_card_counts_what_two_or_more_people_at_the_table_share(dinner):
    card = cards_of(dinner)[dinner["table"].pk]

    # Computer Vision: the three researchers and the host; the second area: two researchers; the third: one.
    assert [(s.subject, s.people) for s in card.areas] == [(dinner["vision"], 4), (dinner["robots"], 2)]
    assert [(s.subject, s.people) for s in card.companies] == [(dinner["wanted"], 3), (dinner["also_wanted"], 2)]


def test_the_openers_come_from_the_shared_areas(dinner):
    card = cards_of(dinner)[dinner["table"].pk]

    assert card.openers[0] == str(AREA_OPENERS["computer-vision"])
    assert dinner["robots"].name in card.openers[1]


def test_a_table_nobody_sits_at_gets_the_general_openers(dinner):
    card = cards_of(dinner)[dinner["empty"].pk]

    assert card.researchers == [] and card.areas == []
    assert card.openers == [str(q) for q in WITHOUT_AREA]


def test_cards_built_in_korean_name_areas_companies_positions_and_questions_in_korean(dinner):
    with translation.override("ko"):
        card = cards_of(dinner)[dinner["table"].pk]
        areas = [s.subject.display_name for s in card.areas]
        companies = [s.subject.display_name for s in card.companies]

    assert areas == ["컴퓨터 비전", dinner["robots"].name_ko]
    assert companies == [dinner["wanted"].name_ko, dinner["also_wanted"].name_ko]
    assert card.researchers[0].position == "박사후연구원"
    assert all(HANGUL.search(question) for question in card.openers)
    assert dinner["robots"].name_ko in card.openers[1]


@pytest.fixture
def organizer(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("organizer", "o@example.org", "pw"))
    return client


def print_url(round_):
    return reverse("admin:tables_round_print", args=[round_.pk])


def test_the_print_view_shows_a_card_per_table_in_english(organizer, dinner):
    page = organizer.get(print_url(dinner["round"])).content.decode()

    assert page.count('class="tc-card"') == 2
    assert "What the table shares" in page and "Conversation openers" in page
    assert "Computer Vision (4)" in page
    assert "Postech, Vision Lab · <span class=\"tc-position\">Postdoc</span>" in page
    assert str(AREA_OPENERS["computer-vision"]) in page


def test_the_print_view_shows_the_cards_in_korean(organizer, dinner):
    page = organizer.get(print_url(dinner["round"]), **KOREAN).content.decode()

    assert '<html lang="ko">' in page
    assert "1번 테이블" in page and "2라운드" in page
    assert "컴퓨터 비전 (4)" in page
    assert "박사후연구원" in page
    assert "What the table shares" not in page and "Conversation openers" not in page


def test_participant_text_on_a_card_is_text_not_markup(organizer, dinner):
    registration = Seat.objects.filter(round=dinner["round"], registration__isnull=False).first().registration
    registration.researcher.affiliation = "<b>Evil U</b>"
    registration.researcher.save()

    page = organizer.get(print_url(dinner["round"])).content.decode()

    assert "&lt;b&gt;Evil U&lt;/b&gt;" in page and "<b>Evil U</b>" not in page


@pytest.mark.parametrize("researchers", (10, 30))
def test_the_print_views_query_count_does_not_grow_with_the_event(organizer, researchers, django_assert_num_queries):
    event = theme_and_seat(make_event(researchers=researchers))

    with django_assert_num_queries(16):
        response = organizer.get(print_url(event.rounds.get(number=2)))

    assert response.status_code == 200
