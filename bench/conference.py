"""The issue's conference table: every page and action of a 100- and a 2,000-researcher event.

    python bench/conference.py                          # 100 and 2,000 researchers, median of 3
    python bench/conference.py --researchers 100 --repeat 5
    python bench/conference.py --pages                  # also the public pages' shares (gunicorn, wrk)

Builds its world with bench/world.py in a throwaway PostgreSQL database (rt_conference_bench), in
process, as a superuser with Django's test client; the task queue is django-tasks-db's, with no
worker (what runs after the request does not count, as in production). Per size:

- round and event admin pages: time, queries (median of --repeat after a warm-up);
- confirm all: the registrations list's "confirm" action on every applied registration: time,
  queries, and the longest a public registration waited for the event row meanwhile (a probe
  thread locks the row over and over, as registering does);
- seating board (everyone seated in both rounds): time, size; one drag (a move, as the board's
  script sends it): time; publish: the organizer's request, time.

--pages serves the 100-researcher event with gunicorn (2 workers, production settings, Redis) and
runs ../shared/bench/ceiling.sh on the event list, the event page and the registration form: their
req/s as a share of the bare one-query view of the same run.

Other benches add their rows here: a module with `measure(context)` returning {row: text} goes in
MORE_ROWS (bench/board.py, bench/bulk.py, bench/rush.py when they land).
"""
from __future__ import annotations

import argparse
import html
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import world

DATABASE = "rt_conference_bench"
MORE_ROWS = []  # e.g. "rush": a module name under bench/ with measure(context) -> {row: text}


def timed(call, repeat=1):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, result, queries = [], None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = call()
            timings.append(time.perf_counter() - started)
        queries = len(captured)
    return statistics.median(timings) * 1000, queries, result


def page(client, url, repeat):
    client.get(url)  # warm-up
    ms, queries, response = timed(lambda: client.get(url), repeat)
    assert response.status_code == 200, (url, response.status_code)
    return ms, queries, len(response.content)


class EventRowProbe(threading.Thread):
    """Locks the event row again and again in its own connection, as a registration does; keeps the longest wait."""

    def __init__(self, event_id):
        super().__init__(daemon=True)
        self.event_id, self.longest, self.stop = event_id, 0.0, threading.Event()

    def run(self):
        from django.db import connection, transaction

        from events.models import Event

        while not self.stop.is_set():
            started = time.perf_counter()
            with transaction.atomic():
                Event.objects.select_for_update().filter(pk=self.event_id).exists()
            self.longest = max(self.longest, time.perf_counter() - started)
            time.sleep(0.002)
        connection.close()


def confirm_all(client, event):
    from django.urls import reverse

    from attendees.enums import RegistrationStatus

    ids = list(event.registrations.filter(status=RegistrationStatus.APPLIED).values_list("pk", flat=True))
    probe = EventRowProbe(event.pk)
    probe.start()
    time.sleep(0.05)
    # As an organizer does it: the list filtered to the event's applied registrations, "select all" across
    # the pages (posting 2,000 checked ids would pass DATA_UPLOAD_MAX_NUMBER_FIELDS: a 400).
    url = reverse("admin:attendees_registration_changelist") + f"?event__id__exact={event.pk}&status__exact=applied"
    ms, queries, response = timed(lambda: client.post(url, {
        "action": "mark_confirmed", "select_across": "1", "index": "0", "_selected_action": ids[:1]}))
    probe.stop.set()
    probe.join()
    assert response.status_code == 302, response.status_code
    assert not event.registrations.filter(status=RegistrationStatus.APPLIED).exists(), "not everyone was confirmed"
    return ms, queries, probe.longest * 1000


def one_drag(client, round_):
    from django.urls import reverse

    from tables.models import Seat

    seat = Seat.objects.filter(round=round_, registration__isnull=False, table__number=1).order_by("pk").first()
    target = round_.event.tables.get(number=2)
    move = {"seat": seat.pk, "version": seat.version, "to_table": target.pk}
    # As the board's script posts it: with the page's counts, which the answer adds the change to.
    board = client.get(reverse("admin:tables_round_board", args=[round_.pk])).content.decode()
    counters = re.search(r'data-counters="([^"]*)"', board)
    if counters:
        move["counters"] = html.unescape(counters.group(1))
    ms, queries, response = timed(lambda: client.post(
        reverse("admin:tables_round_board_move", args=[round_.pk]), move, HTTP_ACCEPT="application/json"))
    assert response.status_code == 200 and response.json().get("ok", True), response.content[:300]
    return ms, queries


