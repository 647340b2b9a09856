"""The conference world the benchmarks share: a throwaway PostgreSQL database and an event of any size.

    from bench import world
    world.setup("rt_my_bench")                  # creates the database, sets up Django (test settings), migrates
    event = world.build_event(2000)             # 250 tables of 8, two hosts a table, two rounds
    world.seat_everyone(event)                  # both rounds seated, table by table
    world.teardown("rt_my_bench")

ROUNDTABLE_ROOT measures another checkout (bench/admin_pages.py, bench/conference.py use it).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import psycopg2

ROOT = Path(os.environ.get("ROUNDTABLE_ROOT", Path(__file__).resolve().parent.parent))
POSTGRES = "postgres://postgres@127.0.0.1:5432"


def _database(name, *, create):
    connection = psycopg2.connect(f"{POSTGRES}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if create:
            cursor.execute(f"CREATE DATABASE {name}")
    connection.close()


def setup(database, *, settings="config.settings.test"):
    """A fresh database `database`, Django set up on it and migrated (the test settings: no rate limits' Redis)."""
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    os.environ["DATABASE_URL"] = f"{POSTGRES}/{database}"
    _database(database, create=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from config.gc_tuning import tune_for_serving

    tune_for_serving()  # as config/wsgi.py does in each gunicorn worker: in-process figures are served ones


def analyze():
    """Statistics for the rows just built, as autovacuum gathers them within a minute of a bulk load:
    without them PostgreSQL plans for empty tables (nested loops over thousands of rows)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def teardown(database):
    from django.db import connections

    connections.close_all()
    _database(database, create=False)


@dataclass
class World:
    event: object
    themed_round: object
    tables: int


def build_event(researchers, *, status=None, capacity=8):
    """An open event: a table per 8 researchers (`capacity` seats each), two hosts a table (each from a
    company of their own), two rounds, the first themed by company at every table; registrations
    `status` (confirmed by default)."""
    from attendees.enums import RegistrationStatus
    from tables.enums import RoundBasis
    from tests.factories import (
        CompanyFactory, EventFactory, EventHostFactory, HostFactory, RegistrationFactory, RoundFactory, TableFactory,
        TableThemeFactory,
    )

    tables = max(1, researchers // 8)
    event = EventFactory(researcher_capacity=researchers, offerings=True)
    themed = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY)
    RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH)
    for number in range(1, tables + 1):
        table = TableFactory(event=event, number=number, capacity=capacity)
        TableThemeFactory(round=themed, table=table, company=CompanyFactory())
    for _ in range(2 * tables):
        EventHostFactory(event=event, host=HostFactory(company=CompanyFactory()))
    RegistrationFactory.create_batch(researchers, event=event, status=status or RegistrationStatus.CONFIRMED)
    return World(event=event, themed_round=themed, tables=tables)


def seat_everyone(event):
    """Every registration and host seated in every round: researchers 8 a table in order, hosts 2 a table."""
    from tables.models import Seat, Table

    tables = list(Table.objects.filter(event=event).order_by("number"))
    registrations = list(event.registrations.order_by("pk").values_list("pk", flat=True))
    hosts = list(event.event_hosts.order_by("pk").values_list("pk", flat=True))
    seats = []
    for round_ in event.rounds.order_by("number"):
        shift = round_.number - 1
        for index, registration in enumerate(registrations):
            # Round 1: neighbours in order; round 2: dealt round the tables, so each table mixes.
            table = tables[index % len(tables)] if shift else tables[min(index // 8, len(tables) - 1)]
            seats.append(Seat(round=round_, table=table, registration_id=registration))
        for index, host in enumerate(hosts):
            seats.append(Seat(round=round_, table=tables[(index // 2 + shift) % len(tables)], event_host_id=host))
    Seat.objects.bulk_create(seats, batch_size=2000)


def superuser_client():
    """A test client logged in as a new superuser (the benches' organizer)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.create_superuser("bench", "bench@example.org", "unused-password"))
    return client
