"""The seating's quality per round for the event's home: names and table numbers put back on the engine's counts."""
import pytest

from tables import adapter
from tables.enums import RoundBasis
from tables.quality import seating_quality
from tables.queries import load_event_seating
from tests.factories import (
    CompanyFactory, CompanyInterestFactory, EventFactory, EventHostFactory, HostFactory, RegistrationFactory,
    ResearcherFactory, RoundFactory, SeatFactory, TableFactory, TableThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_a_seated_event_agrees_with_the_boards_figures(seated_event):
    quality = seating_quality(seated_event)
    figures = adapter.current_figures(load_event_seating(seated_event))

    assert [s.round.number for s in quality.rounds] == [1, 2]
    for summary in quality.rounds:
        shares = figures.rounds[summary.round.number]
        assert round(100 * summary.by_rank[0] / summary.researchers, 2) == shares.first_choice_pct
        assert summary.seated + summary.unseated == summary.researchers == 12
    assert quality.score == figures.score
    assert quality.feasible is True


def test_hand_placed_seats_are_counted_and_the_worst_seated_named():
    """Round 1 only: Ada sits at her 2nd choice beside her lab-mate, Ben at his 1st, Cy at no choice."""
    event = EventFactory()
    alpha, beta = CompanyFactory(name="Alpha"), CompanyFactory(name="Beta")
    round_1 = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY)
    RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH)  # not seated: not measured
    table_1, table_2 = TableFactory(event=event, number=1), TableFactory(event=event, number=2)
    TableThemeFactory(round=round_1, table=table_1, company=alpha)
    TableThemeFactory(round=round_1, table=table_2, company=beta)
    people = {}
    for name, lab, choices, table in (("Ada", "KAIST", [beta, alpha], table_1), ("Ben", "KAIST", [alpha], table_1),
                                      ("Cy", "SNU", [beta], table_1)):
        registration = RegistrationFactory(event=event, researcher=ResearcherFactory(first_name=name, last_name="Lee",
                                                                                     affiliation=lab))
        for rank, company in enumerate(choices, start=1):
            CompanyInterestFactory(registration=registration, company=company, rank=rank)
        SeatFactory(round=round_1, table=table, registration=registration)
        people[name] = registration
    for table, company in ((table_1, alpha), (table_2, beta)):
        for _ in range(2):
            SeatFactory(round=round_1, table=table, registration=None,
                        event_host=EventHostFactory(event=event, host=HostFactory(company=company)))

    quality = seating_quality(event)

    (summary,) = quality.rounds
    assert (summary.by_rank, summary.no_choice, summary.unseated) == ((1, 1, 0), 1, 0)
    assert (summary.same_lab_pairs, summary.lab_mixed, summary.hosts, summary.hosts_matched) == (1, 1, 4, 4)
    # Cy lost 3 (Beta was offered), Ada 1 (2nd choice) + 1 (lab-mate), Ben 1 (lab-mate).
    assert [(p.name, p.lost, p.places, p.same_lab) for p in quality.poorly_seated] == [
        ("Cy Lee", 3, [(1, 1, None)], 0), ("Ada Lee", 2, [(1, 1, 2)], 1), ("Ben Lee", 1, [(1, 1, 1)], 1)]


def test_an_event_without_seats_has_no_quality_yet():
    assert seating_quality(EventFactory()) is None


def test_without_the_score_the_board_gets_the_same_rounds_and_poorly_seated(seated_event):
    scored, unscored = seating_quality(seated_event), seating_quality(seated_event, with_score=False)

    assert (unscored.rounds, unscored.poorly_seated) == (scored.rounds, scored.poorly_seated)
    assert (unscored.score, unscored.feasible, unscored.problems) == (None, None, [])
