"""The registration rush against a real gunicorn with the production settings (issue 11).

    RATE_LIMITS=off python bench/rush.py                          # 1,000 flows, 50 clients, 1 gunicorn
    RATE_LIMITS=off python bench/rush.py --processes 2            # two gunicorn masters, clients spread over both
    RATE_LIMITS=off python bench/rush.py --worker during --registrations 400 --json bench/out/rush.json

Sets up its own world and removes it: a PostgreSQL database (rt_rush_bench on 127.0.0.1:5432,
user postgres), keys under a prefix of its own on Redis (127.0.0.1:6379), an open event whose
capacity (300 by default) is below the number of registrations, so the waitlist is hit. Runs
``gunicorn -c config/gunicorn.conf.py config.wsgi`` (2 workers each, `--workers`), once per
`--processes`, on ports of their own; the script plays the TLS proxy (X-Forwarded-Proto, and
X-Forwarded-For with TRUSTED_PROXIES=1, a client address per client).

Each client keeps its connection open (http.client, reopened when gunicorn's sync worker closes
it) and its cookies, and does its share of the flows one after the other. A flow is what a
researcher does: GET the form, POST it (302), open the confirmation link (GET, 200) and press its
button (POST, 302 to the personal page). The link is read the way the app makes it for its email:
attendees.links.confirm_url() of the request row the form stored (the email itself is written by
the worker, which by default runs after the rush, `--worker after`; `--worker during` runs one
`run_worker` beside gunicorn on the same cores).

Reports completed flows per second, p50/p95/p99 of each request, statuses other than the
expected ones, and checks the database afterwards: no place oversold, the places taken in line
(every place holder registered before everyone waiting), no researcher or registration twice,
every submission answered and confirmed. Then the worker writes and sends the emails (to the
console backend, discarded) and the time it takes is reported.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import psycopg2
import redis

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from flood import Browser, free_port, manage, start_gunicorn  # noqa: E402  (the same client and server)

ROOT = BENCH.parent
OUT = BENCH / "out"
DATABASE = "rt_rush_bench"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/0"
EXPECTED = {"GET form": 200, "POST form": 302, "GET confirm": 200, "POST confirm": 302}

SETUP = """
import json
from datetime import timedelta
from django.utils import timezone
from events.enums import EventStatus
from events.models import Company, Event, ResearchArea
now = timezone.now()
event = Event.objects.create(
    name="Rush Dinner", slug="rush-dinner", conference="CVPR 2027", city="Vancouver", venue="Waterfront",
    time_zone="America/Vancouver", starts_at=now + timedelta(days=30), ends_at=now + timedelta(days=30, hours=3),
    registration_opens_at=now - timedelta(days=1), registration_closes_at=now + timedelta(days=28),
    researcher_capacity=CAPACITY, status=EventStatus.OPEN)
companies = [Company.objects.create(name=f"Rush Company {n}") for n in range(5)]
areas = [ResearchArea.objects.create(name=f"Rush Area {n}", slug=f"rush-area-{n}") for n in range(8)]
event.companies.add(*companies)
event.research_areas.add(*areas)
print(json.dumps({"slug": event.slug, "event": event.pk, "companies": [c.pk for c in companies],
                  "areas": [a.pk for a in areas]}))
