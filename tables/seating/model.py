"""Plain data of the seating engine: the instance, the plan, the weights and the errors.

Everything here is a frozen dataclass (except :class:`Plan`, which callers may edit), built from
strings and ints only, so the Django adapter and the JSON reader (:mod:`tables.seating.io`) can both
construct it. Round ids keep the type they had in JSON (``1`` is not ``"1"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = [
    "COMPANY",
    "RESEARCH",
    "BASES",
    "TableSpec",
    "RoundSpec",
    "Researcher",
    "Host",
    "Pin",
    "Weights",
    "DEFAULT_WEIGHTS",
    "Instance",
    "Plan",
    "SeatingError",
    "InvalidInstance",
    "InfeasibleInstance",
]

COMPANY = "company"
RESEARCH = "research"
BASES = (COMPANY, RESEARCH)

RoundId = int | str

# Per person and round moved from the previous plan: a move must win at least 2 points. Measured on
# the samples after 5 departures and 5 arrivals: at 1, at most 7 moved and >= 99.7% of a fresh solve;
# at 2, at most 3 moved but scores fell to 99.2%, too near FORMAT.md's bar of 99%.
MOVE_PENALTY = 1


class SeatingError(ValueError):
    """Base class of every error the seating engine raises on purpose."""


class InvalidInstance(SeatingError):
    """The instance is not well formed (duplicate ids, unknown basis, bad capacity...)."""


class InfeasibleInstance(SeatingError):
    """No plan can keep every hard rule; the message says what the organizer should change.

    ``problems`` lists every problem found (the message joins them, one a line).
    """

    def __init__(self, problems: str | list[str] | tuple[str, ...]):
        if isinstance(problems, str):
            problems = (problems,)
        self.problems: tuple[str, ...] = tuple(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class TableSpec:
    id: str
    capacity: int


@dataclass(frozen=True)
class RoundSpec:
    """One round: ``basis`` is ``"company"`` or ``"research"``; ``themes`` maps table id -> theme.

    A table missing from ``themes`` is unthemed in this round.
    """

    id: RoundId
    basis: str
    themes: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Freeze the mapping so the dataclass stays hashable-ish and nobody edits it behind our back.
        object.__setattr__(self, "themes", MappingProxyType(dict(self.themes)))

    def __hash__(self) -> int:  # MappingProxyType is not hashable
        return hash((self.id, self.basis, tuple(sorted(self.themes.items()))))


@dataclass(frozen=True)
class Researcher:
    id: str
    companies: tuple[str, ...] = ()
    research: tuple[str, ...] = ()
    affiliation: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "companies", tuple(self.companies))
        object.__setattr__(self, "research", tuple(self.research))


@dataclass(frozen=True)
class Host:
    id: str
    company: str
    research: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "research", tuple(self.research))


@dataclass(frozen=True)
class Pin:
    """An organizer's manual placement: in round ``round``, ``person`` sits at ``table``."""

    round: RoundId
    person: str
    table: str


@dataclass(frozen=True)
class Weights:
    """The objective. Defaults are FORMAT.md's: +3/+2/+1 by rank, -2 per repeated pair, -1 per same-lab pair.

    ``move_penalty`` is what the solver pays, per person and round, for seating someone elsewhere
    than in the instance's ``previous`` plan (late changes). It steers the solver only: the score
    of a plan never includes it.
    """

    rank_points: tuple[int, ...] = (3, 2, 1)
    repeat_pair_penalty: int = 2
    same_affiliation_penalty: int = 1
    move_penalty: int = MOVE_PENALTY

    def __post_init__(self) -> None:
        object.__setattr__(self, "rank_points", tuple(int(p) for p in self.rank_points))
        if any(p < 0 for p in self.rank_points):
            raise SeatingError("weights: rank points must not be negative")
        if self.repeat_pair_penalty < 0 or self.same_affiliation_penalty < 0 or self.move_penalty < 0:
            raise SeatingError("weights: penalties must not be negative")

    def points(self, choices: tuple[str, ...], theme: str | None) -> int:
        """Points of a person whose ordered choices are ``choices`` at a table themed ``theme``."""
        if theme is None:
            return 0
        try:
            k = choices.index(theme)
        except ValueError:
            return 0
        return self.rank_points[k] if k < len(self.rank_points) else 0


DEFAULT_WEIGHTS = Weights()


@dataclass
class Plan:
    """``seats[round id][person id] = table id`` for every researcher and host in every round."""

    seats: dict[RoundId, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Instance:
    tables: tuple[TableSpec, ...]
    rounds: tuple[RoundSpec, ...]
    researchers: tuple[Researcher, ...]
    hosts: tuple[Host, ...] = ()
    host_min: int = 0
    host_max: int | None = None
    pinned: tuple[Pin, ...] = ()
    name: str = ""
    previous: Plan | None = None  # the seats of an earlier solve: keep them where still valid

    def __post_init__(self) -> None:
        for name in ("tables", "rounds", "researchers", "hosts", "pinned"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
