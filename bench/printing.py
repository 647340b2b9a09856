"""Time, pages and size of each printable PDF (one part each) at 100 and at 2,000 researchers.

    python bench/printing.py                       # 100 and 2,000 researchers, 8 seats a table
    python bench/printing.py --researchers 100 --repeat 3

Sets up its own world and removes it: a PostgreSQL database (rt_printing_bench on 127.0.0.1:5432,
user postgres), migrated, with one event per size: a table per 8 researchers, two hosts a table,
three research areas per researcher (names in Hangul for a third of them), both rounds themed and
seated in turn (no engine run: the seats' quality does not change the paper). The PDFs are fetched
in-process with Django's test client as a superuser, in Korean on A4; the median of `--repeat`
fetches is reported. ROUNDTABLE_ROOT measures another checkout.
"""
from __future__ import annotations

import argparse
import statistics
import time

import world

DATABASE = "rt_printing_bench"




def build_event(researchers):
    from attendees.models import ResearchInterest
    from tables.enums import RoundBasis
    from tables.models import Seat
    from tests.factories import (
        CompanyFactory, EventFactory, EventHostFactory, HostFactory, RegistrationFactory, ResearchAreaFactory,
        ResearcherFactory, RoundFactory, TableFactory, TableThemeFactory,
    )

    tables = max(1, researchers // 8)
    event = EventFactory(researcher_capacity=researchers)
    areas = [ResearchAreaFactory() for _ in range(14)]
    rounds = [RoundFactory(event=event, number=1, basis=RoundBasis.COMPANY),
              RoundFactory(event=event, number=2, basis=RoundBasis.RESEARCH)]
    table_list = [TableFactory(event=event, number=n) for n in range(1, tables + 1)]
    for table in table_list:
        TableThemeFactory(round=rounds[0], table=table, company=CompanyFactory())
        TableThemeFactory(round=rounds[1], table=table, company=None, research_area=areas[table.number % 14])
    hosts = [EventHostFactory(event=event, host=HostFactory(company=CompanyFactory())) for _ in range(2 * tables)]
    registrations = [RegistrationFactory(event=event, researcher=ResearcherFactory(
        native_name="김민준" if i % 3 == 0 else "", affiliation="서울대학교" if i % 3 == 0 else "KAIST"))
        for i in range(researchers)]
    ResearchInterest.objects.bulk_create(
        ResearchInterest(registration=r, research_area=areas[(i + k) % 14], rank=k + 1)
        for i, r in enumerate(registrations) for k in range(3))
    seats = []
    for shift, round_ in enumerate(rounds):
        seats += [Seat(round=round_, table=table_list[(i + shift) % tables], event_host=h) for i, h in enumerate(hosts)]
        seats += [Seat(round=round_, table=table_list[(i + shift * 3) % tables], registration=r)
                  for i, r in enumerate(registrations)]
    Seat.objects.bulk_create(seats)
    return event, rounds, tables


def measure(client, url, repeat):
    import pypdfium2

    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", (url, response)
    return statistics.median(timings), len(pypdfium2.PdfDocument(response.content)), len(response.content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--researchers", type=int, nargs="+", default=[100, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    world.setup(DATABASE)
    try:
        from django.urls import reverse

        from printing import documents

        client = world.superuser_client()
        print(f"{'researchers':>11} {'tables':>6} {'document':<12} {'parts':>5} {'s/part':>7} {'pages':>5} {'KB':>6}")
        for researchers in args.researchers:
            event, rounds, tables = build_event(researchers)
            for name, kind, target in (("badges", documents.BADGES, event.pk),
                                       ("table_cards", documents.TABLE_CARDS, rounds[1].pk),
                                       ("place_cards", documents.PLACE_CARDS, rounds[0].pk)):
                url = reverse(f"printing:{name}", args=[target]) + "?paper=a4&lang=ko&part=1"
                seconds, pages, size = measure(client, url, args.repeat)
                parts, kilobytes = documents.part_count(kind, event), size / 1024
                print(f"{researchers:>11} {tables:>6} {name:<12} {parts:>5} {seconds:>7.1f} {pages:>5} "
                      f"{kilobytes:>6.0f}")
    finally:
        world.teardown(DATABASE)


if __name__ == "__main__":
    main()