"""


def database(action):
    connection = psycopg2.connect(f"{POSTGRES}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        if action == "create":
            cursor.execute(f"CREATE DATABASE {DATABASE}")
    connection.close()


def environment(prefix):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "SECURE_PROXY_SSL_HEADER": "on",
        "TRUSTED_PROXIES": "1",
        "RATE_LIMITS": os.environ.get("RATE_LIMITS", "off"),
        "EMAIL_URL": "consolemail://",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "LOG_LEVEL": "WARNING",
    }


class ConfirmLinks:
    """The confirmation link of the request a form stored, made by the app's own code (attendees.links).

    The request row is read over one connection of the script's own, shared by the clients.
    """

    def __init__(self, env):
        for name in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"):
            os.environ[name] = env[name]
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from attendees import links

        self.links, self.lock = links, threading.Lock()
        self.connection = psycopg2.connect(f"{POSTGRES}/{DATABASE}")
        self.connection.autocommit = True

    def path(self, email):
        with self.lock, self.connection.cursor() as cursor:
            cursor.execute("SELECT token, created_at FROM attendees_registrationrequest WHERE email = %s "
                           "ORDER BY id DESC LIMIT 1", [email])
            token, created_at = cursor.fetchone()
        url = self.links.confirm_url(SimpleNamespace(token=token, created_at=created_at))
        return url[url.index("/confirm/"):]

    def close(self):
        self.connection.close()


def form(world, token, email, number):
    companies, areas = world["companies"], world["areas"]
    return {
        "csrfmiddlewaretoken": token, "first_name": "Rush", "last_name": f"Researcher {number}", "email": email,
        "affiliation": "Rush University", "lab": f"Lab {number % 40}", "position": "phd", "country": "South Korea",
        "company_1": companies[number % 5], "company_2": companies[(number + 1) % 5],
        "research_1": areas[number % 8], "research_2": areas[(number + 3) % 8], "research_3": areas[(number + 5) % 8],
        "dietary_needs": "", "accessibility_needs": "", "consent": "on",
    }


def rush(ports, world, links, *, clients, registrations):
    register = f"/events/{world['slug']}/register/"
    timings = {step: [] for step in EXPECTED}
    unexpected, completed, lock = {}, [0], threading.Lock()
    shares = [registrations // clients + (n < registrations % clients) for n in range(clients)]
    barrier = threading.Barrier(clients + 1)

    def step(browser, name, method, path, data=None):
        started = time.perf_counter()
        try:
            status, content, headers = browser.request(method, path, data)
        except OSError as error:
            status, content, headers = type(error).__name__, "", {}
        elapsed = time.perf_counter() - started
        with lock:
            timings[name].append(elapsed)
            if status != EXPECTED[name]:
                unexpected[(name, status)] = unexpected.get((name, status), 0) + 1
        return status == EXPECTED[name], content, headers

    def client(index):
        browser = Browser(ports[index % len(ports)], f"198.51.100.{index + 1}")
        barrier.wait()
        for flow in range(shares[index]):
            number = sum(shares[:index]) + flow
            email = f"rush-{number}@example.org"
            ok, content, _ = step(browser, "GET form", "GET", register)
            token = content.split('name="csrfmiddlewaretoken" value="', 1)[-1].split('"', 1)[0] if ok else ""
            ok, _, _ = step(browser, "POST form", "POST", register, form(world, token, email, number))
            if not ok:
                continue
            confirm = links.path(email)
            ok, content, _ = step(browser, "GET confirm", "GET", confirm)
            if not ok:
                continue
            token = content.split('name="csrfmiddlewaretoken" value="', 1)[-1].split('"', 1)[0]
            ok, _, headers = step(browser, "POST confirm", "POST", confirm, {"csrfmiddlewaretoken": token})
            if ok and "/my/" in headers.get("Location", ""):
                with lock:
                    completed[0] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started

    def percentiles(values):
        if not values:
            return None
        cuts = statistics.quantiles(values, n=100, method="inclusive")
        return {"p50_ms": round(cuts[49] * 1000, 1), "p95_ms": round(cuts[94] * 1000, 1),
                "p99_ms": round(cuts[98] * 1000, 1), "count": len(values)}

    return {
        "clients": clients, "registrations": registrations, "seconds": round(elapsed, 2),
        "completed_flows": completed[0], "flows_per_second": round(completed[0] / elapsed, 1),
        "requests_per_second": round(sum(len(v) for v in timings.values()) / elapsed, 1),
        "latency": {name: percentiles(values) for name, values in timings.items()},
        "unexpected_statuses": {f"{name}: {status}": count for (name, status), count in sorted(
            unexpected.items(), key=str)},
    }


def check_database(event_id, capacity, registrations):
    connection = psycopg2.connect(f"{POSTGRES}/{DATABASE}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT status, count(*) FROM attendees_registration WHERE event_id = %s GROUP BY status",
                       [event_id])
        by_status = dict(cursor.fetchall())
        cursor.execute("SELECT status FROM attendees_registration WHERE event_id = %s ORDER BY created_at, id",
                       [event_id])
        line = [status for (status,) in cursor.fetchall()]
        cursor.execute("SELECT count(*) FROM (SELECT lower(email) FROM attendees_researcher GROUP BY lower(email) "
                       "HAVING count(*) > 1) twice")
        researchers_twice = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM attendees_registrationrequest WHERE event_id = %s", [event_id])
        requests = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM attendees_registrationrequest WHERE event_id = %s "
                       "AND confirmed_at IS NOT NULL AND registration_id IS NOT NULL", [event_id])
        confirmed = cursor.fetchone()[0]
        cursor.execute("SELECT state, count(*) FROM attendees_outboundemail GROUP BY state")
        emails = dict(cursor.fetchall())
    connection.close()
    holding = by_status.get("applied", 0) + by_status.get("confirmed", 0)
    return {
        "by_status": by_status, "holding_a_place": holding, "capacity": capacity,
        "oversold": holding > capacity,
        "places_in_line": line == ["applied"] * holding + ["waitlisted"] * (len(line) - holding),
        "researchers_twice": researchers_twice,
        "every_submission_stored": requests == registrations,
        "every_request_confirmed_once": confirmed == registrations == len(line),
        "emails_by_state": emails,
    }


def drain_worker(env):
    """Run the worker until the queue is empty: the emails of the rush written and sent."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "run_worker", "--batch", "--no-startup-delay", "--no-reload"],
                   cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return round(time.perf_counter() - started, 1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrations", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--capacity", type=int, default=300)
    parser.add_argument("--processes", type=int, default=1, help="gunicorn masters, each on a port of its own")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per master (WEB_CONCURRENCY)")
    parser.add_argument("--worker", choices=["after", "during"], default="after",
                        help="run the email worker after the rush (default) or beside gunicorn during it")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    options = parser.parse_args(argv)

    OUT.mkdir(exist_ok=True)
    prefix = f"rt-rush-bench-{uuid.uuid4().hex[:8]}"
    env = environment(prefix)
    redis_client = redis.Redis.from_url(REDIS_URL)
    redis_client.ping()
    database("create")
    servers, worker, links = [], None, None
    try:
        print("Setting up: migrate, collectstatic, the event...", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        world = json.loads(manage(env, "shell", "-c", SETUP.replace("CAPACITY", str(options.capacity)))
                           .strip().splitlines()[-1])
        links = ConfirmLinks(env)
        ports = [free_port() for _ in range(options.processes)]
        for number, port in enumerate(ports):
            server_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(options.workers)}
            with (OUT / f"rush-gunicorn-{number}.log").open("w") as log:
                servers.append(start_gunicorn(server_env, port, log))
        if options.worker == "during":
            worker = subprocess.Popen([sys.executable, "manage.py", "run_worker", "--no-reload"], cwd=ROOT, env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"Rush: {options.registrations} flows from {options.clients} clients over {len(ports)} gunicorn "
              f"master(s) of {options.workers} workers, worker {options.worker}...", flush=True)
        results = {"processes": options.processes, "workers_per_process": options.workers,
                   "rate_limits": env["RATE_LIMITS"], "email_worker": options.worker}
        results["rush"] = rush(ports, world, links, clients=options.clients, registrations=options.registrations)
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)
            worker = None
        results["database"] = check_database(world["event"], options.capacity, options.registrations)
        print("Worker: writing and sending the emails left...", flush=True)
        results["worker_drain_seconds"] = drain_worker(env)
        results["emails_by_state_after_worker"] = check_database(
            world["event"], options.capacity, options.registrations)["emails_by_state"]
    finally:
        for process in [*servers, *([worker] if worker else [])]:
            process.terminate()
            process.wait(timeout=30)
        if links is not None:
            links.close()
        database("drop")
        for key in redis_client.scan_iter(f"{prefix}:*"):
            redis_client.delete(key)

    print(json.dumps(results, indent=2))
    if options.json:
        options.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
