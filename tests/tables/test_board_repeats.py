"""The board marks, on each researcher's card, the table-mates they already sat with in another round:
for any seating of any number of rounds, exactly those, each once, in the card's order."""
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from tables.board import build_board
from tables.enums import RoundBasis
from tables.queries import EventSeating, RegistrationRow, ResearcherRow, SeatRow

TABLES = 4


def seating(tables_by_round):
    """An event's seating as the board reads it: researcher n sits at tables_by_round[r][n] in round r."""
    people = len(tables_by_round[0])
    rounds = [SimpleNamespace(pk=100 + r, number=r + 1, basis=RoundBasis.RESEARCH) for r in range(len(tables_by_round))]
    tables = [SimpleNamespace(pk=200 + t, number=t + 1, capacity=people) for t in range(TABLES)]
    registrations = [RegistrationRow(n + 1, ResearcherRow(f"Person{n}", "Kim", "", f"p{n}@example.org", f"U{n}", ""))
                     for n in range(people)]
    seats = [SeatRow(pk=1000 * r + n, round_id=rounds[r].pk, table_id=tables[t].pk, registration_id=n + 1,
                     event_host_id=None, pinned=False, placed_by="", version=1)
             for r, row in enumerate(tables_by_round) for n, t in enumerate(row)]
    data = EventSeating(event=None, tables=tables, rounds=rounds, themes={}, registrations=registrations,
                        company_choices={}, research_choices={}, event_hosts=[], host_research={}, seats=seats)
    return data, rounds


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 3).flatmap(
    lambda rounds: st.integers(2, 12).flatmap(
        lambda people: st.lists(st.lists(st.integers(0, TABLES - 1), min_size=people, max_size=people),
                                min_size=rounds, max_size=rounds))))
def test_each_card_names_the_people_met_in_another_round(tables_by_round):
    data, rounds = seating(tables_by_round)

    for r, round_ in enumerate(rounds):
        for card in build_board(data, round_).cards:
            for person in card.researchers:
                me = person.seat.registration_id - 1
                expected = [other.name for other in card.researchers if other is not person and any(
                    tables_by_round[o][me] == tables_by_round[o][other.seat.registration_id - 1]
                    for o in range(len(rounds)) if o != r)]
                assert person.repeated_with == expected


def test_someone_met_in_two_other_rounds_is_named_once():
    data, rounds = seating([[0, 0, 1], [0, 0, 1], [0, 0, 0]])

    card = build_board(data, rounds[2]).cards[0]

    assert [p.repeated_with for p in card.researchers] == [["Person1 Kim"], ["Person0 Kim"], []]
