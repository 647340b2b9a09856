"""Time, queries and size of the seating board and of one drag at 100 and at 2,000 researchers.

    python bench/board.py                        # 100 and 2,000 researchers, 8 a table
    python bench/board.py --researchers 100 500 2000 --repeat 5

Sets up its own world and removes it: a PostgreSQL database (rt_board_bench on 127.0.0.1:5432,
user postgres), migrated, with one event per size: a table per 8 researchers (9 seats, so a drag
has somewhere to go), two hosts a table of the table's company, two rounds (company, then
research), every researcher with three ranked companies and research areas, everyone seated in
both rounds with no pair meeting twice. Seats are written directly, not by the engine, so the
figures measure the board and not the solver.

"board" is the board page of round 2; "panel" its "What the figures mean" (the seated rounds in
words and the poorly seated), which the board's script fetches after the page; "drag" is the JSON
move (with the page's counters) that the board's script posts when a researcher is dropped on
another table (there and back, alternately, so every measured drag really moves someone).
Fetched in-process with Django's test client as a superuser; the median of `--repeat` after one
warm-up, as wall-clock time and as this process's CPU time (the database's work counts in the
wall-clock figure only; the CPU figure is steadier on a busy machine). ROUNDTABLE_ROOT measures another checkout.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import statistics
import time

import world

DATABASE = "rt_board_bench"
AREAS = 12




def build_event(researchers):
    """The event, seated: returns (event, round 2, number of tables)."""
    prefix = f"e{researchers}-"  # people are unique across the bench's events
    from attendees.models import CompanyInterest, EventHost, Host, HostExpertise, ResearchInterest
    from tables.enums import RoundBasis
    from tables.models import Seat, Table, TableTheme
    from tests.factories import (
        CompanyFactory, EventFactory, RegistrationFactory, ResearchAreaFactory, ResearcherFactory, RoundFactory,
    )

    count = max(1, researchers // 8)
    event = EventFactory(researcher_capacity=researchers)
    company_round = RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY)
    research_round = RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH)
    companies = [CompanyFactory() for _ in range(count)]
    areas = [ResearchAreaFactory() for _ in range(AREAS)]
    event.companies.add(*companies)
    event.research_areas.add(*areas)
    tables = Table.objects.bulk_create(Table(event=event, number=n + 1, capacity=9) for n in range(count))
    TableTheme.objects.bulk_create(
        [TableTheme(round=company_round, table=t, company=companies[i]) for i, t in enumerate(tables)]
        + [TableTheme(round=research_round, table=t, research_area=areas[i % AREAS]) for i, t in enumerate(tables)]
    )
    hosts = Host.objects.bulk_create(
        Host(first_name="Seoyeon", last_name=f"Park{j}", email=f"{prefix}host{j}@lg.example", company=companies[j // 2],
             title="Research Scientist") for j in range(2 * count))
    HostExpertise.objects.bulk_create(
        HostExpertise(host=h, research_area=areas[(j // 2 + 1) % AREAS], rank=1) for j, h in enumerate(hosts))
    event_hosts = EventHost.objects.bulk_create(EventHost(event=event, host=h) for h in hosts)
    registrations = [
        RegistrationFactory(event=event, researcher=ResearcherFactory(affiliation=f"University {i % 97}",
                                                                      lab=f"Lab {i % 13}"))
        for i in range(researchers)
    ]
    CompanyInterest.objects.bulk_create(
        CompanyInterest(registration=r, company=companies[(i + k) % count], rank=k + 1)
        for i, r in enumerate(registrations) for k in range(min(3, count)))
    ResearchInterest.objects.bulk_create(
        ResearchInterest(registration=r, research_area=areas[(i + 5 * k) % AREAS], rank=k + 1)
        for i, r in enumerate(registrations) for k in range(3))
    seats = []
    for i, registration in enumerate(registrations):
        # Table-mates of round 1 (same i % count) all sit at different tables in round 2.
        seats.append(Seat(round=company_round, table=tables[i % count], registration=registration))
        seats.append(Seat(round=research_round, table=tables[(i % count + i // count) % count],
                          registration=registration))
    for j, event_host in enumerate(event_hosts):
        seats.append(Seat(round=company_round, table=tables[j // 2], event_host=event_host))
        seats.append(Seat(round=research_round, table=tables[(j // 2 + 1) % count], event_host=event_host))
    Seat.objects.bulk_create(seats, batch_size=1000)
    return event, research_round, count


def timed(call, repeat, before=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm-up: the session's caches
    timings, cpu = [], []
    for _ in range(repeat):
        if before:
            before()
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = call()
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings), statistics.median(cpu), len(queries), len(response.content)


def profile(call):
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(call)
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(70)
    stats.sort_stats("tottime").print_stats(30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--researchers", type=int, nargs="+", default=[100, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile the board page of the last size")
    args = parser.parse_args()

    world.setup(DATABASE)
    try:
        from django.urls import reverse

        from tables.models import Seat

        client = world.superuser_client()
        print(f"{'researchers':>11} {'tables':>6} {'what':<6} {'ms':>8} {'cpu ms':>8} {'queries':>7} {'KB':>7}")
        for researchers in args.researchers:
            event, round_, tables = build_event(researchers)
            world.analyze()
            board = reverse("admin:tables_round_board", args=[round_.pk])
            seat = Seat.objects.filter(round=round_, registration__isnull=False).order_by("pk").first()
            there = Seat.objects.filter(round=round_).exclude(table=seat.table_id).order_by("table__number")
            places = [seat.table_id, there.first().table_id]
            move_url = reverse("admin:tables_round_board_move", args=[round_.pk])
            post = {}

            def next_drag(seat=seat, places=places, post=post):
                current = Seat.objects.get(pk=seat.pk)
                post.update(seat=current.pk, version=current.version,
                            to_table=places[1] if current.table_id == places[0] else places[0])

            counters = re.search(r'data-counters="([^"]*)"', client.get(board).content.decode())
            if counters:  # (a checkout from before the counters has none)
                post["counters"] = html.unescape(counters.group(1))

            def drag(post=post, move_url=move_url):
                # As the board's script does: the page's counters go along, the answer's replace them.
                response = client.post(move_url, post, HTTP_ACCEPT="application/json")
                if response.json().get("counters"):
                    post["counters"] = json.dumps(response.json()["counters"])
                return response

            # The board's script loads "What the figures mean" after the page, and again after changes.
            explained = reverse("admin:tables_round_board_explained", args=[round_.pk]) + "?part=1"
            next_drag()
            for what, call, before in (("board", lambda board=board: client.get(board), None),
                                       ("panel", lambda explained=explained: client.get(explained), None),
                                       ("drag", drag, next_drag)):
                seconds, cpu, queries, size = timed(call, args.repeat, before)
                print(f"{researchers:>11} {tables:>6} {what:<6} {seconds * 1000:>8.0f} {cpu * 1000:>8.0f} "
                      f"{queries:>7} {size / 1024:>7.0f}")
                next_drag()
        if args.profile:
            profile(lambda: client.get(board))
    finally:
        world.teardown(DATABASE)


if __name__ == "__main__":
    main()
