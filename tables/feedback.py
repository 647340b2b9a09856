"""The survey's answers per table: did the optimizer's tables make good conversations?

For each round, each table: its seating figures (researchers seated, how many sit at one of their
three choices, at their first, people from the same lab, table-mates met in the other round) beside
the number of conversation ratings its researchers gave for that round and their mean. One query
(the answers) more than tables.queries.load_event_seating, whatever the number of researchers, and
none more when the caller has loaded the seating already (the event's home shares it with
tables.quality.seating_quality).
"""
from dataclasses import dataclass, field

from attendees.enums import WouldComeAgain
from attendees.models import SurveyResponse

from .board import build_board
from .queries import load_event_seating


@dataclass
class TableFeedback:
    table: object
    theme: str
    seated: int
    chosen: int          # researchers at a table of one of their first three choices
    first_choice: int
    same_lab: int        # researchers sharing the table with someone of their lab
    repeats: int         # researchers who met a table-mate in another round too
    ratings: list = field(default_factory=list)

    @property
    def answers(self):
        return len(self.ratings)

    @property
    def mean_rating(self):
        return round(sum(self.ratings) / len(self.ratings), 2) if self.ratings else None


@dataclass
class RoundFeedback:
    round: object
    tables: list

    @property
    def seated(self):
        return sum(row.seated for row in self.tables)

    @property
    def answers(self):
        return sum(row.answers for row in self.tables)

    @property
    def mean_rating(self):
        ratings = [rating for row in self.tables for rating in row.ratings]
        return round(sum(ratings) / len(ratings), 2) if ratings else None


@dataclass
class EventFeedback:
    rounds: list
    responses: int
    overall_mean: float | None
    would_come_again: list  # (label, count) for yes, maybe, no


def feedback_per_table(event, *, data=None):
    """The survey's answers of `event` per round and table (RoundFeedback), with the overall figures.

    `data`: the event's seating (tables.queries.load_event_seating) when the caller has it already.
    """
    data = data or load_event_seating(event)
    responses = list(SurveyResponse.objects.filter(registration__event=event).values_list(
        "registration_id", "overall_rating", "round_1_rating", "round_2_rating", "would_come_again"))
    round_ratings = {row[0]: {1: row[2], 2: row[3]} for row in responses}
    rounds = []
    for round_ in data.rounds:
        board = build_board(data, round_)
        rows = []
        for card in board.cards:
            people = card.researchers
            in_same_lab = {name for _lab, names in card.same_lab for name in names}
            ratings = [round_ratings.get(person.seat.registration_id, {}).get(round_.number) for person in people]
            rows.append(TableFeedback(
                table=card.table, theme=str(card.theme.subject.display_name) if card.theme else "",
                seated=len(people), chosen=sum(1 for p in people if p.match is not None),
                first_choice=sum(1 for p in people if p.match == 1),
                same_lab=sum(1 for p in people if p.name in in_same_lab),
                repeats=sum(1 for p in people if p.repeated_with),
                ratings=[rating for rating in ratings if rating is not None],
            ))
        rounds.append(RoundFeedback(round=round_, tables=rows))
    overall = [row[1] for row in responses]
    answered = [row[4] for row in responses]
    come_again = [(choice.label, answered.count(choice.value)) for choice in WouldComeAgain]
    return EventFeedback(rounds=rounds, responses=len(responses),
                         overall_mean=round(sum(overall) / len(overall), 2) if overall else None,
                         would_come_again=come_again)
