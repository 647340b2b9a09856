"""suggest_table_themes: largest remainder over demand, minimums honored, deterministic ties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tables.seating import InfeasibleInstance, SeatingError, suggest_table_themes


def test_largest_remainder():
    # quotas 14 * (50, 30, 20) / 100 = 7.0, 4.2, 2.8 -> 7, 4, 3
    assert suggest_table_themes(table_count=14, demand={"A": 50, "B": 30, "C": 20}) == {"A": 7, "B": 4, "C": 3}


def test_remainders_decide_the_last_tables():
    # quotas 10 * (4, 3, 2, 1) / 10 -> exact: 4, 3, 2, 1
    assert suggest_table_themes(table_count=10, demand={"A": 4, "B": 3, "C": 2, "D": 1}) == {
        "A": 4,
        "B": 3,
        "C": 2,
        "D": 1,
    }
    # quotas 5 * (4, 3, 2, 1) / 10 = 2.0, 1.5, 1.0, 0.5 -> floors 2, 1, 1, 0; the one left goes to B (0.5,
    # larger demand than D)
    assert suggest_table_themes(table_count=5, demand={"A": 4, "B": 3, "C": 2, "D": 1}) == {
        "A": 2,
        "B": 2,
        "C": 1,
        "D": 0,
    }


def test_ties_go_to_the_earlier_theme():
    assert suggest_table_themes(table_count=1, demand={"B": 1, "A": 1}) == {"B": 1, "A": 0}
    assert suggest_table_themes(table_count=2, demand={"A": 1, "B": 1, "C": 1}) == {"A": 1, "B": 1, "C": 0}


def test_weighted_demand_as_floats():
    # e.g. 3/2/1 points summed over researchers
    assert suggest_table_themes(table_count=3, demand={"CV": 10.5, "NLP": 4.5}) == {"CV": 2, "NLP": 1}


def test_minimum_is_honored_and_the_rest_shared_by_demand():
    # without minimum: quotas 6 * (90, 8, 2) / 100 = 5.4, 0.48, 0.12 -> 5, 1, 0
    assert suggest_table_themes(table_count=6, demand={"A": 90, "B": 8, "C": 2}) == {"A": 5, "B": 1, "C": 0}
    # C brings hosts for two tables: C gets 2, A and B share 4 tables: 4 * (90, 8) / 98 = 3.67, 0.33 -> 4, 0
    assert suggest_table_themes(table_count=6, demand={"A": 90, "B": 8, "C": 2}, minimum={"C": 2}) == {
        "A": 4,
        "B": 0,
        "C": 2,
    }


def test_minimum_for_a_theme_without_demand_is_listed():
    assert suggest_table_themes(table_count=4, demand={"A": 1}, minimum={"Z": 1}) == {"A": 3, "Z": 1}


def test_no_demand_at_all_shares_equally():
    assert suggest_table_themes(table_count=5, demand={"A": 0, "B": 0}) == {"A": 3, "B": 2}


def test_minimums_above_the_table_count_are_refused():
    with pytest.raises(InfeasibleInstance) as info:
        suggest_table_themes(table_count=3, demand={"A": 1}, minimum={"A": 2, "B": 2})
    assert str(info.value) == "the themes need at least 4 tables but there are 3; add 1 table or lower the minimums"


def test_negative_demand_is_refused():
    with pytest.raises(SeatingError) as info:
        suggest_table_themes(table_count=3, demand={"A": -1})
    assert str(info.value) == "demand of A must not be negative, got -1"


@settings(max_examples=200, deadline=None)
@given(
    table_count=st.integers(0, 40),
    demand=st.dictionaries(st.sampled_from("ABCDEFG"), st.integers(0, 50), min_size=1),
    minimum=st.dictionaries(st.sampled_from("ABCDEFGH"), st.integers(0, 4)),
)
def test_sums_to_table_count_and_honors_minimums(table_count, demand, minimum):
    if sum(minimum.values()) > table_count:
        return
    out = suggest_table_themes(table_count=table_count, demand=demand, minimum=minimum)
    assert sum(out.values()) == table_count
    assert all(out[k] >= m for k, m in minimum.items())
    assert list(out) == list(dict.fromkeys(list(demand) + list(minimum)))
    assert out == suggest_table_themes(table_count=table_count, demand=dict(demand), minimum=dict(minimum))
