"""Shared helpers of the seating engine's tests (no database)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "seating"
SAMPLES = ["sample-100x14.json", "sample-200x25.json", "sample-2000x250.json"]
BEST_KNOWN = {"sample-100x14.json": 631, "sample-200x25.json": 1293, "sample-2000x250.json": 13338}  # REFERENCE.md


def _load_score_py():
    spec = importlib.util.spec_from_file_location("reference_score_py", FIXTURES / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


score_py = _load_score_py()


def load_sample(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


@pytest.fixture(scope="session")
def reference_score():
    """The copied reference scorer's ``score(instance_dict, plan_dict)``."""
    return score_py.score
