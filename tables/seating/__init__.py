"""Roundtable's seating engine: dataclasses in, plan out. Imports nothing from Django.

Public API::

    solve(instance, *, weights=Weights(), seed=0, time_limit=None, steps=None, progress=None) -> Plan
    solve_report(...) -> Solution        # the plan, its score, the steps done, who moved
    evaluate(instance, plan, *, weights=Weights()) -> Figures
    solve_greedy(instance) -> Plan
    check_instance(instance)            # raises InfeasibleInstance / InvalidInstance
    suggest_table_themes(*, table_count, demand, minimum=None) -> dict[str, int]
    instance_from_dict / instance_to_dict / plan_from_dict / plan_to_dict

See FORMAT.md (copied in tests/fixtures/seating/) for the exchange format and the objective.
"""

from .greedy import solve_greedy
from .io import instance_from_dict, instance_to_dict, load_instance, load_plan, plan_from_dict, plan_to_dict
from .model import (
    Host,
    InfeasibleInstance,
    Instance,
    InvalidInstance,
    Pin,
    Plan,
    Researcher,
    RoundSpec,
    SeatingError,
    TableSpec,
    Weights,
)
from .scoring import Figures, RoundFigures, evaluate
from .solver import Solution, default_time_limit, moved_people, solve, solve_report
from .themes import suggest_table_themes
from .validate import check_instance

__all__ = [
    "TableSpec",
    "RoundSpec",
    "Researcher",
    "Host",
    "Pin",
    "Weights",
    "Instance",
    "Plan",
    "Figures",
    "RoundFigures",
    "SeatingError",
    "InvalidInstance",
    "InfeasibleInstance",
    "solve",
    "solve_report",
    "Solution",
    "moved_people",
    "solve_greedy",
    "evaluate",
    "check_instance",
    "default_time_limit",
    "suggest_table_themes",
    "instance_from_dict",
    "instance_to_dict",
    "plan_from_dict",
    "plan_to_dict",
    "load_instance",
    "load_plan",
]
