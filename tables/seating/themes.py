"""How many tables each theme gets: largest remainder (Hamilton) over demand, with minimums."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from .model import InfeasibleInstance, SeatingError

__all__ = ["suggest_table_themes"]


def _largest_remainder(total: int, demand: dict[str, Fraction], order: list[str]) -> dict[str, int]:
    """Split ``total`` over ``order`` in proportion to ``demand`` (equal shares if all zero)."""
    if not order or total <= 0:
        return {k: 0 for k in order}
    weight = sum(demand[k] for k in order)
    if weight == 0:
        quota = {k: Fraction(total, len(order)) for k in order}
    else:
        quota = {k: demand[k] * total / weight for k in order}
    out = {k: int(quota[k]) for k in order}  # floor: quotas are >= 0
    left = total - sum(out.values())
    rank = sorted(order, key=lambda k: (-(quota[k] - out[k]), -demand[k], order.index(k)))
    for k in rank[:left]:
        out[k] += 1
    return out


def suggest_table_themes(
    *, table_count: int, demand: Mapping[str, float], minimum: Mapping[str, int] | None = None
) -> dict[str, int]:
    """Number of tables per theme, in proportion to ``demand``, by largest remainder.

    Parameters:
        table_count: tables to share out.
        demand: per theme, a non-negative weight (e.g. how many researchers rank it first).
        minimum: per theme, the least number of tables it must get (e.g. one per group of hosts).
            A theme whose proportional share is below its minimum gets exactly its minimum and
            the others share the rest, again by largest remainder.

    Returns:
        ``{theme: tables}`` for every theme of ``demand`` then of ``minimum`` (zeros included),
        summing to ``table_count``. Ties go to the larger demand, then to the earlier theme
        (order of ``demand``, then of ``minimum``).

    Raises:
        InfeasibleInstance: the minimums need more tables than ``table_count``.
        SeatingError: a negative table count, demand or minimum.

    Example:
        >>> suggest_table_themes(table_count=5, demand={"A": 6, "B": 3, "C": 1})
        {'A': 3, 'B': 2, 'C': 0}
    """
    minimum = dict(minimum or {})
    if table_count < 0:
        raise SeatingError(f"table count must not be negative, got {table_count}")
    order = list(dict.fromkeys(list(demand) + list(minimum)))
    dem: dict[str, Fraction] = {}
    for k in order:
        value = demand.get(k, 0)
        if value < 0:
            raise SeatingError(f"demand of {k} must not be negative, got {value}")
        dem[k] = Fraction(value)
    for k, m in minimum.items():
        if m < 0:
            raise SeatingError(f"minimum of {k} must not be negative, got {m}")
    need = sum(minimum.values())
    if need > table_count:
        raise InfeasibleInstance(
            f"the themes need at least {need} tables but there are {table_count}; "
            f"add {need - table_count} {'table' if need - table_count == 1 else 'tables'} or lower the minimums"
        )
    fixed: dict[str, int] = {}
    while True:
        free = [k for k in order if k not in fixed]
        left = table_count - sum(fixed.values())
        share = _largest_remainder(left, dem, free)
        short = [k for k in free if share[k] < minimum.get(k, 0)]
        if not short:
            break
        for k in short:
            fixed[k] = minimum[k]
    if not free and left > 0:
        # every theme sits at its minimum and tables remain: share them out by demand
        extra = _largest_remainder(left, dem, order)
        return {k: fixed[k] + extra[k] for k in order}
    return {k: fixed[k] if k in fixed else share[k] for k in order}
