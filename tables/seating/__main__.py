"""Command line of the seating engine.

    python -m tables.seating solve INSTANCE.json [--time-limit S | --steps N] [--seed N] [weights] > PLAN.json
    python -m tables.seating greedy INSTANCE.json > PLAN.json
    python -m tables.seating score INSTANCE.json PLAN.json [weights]

Weights: ``--rank-points 3,2,1``, ``--repeat-penalty 2``, ``--affiliation-penalty 1``, and for
``solve`` with a ``previous`` plan in the instance (late changes) ``--move-penalty 3``.
``solve`` and ``greedy`` print only the plan's JSON on stdout (exit 0); ``solve --progress`` reports
on stderr, last the steps done: ``--steps`` with that number repeats the run exactly. ``score`` prints the
figures as ``score.py`` does (exit 0 if the plan keeps every hard rule, 1 if not). A bad file or
an impossible instance: a message on stderr, nothing on stdout, exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from .greedy import solve_greedy
from .io import load_instance, load_plan, plan_to_dict
from .model import SeatingError, Weights
from .scoring import evaluate
from .solver import solve_report


def _rank_points(text: str) -> tuple[int, ...]:
    try:
        values = tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected integers separated by commas, got {text!r}") from None
    if not values or any(v < 0 for v in values):
        raise argparse.ArgumentTypeError(f"expected non-negative integers separated by commas, got {text!r}")
    return values


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative number of seconds, got {text!r}")
    return value


def _add_weights(parser: argparse.ArgumentParser) -> None:
    default = Weights()
    parser.add_argument(
        "--rank-points",
        type=_rank_points,
        default=default.rank_points,
        metavar="3,2,1",
        help="points for a 1st, 2nd, 3rd... choice (default 3,2,1)",
    )
    parser.add_argument(
        "--repeat-penalty",
        type=_non_negative_int,
        default=default.repeat_pair_penalty,
        metavar="N",
        help="penalty per pair who share a table twice (default 2)",
    )
    parser.add_argument(
        "--affiliation-penalty",
        type=_non_negative_int,
        default=default.same_affiliation_penalty,
        metavar="N",
        help="penalty per same-affiliation pair at a table (default 1)",
    )


def _weights(args: argparse.Namespace) -> Weights:
    return Weights(
        rank_points=args.rank_points,
        repeat_pair_penalty=args.repeat_penalty,
        same_affiliation_penalty=args.affiliation_penalty,
        move_penalty=getattr(args, "move_penalty", Weights().move_penalty),
    )


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors exit 2 like the rest, message on stderr
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m tables.seating", description="Roundtable's seating engine.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("solve", help="seat everybody; prints the plan JSON")
    p.add_argument("instance")
    p.add_argument(
        "--time-limit",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="seconds of search (default: grows with the instance)",
    )
    p.add_argument(
        "--steps",
        type=_non_negative_int,
        default=None,
        metavar="N",
        help="search steps instead of a time: same input, seed and steps, same plan on any machine",
    )
    p.add_argument("--seed", type=int, default=0, help="random seed (chooses among plans of equal worth)")
    p.add_argument("--progress", action="store_true", help="report progress, then the steps done, on stderr")
    _add_weights(p)
    p.add_argument(
        "--move-penalty",
        type=_non_negative_int,
        default=Weights().move_penalty,
        metavar="N",
        help=f"late changes: cost of moving someone from the previous plan (default {Weights().move_penalty})",
    )
    p = sub.add_parser("greedy", help="the greedy baseline; prints the plan JSON")
    p.add_argument("instance")
    p = sub.add_parser("score", help="the figures of a plan, as score.py prints them")
    p.add_argument("instance")
    p.add_argument("plan")
    _add_weights(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        instance = load_instance(args.instance)
        if args.command == "solve":
            progress = None
            if args.progress:

                def progress(fraction: float, best: int) -> None:
                    print(f"{100 * fraction:5.1f}%  best {best}", file=sys.stderr)

            found = solve_report(
                instance,
                weights=_weights(args),
                seed=args.seed,
                time_limit=args.time_limit,
                steps=args.steps,
                progress=progress,
            )
            if args.progress:
                moved = sum(len(people) for people in found.moved.values())
                print(
                    f"score {found.score}{' (optimal)' if found.optimal else ''}"
                    f"{f', {moved} moved' if instance.previous is not None else ''}; "
                    f"{found.steps} steps in {found.seconds:.1f} s (--steps {found.steps} --seed {args.seed} "
                    "repeats this plan)",
                    file=sys.stderr,
                )
            out = plan_to_dict(found.plan)
        elif args.command == "greedy":
            out = plan_to_dict(solve_greedy(instance))
        else:
            figures = evaluate(instance, load_plan(args.plan), weights=_weights(args))
            print(json.dumps(figures.to_dict()))
            return 0 if figures.feasible else 1
    except SeatingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
