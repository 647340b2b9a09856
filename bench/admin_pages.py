"""Time, queries and size of the round and event admin change pages at 100 and at 2,000 researchers.

    python bench/admin_pages.py                  # 100 and 2,000 researchers, 8 seats a table
    python bench/admin_pages.py --researchers 100 500 2000 --repeat 5

Sets up its own world and removes it: a PostgreSQL database (rt_admin_pages_bench on
127.0.0.1:5432, user postgres), migrated, with one event per size: a table per 8 researchers,
two hosts a table (each from a company of their own), two rounds, the first themed by company at
every table. Pages are fetched in-process with Django's test client as a superuser; the median of
`--repeat` fetches is reported (after one warm-up fetch). ROUNDTABLE_ROOT measures another checkout.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg2

ROOT = Path(os.environ.get("ROUNDTABLE_ROOT", Path(__file__).resolve().parent.parent))
DATABASE = "rt_admin_pages_bench"
POSTGRES = "postgres://postgres@127.0.0.1:5432"


def recreate_database(*, drop_only=False):
    connection = psycopg2.connect(f"{POSTGRES}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        if not drop_only:
            cursor.execute(f"CREATE DATABASE {DATABASE}")
    connection.close()


def build_event(researchers):
    from tables.enums import RoundBasis
    from tests.factories import (
        CompanyFactory, EventFactory, EventHostFactory, HostFactory, RegistrationFactory, RoundFactory, TableFactory,
        TableThemeFactory,
    )

    tables = max(1, researchers // 8)
    event = EventFactory(researcher_capacity=researchers)
    themed = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY)
    RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH)
    for number in range(1, tables + 1):
        TableThemeFactory(round=themed, table=TableFactory(event=event, number=number), company=CompanyFactory())
    for _ in range(2 * tables):
        EventHostFactory(event=event, host=HostFactory(company=CompanyFactory()))
    RegistrationFactory.create_batch(researchers, event=event)
    return event, themed, tables


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

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"{POSTGRES}/{DATABASE}"
    recreate_database()
    try:
        import django
        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        call_command("migrate", verbosity=0)
        admin = get_user_model().objects.create_superuser("bench", "bench@example.org", "unused-password")
        client = Client()
        client.force_login(admin)
        print(f"{'researchers':>11} {'tables':>6} {'page':<6} {'ms':>8} {'queries':>7} {'KB':>7}")
        for researchers in args.researchers:
            event, round_, tables = build_event(researchers)
            for page, url in (("round", reverse("admin:tables_round_change", args=[round_.pk])),
                              ("event", reverse("admin:events_event_change", args=[event.pk]))):
                seconds, queries, size = measure(client, url, args.repeat)
                milliseconds, kilobytes = seconds * 1000, size / 1024
                print(f"{researchers:>11} {tables:>6} {page:<6} {milliseconds:>8.0f} {queries:>7} {kilobytes:>7.0f}")
    finally:
        from django.db import connections
        connections.close_all()
        recreate_database(drop_only=True)


if __name__ == "__main__":
    main()
