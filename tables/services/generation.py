"""Generating a plan with the seating engine and saving it (in the request or in a background run).

By default the engine starts from the seats as they are (late changes): it seats newcomers and
people whose seats became invalid and moves as few others as it can; `fresh=True` seats everyone
anew. `late_changes` says beforehand who needs a seat; the result says afterwards who moved.
"""
from dataclasses import dataclass, field

from .. import adapter, checks
from ..models import Round, SeatingSettings
from ..queries import load_event_seating


@dataclass(frozen=True)
class GenerationResult:
    created: int
    moved: int
    removed: int
    score: int
    moved_names: dict = field(default_factory=dict)  # round number -> [name] of the people who moved
    steps: int = 0  # engine search steps: the same seed and steps repeat the plan
    optimal: bool = False  # the engine proved that no plan does better


@dataclass(frozen=True)
class LateChangesPreview:
    """Before generating from the current seats: who needs a seat, per round, by name."""

    newcomers: dict  # round number -> [name] without a seat in that round
    invalid: dict  # round number -> [name] whose seat breaks a rule now
    over: int  # people beyond a table's seats or host places (which of them moves is the engine's choice)

    @property
    def count(self):
        """How many people must move or be seated at least (others move only when it pays)."""
        return sum(map(len, self.newcomers.values())) + sum(map(len, self.invalid.values())) + self.over


def _numbers(rounds):
    return sorted({r.number if isinstance(r, Round) else int(r) for r in rounds})


def late_changes(*, event, rounds, data=None, settings=None):
    """Who a run of `rounds` from the current seats has to seat: newcomers and invalid seats, by name.

    For the board to say before Generate or Re-optimize how many people may move (`data` and
    `settings`: the event's seating and settings when the caller has them already).
    """
    data = data or load_event_seating(event)
    settings = settings or SeatingSettings.for_event(event)
    changes = checks.late_changes(data, settings=settings, round_numbers=_numbers(rounds))
    names = adapter.names_of(data)
    return LateChangesPreview(
        newcomers={n: [names[p] for p in people] for n, people in changes.newcomers.items()},
        invalid={n: [names[p] for p in people] for n, people in changes.invalid.items()},
        over=changes.over,
    )


def generate(*, event, rounds, keep_manual=True, fresh=False, seed=0, time_limit=None, steps=None, progress=None):
    """Seat `rounds` (Round instances or numbers) of `event` with the engine and save the plan.

    Keeps pinned seats, and the organizer's manual placements unless `keep_manual` is False;
    unless `fresh`, everyone else starts where they sit and moves only when needed or worth it.
    Other rounds that are seated already are taken as they are (the engine avoids their
    table-mates). The engine runs outside any transaction; the plan is saved in one transaction
    with the event's round rows locked (see tables.adapter.solve_and_save). `progress(fraction,
    best score)` is called now and then, last with the saved plan's score. Raises SeatingError
    (the engine's refusal, in readable words) with nothing written.
    """
    outcome, solution = adapter.solve_and_save(
        event=event, round_numbers=_numbers(rounds), keep_manual=keep_manual, fresh=fresh, seed=seed,
        time_limit=time_limit, steps=steps, progress=progress,
    )
    data = load_event_seating(event)
    names = adapter.names_of(data)
    return GenerationResult(
        created=outcome.created, moved=outcome.moved, removed=outcome.removed,
        score=adapter.current_figures(data).score,
        moved_names={n: [names.get(p, p) for p in people] for n, people in sorted(outcome.moved_people.items())},
        steps=solution.steps, optimal=solution.optimal,
    )


def _score_of(event):
    return adapter.current_figures(load_event_seating(event)).score


def reoptimize(*, round, fresh=False, seed=0, time_limit=None, steps=None, progress=None):
    """Seat `round` again, manual placements included (only pins stay for sure).

    From the seats as they are unless `fresh`: people move when it gains points. Same side
    effects as `generate` for that one round.
    """
    return generate(event=round.event, rounds=[round], keep_manual=False, fresh=fresh, seed=seed,
                    time_limit=time_limit, steps=steps, progress=progress)
