"""Benchmark of the seating engine on the samples (FORMAT.md / REFERENCE.md).

    python bench/seating.py                      # all three samples, solver and greedy baseline
    python bench/seating.py --only 100x14 200x25 # some samples (substring of the file name)
    python bench/seating.py path/to/instance.json --no-greedy
    python bench/seating.py --late                # late changes: 5 leave, 5 arrive (FORMAT.md's bar)

Each plan is made by ``python -m tables.seating solve|greedy`` in a subprocess without options
(the default budget, as organizers run it); its wall time and peak memory (max RSS of that child,
from ``os.wait4``) are measured, and the plan is checked by the copied reference ``score.py``.
Exit status 1 if a plan is infeasible or a sample misses its target (100% of the best known).

``--late`` checks the late-change bar instead: after a default solve, 5 researchers leave and 5
newcomers (choices and labs mixed from people already there) arrive; the changed instance is
solved fresh and with the first plan as ``previous``; the bar is at most 10 moved over all rounds
(``score.py``'s ``moved``) and at least 99% of the fresh score.
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "seating"
SAMPLES = ["sample-100x14.json", "sample-200x25.json", "sample-2000x250.json"]
# REFERENCE.md: best known score; the benchmark's limits: seconds, and peak memory for the large one.
BEST_KNOWN = {"sample-100x14.json": 631, "sample-200x25.json": 1293, "sample-2000x250.json": 13338}
LIMITS = {"sample-100x14.json": (5, None), "sample-200x25.json": (10, None), "sample-2000x250.json": (60, 1024)}
TARGET_RATIO = 1.0  # issue 12: never below the best known


def _load_score_py():
    spec = importlib.util.spec_from_file_location("reference_score", FIXTURES / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(command: list[str], out_path: str) -> tuple[float, float, int, str]:
    """Run ``command`` with stdout to ``out_path``; return (wall s, peak MiB, exit status, stderr)."""
    with open(out_path, "w") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return wall, usage.ru_maxrss / 1024, proc.returncode, err.read()


def late_change(d: dict, seed: int, leave: int = 5, arrive: int = 5) -> dict:
    """``d`` after ``leave`` researchers cancelled and ``arrive`` newcomers were confirmed."""
    rng = random.Random(seed)
    out = copy.deepcopy(d)
    gone = set(rng.sample([r["id"] for r in out["researchers"]], leave))
    out["researchers"] = [r for r in out["researchers"] if r["id"] not in gone]
    for i in range(arrive):
        like = [rng.choice(d["researchers"]) for _ in range(3)]
        out["researchers"].append({
            "id": f"new{i}", "affiliation": like[0].get("affiliation", ""),
            "companies": list(like[1]["companies"]), "research": list(like[2]["research"]),
        })
    out["pinned"] = [p for p in out.get("pinned", []) if p["person"] not in gone]
    return out


def late(paths: list[Path], seeds: list[int]) -> int:
    score_py = _load_score_py()
    python = sys.executable
    print(f"{'sample':<22} {'seed':>4} {'fresh':>6} {'late':>6} {'ratio':>7} {'moved':>5} {'wall s':>7}  verdict")
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            d = json.loads(path.read_text())
            first = os.path.join(tmp, "first.json")
            run([python, "-m", "tables.seating", "solve", str(path)], first)
            with open(first) as f:
                before = json.load(f)
            for seed in seeds:
                changed = late_change(d, seed)
                fresh_in = os.path.join(tmp, "fresh-in.json")
                Path(fresh_in).write_text(json.dumps(changed))
                fresh_out = os.path.join(tmp, "fresh.json")
                run([python, "-m", "tables.seating", "solve", fresh_in], fresh_out)
                changed["previous"] = before
                late_in = os.path.join(tmp, "late-in.json")
                Path(late_in).write_text(json.dumps(changed))
                late_out = os.path.join(tmp, "late.json")
                wall, _peak, status, err = run([python, "-m", "tables.seating", "solve", late_in], late_out)
                if status != 0:
                    print(f"{path.name:<22} {seed:>4} exit {status}: {err.strip()[:200]}")
                    failed = True
                    continue
                with open(fresh_out) as f:
                    fresh = score_py.score(changed, json.load(f))["score"]
                with open(late_out) as f:
                    figures = score_py.score(changed, json.load(f))
                ratio = figures["score"] / fresh
                ok = figures["feasible"] and figures["moved"] <= 10 and ratio >= 0.99
                failed |= not ok
                print(f"{path.name:<22} {seed:>4} {fresh:>6} {figures['score']:>6} {100 * ratio:>6.2f}% "
                      f"{figures['moved']:>5} {wall:>7.2f}  {'ok' if ok else 'MISSED'}", flush=True)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "paths", nargs="*", help="instance files (default: the three samples in tests/fixtures/seating)"
    )
    parser.add_argument("--only", nargs="+", default=None, metavar="NAME", help="samples whose file name contains NAME")
    parser.add_argument("--no-greedy", action="store_true", help="skip the greedy baseline")
    parser.add_argument("--seed", type=int, default=None, help="pass --seed to the solver")
    parser.add_argument("--time-limit", type=float, default=None, help="pass --time-limit to the solver")
    parser.add_argument("--late", action="store_true", help="check the late-change bar (5 leave, 5 arrive)")
    parser.add_argument("--late-seeds", type=int, default=3, metavar="N", help="changes per sample with --late")
    args = parser.parse_args(argv)
    paths = [Path(p) for p in args.paths] or [FIXTURES / s for s in SAMPLES]
    if args.only:
        paths = [p for p in paths if any(o in p.name for o in args.only)]
    if args.late:
        return late(paths, list(range(args.late_seeds)))
    score_py = _load_score_py()
    python = sys.executable
    header = (
        f"{'sample':<22} {'method':<7} {'score':>6} {'best':>6} {'ratio':>7} {'wall s':>7} {'limit':>5} "
        f"{'peak MiB':>8} {'feasible':>8}  verdict"
    )
    print(header)
    print("-" * len(header))
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            instance = json.loads(path.read_text())
            methods = ["solve"] + ([] if args.no_greedy else ["greedy"])
            for method in methods:
                command = [python, "-m", "tables.seating", method, str(path)]
                if method == "solve":
                    if args.seed is not None:
                        command += ["--seed", str(args.seed)]
                    if args.time_limit is not None:
                        command += ["--time-limit", str(args.time_limit)]
                out_path = os.path.join(tmp, f"{path.stem}-{method}.json")
                wall, peak, status, err = run(command, out_path)
                best = BEST_KNOWN.get(path.name)
                limit, mem_limit = LIMITS.get(path.name, (None, None))
                if status != 0:
                    print(f"{path.name:<22} {method:<7} exit {status}: {err.strip()[:200]}")
                    failed = True
                    continue
                with open(out_path) as f:
                    plan = json.load(f)
                figures = score_py.score(instance, plan)
                score = figures["score"]
                ratio = score / best if best else float("nan")
                verdict = ""
                if method == "solve":
                    ok = figures["feasible"]
                    if best is not None:
                        ok = ok and ratio >= TARGET_RATIO
                    if limit is not None:
                        ok = ok and wall <= limit
                    if mem_limit is not None:
                        ok = ok and peak <= mem_limit
                    verdict = "ok" if ok else "MISSED"
                    failed |= not ok
                elif not figures["feasible"]:
                    failed = True
                    verdict = "INFEASIBLE"
                print(
                    f"{path.name:<22} {method:<7} {score:>6} {best if best else '-':>6} {100 * ratio:>6.2f}% "
                    f"{wall:>7.2f} {limit if limit else '-':>5} {peak:>8.0f} {str(figures['feasible']):>8}  {verdict}",
                    flush=True,
                )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
