"""Time, queries and size of the round and event admin change pages at 100 and at 2,000 researchers.

    python bench/admin_pages.py                  # 100 and 2,000 researchers, 8 seats a table
    python bench/admin_pages.py --researchers 100 500 2000 --repeat 5

Sets up its own world and removes it (bench/world.py): a PostgreSQL database (rt_admin_pages_bench
on 127.0.0.1:5432, user postgres), migrated, with one event per size: a table per 8 researchers,
two hosts a table (each from a company of their own), two rounds, the first themed by company at
every table. Pages are fetched in-process with Django's test client as a superuser; the median of
`--repeat` fetches is reported (after one warm-up fetch). ROUNDTABLE_ROOT measures another checkout.
"""
from __future__ import annotations

import argparse
import statistics
import time

import world

DATABASE = "rt_admin_pages_bench"


def measure(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: the session's caches
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings), len(queries), len(response.content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--researchers", type=int, nargs="+", default=[100, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    world.setup(DATABASE)
    try:
        from django.urls import reverse

        client = world.superuser_client()
        print(f"{'researchers':>11} {'tables':>6} {'page':<6} {'ms':>8} {'queries':>7} {'KB':>7}")
        for researchers in args.researchers:
            built = world.build_event(researchers)
            event, round_, tables = built.event, built.themed_round, built.tables
            for page, url in (("round", reverse("admin:tables_round_change", args=[round_.pk])),
                              ("event", reverse("admin:events_event_change", args=[event.pk]))):
                seconds, queries, size = measure(client, url, args.repeat)
                milliseconds, kilobytes = seconds * 1000, size / 1024
                print(f"{researchers:>11} {tables:>6} {page:<6} {milliseconds:>8.0f} {queries:>7} {kilobytes:>7.0f}")
    finally:
        world.teardown(DATABASE)


if __name__ == "__main__":
    main()
