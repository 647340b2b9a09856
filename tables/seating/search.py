"""Joint local search over all rounds: simulated annealing with move and swap, incremental deltas.

The state is ``seat[r][p] = t`` for researchers (hosts are solved apart, exactly). A step picks a
round, a movable researcher and a target table (often one worth points to them), then moves the
researcher there if a seat is free or swaps them with somebody seated there. The score change is
computed in O(rounds) from counters:

- ``acnt[r][t][a]``: researchers of affiliation ``a`` at table ``t`` in round ``r``;
- ``cross[r][s][t][u]``: researchers at ``t`` in round ``r`` and at ``u`` in round ``s``.

The amount of work is a number of steps, not a time, so the same seed gives the same plan; the
wall-clock ``deadline`` is only a safety cap.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from .core import Core

__all__ = ["anneal"]


def anneal(
    core: Core,
    seat: list[list[int]],
    rng: random.Random,
    steps: int,
    *,
    t_start: float = 2.0,
    t_end: float = 0.05,
    good_share: float = 0.6,
    deadline: float | None = None,
    progress: Callable[[float, int], None] | None = None,
    offset: int = 0,
) -> tuple[list[list[int]], int]:
    """Improve ``seat`` (modified in place) for ``steps`` steps; return the best seats and score.

    ``offset`` is added to the reported score (the hosts' points) for ``progress``.
    """
    R, T, N = core.R, core.T, core.N
    cap = core.cap
    aff = core.aff
    n_aff = max(core.n_aff, 1)
    w_aff = core.w_aff
    w_rep = core.w_rep
    pts_all = core.pts
    movable = [[p for p in range(N) if p not in core.pins[r]] for r in range(R)]
    if steps <= 0 or not any(movable) or T < 2:
        return [row[:] for row in seat], core.score(seat)
    cnt = [[0] * T for _ in range(R)]
    acnt = [[[0] * n_aff for _ in range(T)] for _ in range(R)]
    cross = [[None if s == r else [[0] * T for _ in range(T)] for s in range(R)] for r in range(R)]
    others = [[s for s in range(R) if s != r] for r in range(R)]
    mem: list[list[list[int]]] = [[[] for _ in range(T)] for _ in range(R)]
    pos = [[-1] * N for _ in range(R)]
    for r in range(R):
        pins = core.pins[r]
        for p in range(N):
            t = seat[r][p]
            cnt[r][t] += 1
            if aff[p] >= 0:
                acnt[r][t][aff[p]] += 1
            for s in others[r]:
                cross[r][s][t][seat[s][p]] += 1
            if p not in pins:
                pos[r][p] = len(mem[r][t])
                mem[r][t].append(p)
    # tables worth points, per round and researcher
    good = []
    for r in range(R):
        rows = []
        for p in range(N):
            row = pts_all[r][p]
            rows.append([t for t in range(T) if row[t] > 0] or list(range(T)))
        good.append(rows)

    def do_move(r: int, p: int, B: int) -> None:
        A = seat[r][p]
        seat[r][p] = B
        cnt[r][A] -= 1
        cnt[r][B] += 1
        ap = aff[p]
        if ap >= 0:
            acnt[r][A][ap] -= 1
            acnt[r][B][ap] += 1
        for s in others[r]:
            u = seat[s][p]
            X = cross[r][s]
            X[A][u] -= 1
            X[B][u] += 1
            Y = cross[s][r][u]
            Y[A] -= 1
            Y[B] += 1
        memA = mem[r][A]
        i = pos[r][p]
        last = memA.pop()
        if last != p:
            memA[i] = last
            pos[r][last] = i
        memB = mem[r][B]
        pos[r][p] = len(memB)
        memB.append(p)

    def do_swap(r: int, p: int, q: int) -> None:
        sr = seat[r]
        A = sr[p]
        B = sr[q]
        sr[p] = B
        sr[q] = A
        ap = aff[p]
        aq = aff[q]
        acr = acnt[r]
        if ap >= 0:
            acr[A][ap] -= 1
            acr[B][ap] += 1
        if aq >= 0:
            acr[B][aq] -= 1
            acr[A][aq] += 1
        for s in others[r]:
            u = seat[s][p]
            v = seat[s][q]
            if u != v:
                X = cross[r][s]
                X[A][u] -= 1
                X[B][u] += 1
                X[B][v] -= 1
                X[A][v] += 1
                Y = cross[s][r]
                Y[u][A] -= 1
                Y[u][B] += 1
                Y[v][B] -= 1
                Y[v][A] += 1
        i, j = pos[r][p], pos[r][q]
        mem[r][A][i] = q
        mem[r][B][j] = p
        pos[r][q] = i
        pos[r][p] = j

    current = core.score(seat)
    best = current
    best_seat = [row[:] for row in seat]
    rand = rng.random
    exp = math.exp
    log_ratio = math.log(t_end / t_start)
    chunk = 20000
    done = 0
    while done < steps:
        n = min(chunk, steps - done)
        temp = t_start * math.exp(log_ratio * (done / steps))
        temp_next = t_start * math.exp(log_ratio * ((done + n) / steps))
        # temperature falls geometrically inside the chunk too
        cool = (temp_next / temp) ** (1.0 / n)
        for _ in range(n):
            temp *= cool
            r = int(rand() * R)  # faster than randrange, and as reproducible
            mv = movable[r]
            if not mv:
                continue
            p = mv[int(rand() * len(mv))]
            A = seat[r][p]
            if rand() < good_share:
                g = good[r][p]
                B = g[int(rand() * len(g))]
            else:
                B = int(rand() * T)
            if B == A:
                continue
            memB = mem[r][B]
            ap = aff[p]
            acr = acnt[r]
            pr = pts_all[r]
            oth = others[r]
            if cnt[r][B] < cap[B] and (not memB or rand() < 0.5):
                # move p to a free seat at B (inlined: this is the hot loop)
                d = pr[p][B] - pr[p][A]
                if ap >= 0:
                    d -= w_aff * (acr[B][ap] - acr[A][ap] + 1)
                for s in oth:
                    u = seat[s][p]
                    X = cross[r][s]
                    d -= w_rep * (X[B][u] - X[A][u] + 1)
                if d < 0 and rand() >= exp(d / temp):
                    continue
                do_move(r, p, B)
                current += d
                continue
            if not memB:
                continue
            q = memB[int(rand() * len(memB))]
            # swap p and q
            aq = aff[q]
            d = pr[p][B] - pr[p][A] + pr[q][A] - pr[q][B]
            if ap >= 0:
                d -= w_aff * (acr[B][ap] - (aq == ap) - acr[A][ap] + 1)
            if aq >= 0:
                d -= w_aff * (acr[A][aq] - (aq == ap) - acr[B][aq] + 1)
            for s in oth:
                u = seat[s][p]
                v = seat[s][q]
                X = cross[r][s]
                same = u == v
                d -= w_rep * (X[B][u] - same - X[A][u] + 1 + X[A][v] - same - X[B][v] + 1)
            if d < 0 and rand() >= exp(d / temp):
                continue
            do_swap(r, p, q)
            current += d
        done += n
        # snapshot at chunk ends only: copying on every new best would cost more than the steps
        if current > best:
            best = current
            best_seat = [row[:] for row in seat]
        if progress is not None:
            progress(done / steps, best + offset)
        if deadline is not None and time.monotonic() > deadline:
            break
    return best_seat, best
