"""The command line, end to end in subprocesses: solve, then the copied score.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = str(FIXTURES / "sample-100x14.json")


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_solve_then_score_py(tmp_path):
    solved = run("-m", "tables.seating", "solve", SAMPLE, "--steps", "20", "--seed", "3")
    assert solved.returncode == 0
    assert solved.stderr == ""
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(solved.stdout)
    plan = json.loads(solved.stdout)
    assert [r["id"] for r in plan["rounds"]] == [1, 2]
    scored = run(str(FIXTURES / "score.py"), SAMPLE, str(plan_path))
    assert scored.returncode == 0
    reference = json.loads(scored.stdout)
    assert reference["feasible"] is True
    ours = run("-m", "tables.seating", "score", SAMPLE, str(plan_path))
    assert ours.returncode == 0
    assert json.loads(ours.stdout) == reference
    # same seed, same plan, whatever the hash seed of the interpreter
    again = run(
        "-m", "tables.seating", "solve", SAMPLE, "--steps", "20", "--seed", "3", env={"PYTHONHASHSEED": "123"}
    )
    assert again.stdout == solved.stdout


def test_a_timed_run_reports_the_steps_that_repeat_it():
    timed = run("-m", "tables.seating", "solve", SAMPLE, "--time-limit", "0.5", "--seed", "4", "--progress")
    assert timed.returncode == 0
    last = timed.stderr.splitlines()[-1]
    steps = last.split("--steps ")[1].split()[0]
    again = run("-m", "tables.seating", "solve", SAMPLE, "--steps", steps, "--seed", "4")
    assert again.stdout == timed.stdout


def test_solve_reads_a_previous_plan_and_score_py_counts_the_moves(tmp_path):
    d = json.loads(Path(SAMPLE).read_text())
    first = run("-m", "tables.seating", "solve", SAMPLE, "--steps", "30")
    d["previous"] = json.loads(first.stdout)
    d["researchers"] = d["researchers"][3:]  # three cancelled
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(d))
    solved = run("-m", "tables.seating", "solve", str(path), "--steps", "30", "--progress")
    assert solved.returncode == 0
    reported = int(solved.stderr.splitlines()[-1].split(" moved;")[0].split(", ")[-1])
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(solved.stdout)
    scored = json.loads(run(str(FIXTURES / "score.py"), str(path), str(plan_path)).stdout)
    assert scored["feasible"] is True
    assert scored["moved"] == reported <= 6


def test_weight_options(tmp_path):
    solved = run(
        "-m",
        "tables.seating",
        "solve",
        SAMPLE,
        "--time-limit",
        "0.2",
        "--repeat-penalty",
        "0",
        "--affiliation-penalty",
        "0",
        "--rank-points",
        "3,2,1",
    )
    assert solved.returncode == 0
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(solved.stdout)
    default = json.loads(run("-m", "tables.seating", "score", SAMPLE, str(plan_path)).stdout)
    weighted = json.loads(
        run(
            "-m",
            "tables.seating",
            "score",
            SAMPLE,
            str(plan_path),
            "--repeat-penalty",
            "0",
            "--affiliation-penalty",
            "0",
            "--rank-points",
            "1",
        ).stdout
    )
    assert weighted["score"] == weighted["points"]
    assert weighted["points"] < default["points"]


def test_greedy_command():
    solved = run("-m", "tables.seating", "greedy", SAMPLE)
    assert solved.returncode == 0
    assert json.loads(solved.stdout)["rounds"][0]["id"] == 1


def test_infeasible_instance_exits_2_with_the_message(tmp_path):
    d = json.loads(Path(SAMPLE).read_text())
    d["tables"] = d["tables"][:12]
    for r in d["rounds"]:
        r["themes"] = {t: v for t, v in r["themes"].items() if t in {x["id"] for x in d["tables"]}}
    path = tmp_path / "small.json"
    path.write_text(json.dumps(d))
    solved = run("-m", "tables.seating", "solve", str(path))
    assert solved.returncode == 2
    assert solved.stdout == ""
    assert solved.stderr.splitlines()[0] == (
        "error: 4 researchers more than seats: 100 researchers, 96 seats; add tables or raise capacity"
    )


def test_bad_files_exit_2(tmp_path):
    missing = run("-m", "tables.seating", "solve", str(tmp_path / "nope.json"))
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr.startswith("error: cannot read ")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    bad = run("-m", "tables.seating", "solve", str(broken))
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr.startswith(f"error: {broken} is not valid JSON")
    option = run("-m", "tables.seating", "solve", SAMPLE, "--rank-points", "x")
    assert (option.returncode, option.stdout) == (2, "")


def test_score_of_an_infeasible_plan_exits_1(tmp_path):
    plan = {"rounds": [{"id": 1, "seats": {}}, {"id": 2, "seats": {}}]}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    ours = run("-m", "tables.seating", "score", SAMPLE, str(path))
    reference = run(str(FIXTURES / "score.py"), SAMPLE, str(path))
    assert (ours.returncode, reference.returncode) == (1, 1)
    assert json.loads(ours.stdout) == json.loads(reference.stdout)