def measure_size(client, researchers, repeat):
    from django.urls import reverse

    from attendees.enums import RegistrationStatus

    built = world.build_event(researchers, status=RegistrationStatus.APPLIED, capacity=9)
    world.analyze()
    event, round_ = built.event, built.themed_round
    rows = {}
    ms, queries, size = page(client, reverse("admin:tables_round_change", args=[round_.pk]), repeat)
    rows["round admin page"] = f"{ms:,.0f} ms, {queries} queries, {size / 1024:,.0f} KB"
    ms, queries, size = page(client, reverse("admin:events_event_change", args=[event.pk]), repeat)
    rows["event admin page"] = f"{ms:,.0f} ms, {queries} queries"
    ms, queries, held = confirm_all(client, event)
    rows["confirm all (admin action)"] = f"{ms:,.0f} ms, {queries} queries, event row waited for {held:,.0f} ms"
    world.seat_everyone(event)
    world.analyze()
    ms, queries, size = page(client, reverse("admin:tables_round_board", args=[round_.pk]), repeat)
    rows["seating board"] = f"{ms:,.0f} ms, {size / 1024:,.0f} KB, {queries} queries"
    ms, queries = one_drag(client, round_)
    rows["one drag on the board"] = f"{ms:,.0f} ms, {queries} queries"
    ms, queries, response = timed(lambda: client.post(reverse("admin:tables_round_board_publish", args=[round_.pk])))
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.published_at is not None, "the round was not published"
    rows["publish a round"] = f"{ms:,.0f} ms in the request, {queries} queries"
    context = {"client": client, "event": event, "round": round_, "researchers": researchers, "repeat": repeat}
    for name in MORE_ROWS:
        rows.update(__import__(name).measure(context))
    return rows, event


def public_page_shares(event):
    """../shared/bench/ceiling.sh against gunicorn serving this database: the three public pages' req/s."""
    import secrets
    import socket

    from django.urls import reverse

    port = 8790
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production",
           "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
           "DATABASE_URL": f"{world.POSTGRES}/{DATABASE}",
           "REDIS_URL": "redis://127.0.0.1:6379/0", "CACHE_KEY_PREFIX": f"conference-{secrets.token_hex(4)}",
           "SECURE_SSL_REDIRECT": "off", "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2",
           "RATE_LIMITS": "off", "LOG_LEVEL": "WARNING", "EMAIL_URL": "consolemail://"}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=world.ROOT, env=env,
                   check=True)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen([str(gunicorn), "-c", "config/gunicorn.conf.py", "config.wsgi"], cwd=world.ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        base = f"http://127.0.0.1:{port}"
        urls = [base + reverse("events:list"), base + reverse("events:detail", args=[event.slug]),
                base + reverse("attendees:register", args=[event.slug])]
        for url in urls:  # a redirect or an error page would be measured just as fast
            from urllib.request import urlopen

            with urlopen(url, timeout=30) as answer:
                assert answer.status == 200 and answer.url == url, (url, answer.status, answer.url)
        ceiling = world.ROOT.parent / "shared" / "bench" / "ceiling.sh"
        if not ceiling.exists():
            ceiling = Path("/work/shared/bench/ceiling.sh")
        out = subprocess.run(["bash", str(ceiling), sys.executable, " ".join(urls)], capture_output=True, text=True,
                             check=True).stdout
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = [line.split() for line in out.splitlines() if "req/s" in line]
    figures = [(words[0], float(words[2]), words[4]) for words in lines]
    bare = figures[1][1]  # the one-query view
    names = ["event list", "event page", "registration form"]
    return [(name, rps, p99, rps / bare) for name, (_url, rps, p99) in zip(names, figures[2:], strict=True)], bare


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--researchers", type=int, nargs="+", default=[100, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", action="store_true", help="also the public pages' shares of the ceiling")
    args = parser.parse_args()

    world.setup(DATABASE)
    try:
        from django.test.utils import override_settings

        client = world.superuser_client()
        table, events = {}, {}
        with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
            for researchers in args.researchers:
                print(f"measuring {researchers:,} researchers...", file=sys.stderr, flush=True)
                table[researchers], events[researchers] = measure_size(client, researchers, args.repeat)
        sizes = args.researchers
        print("| page or action | " + " | ".join(f"{n:,} researchers" for n in sizes) + " |")
        print("| --- | " + " | ".join("---" for _ in sizes) + " |")
        for row in table[sizes[0]]:
            print(f"| {row} | " + " | ".join(table[n].get(row, "") for n in sizes) + " |")
        if args.pages:
            shares, bare = public_page_shares(events[sizes[0]])
            print(f"\none-query bare view: {bare:,.0f} req/s")
            for name, rps, p99, share in shares:
                print(f"| {name} | {rps:,.0f} req/s | p99 {p99} | {share:.0%} of the bare view |")
    finally:
        world.teardown(DATABASE)


if __name__ == "__main__":
    main()
