"""Benchmark of the seating engine on the samples (FORMAT.md / REFERENCE.md).

    python bench/seating.py                      # all three samples, solver and greedy baseline
    python bench/seating.py --only 100x14 200x25 # some samples (substring of the file name)
    python bench/seating.py path/to/instance.json --no-greedy

Each plan is made by ``python -m tables.seating solve|greedy`` in a subprocess without options
(the default budget, as organizers run it); its wall time and peak memory (max RSS of that child,
from ``os.wait4``) are measured, and the plan is checked by the copied reference ``score.py``.
Exit status 1 if a plan is infeasible or a sample misses its target.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
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
TARGET_RATIO = 0.995


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "paths", nargs="*", help="instance files (default: the three samples in tests/fixtures/seating)"
    )
    parser.add_argument("--only", nargs="+", default=None, metavar="NAME", help="samples whose file name contains NAME")
    parser.add_argument("--no-greedy", action="store_true", help="skip the greedy baseline")
    parser.add_argument("--seed", type=int, default=None, help="pass --seed to the solver")
    parser.add_argument("--time-limit", type=float, default=None, help="pass --time-limit to the solver")
    args = parser.parse_args(argv)
    paths = [Path(p) for p in args.paths] or [FIXTURES / s for s in SAMPLES]
    if args.only:
        paths = [p for p in paths if any(o in p.name for o in args.only)]
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
