"""Flood benchmark of the brakes against a real gunicorn with the production settings.

    python bench/flood.py                       # the three floods, brakes as configured
    RATE_LIMITS=off python bench/flood.py       # the same with the rate limits off (the lockout stays)
    python bench/flood.py --threads 8 --seconds 30 --json bench/out/flood.json

Sets up its own world and removes it: a PostgreSQL database (rt_brakes_bench on 127.0.0.1:5432,
user postgres), keys under a prefix of its own on Redis (127.0.0.1:6379), an open event with 50
places and an admin user; runs ``gunicorn -c config/gunicorn.conf.py config.wsgi`` with 2 workers.
The script plays the TLS proxy in front of gunicorn (X-Forwarded-Proto, X-Forwarded-For with
TRUSTED_PROXIES=1), so each flood comes from a client address of its own. It measures:

(a) a registration flood: N threads from one client address send valid registrations with random
    emails for S seconds: requests/s, the share answered 429, registrations holding a place after;
(b) an admin login flood: 200 wrong passwords then the right one, from one address: where the
    refusals start and what refuses them, whether the right password got in, and whether the
    organizer still gets in from another address;
(c) the public event page's median and p95 latency, alone and during a 12-thread login flood
    (one username, then a different username on every attempt).
"""
from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import psycopg2
import redis

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DATABASE = "rt_brakes_bench"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/0"
ADMIN_PASSWORD = "bench-" + secrets.token_urlsafe(12)
# One documentation address per role (RFC 5737), sent as X-Forwarded-For.
REGISTRATION_BOT, LOGIN_ATTACKER, ORGANIZER, FLOODER, SPRAYER, READER = (
    "203.0.113.10", "203.0.113.20", "192.0.2.30", "203.0.113.30", "203.0.113.40", "198.51.100.50")

SETUP = """
import json
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from events.enums import EventStatus
from events.models import Company, Event, ResearchArea
now = timezone.now()
event = Event.objects.create(
    name="Bench Dinner", slug="bench-dinner", conference="CVPR 2027", city="Vancouver", venue="Waterfront",
    time_zone="America/Vancouver", starts_at=now + timedelta(days=30), ends_at=now + timedelta(days=30, hours=3),
    registration_opens_at=now - timedelta(days=1), registration_closes_at=now + timedelta(days=28),
    researcher_capacity=50, status=EventStatus.OPEN)
companies = [Company.objects.create(name=f"Bench Company {n}") for n in range(3)]
areas = [ResearchArea.objects.create(name=f"Bench Area {n}", slug=f"bench-area-{n}") for n in range(4)]
event.companies.add(*companies)
event.research_areas.add(*areas)
get_user_model().objects.create_superuser("admin", "admin@example.org", "ADMIN_PASSWORD")
print(json.dumps({"slug": event.slug, "event": event.pk, "companies": [c.pk for c in companies],
                  "areas": [a.pk for a in areas]}))
"""

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REASON = re.compile(r'data-reason="(\w+)"')


class Browser:
    """One keep-alive connection with its own cookies, behind the pretend TLS proxy."""

    def __init__(self, port, client_address):
        self.port, self.client_address = port, client_address
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies = {}

    def request(self, method, path, form=None):
        origin = f"https://127.0.0.1:{self.port}"
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https",
                   "X-Forwarded-For": self.client_address, "User-Agent": "bench/flood"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": origin,
                            "Referer": origin + path})
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()  # the server closed a kept-alive connection: once more on a new one
                if attempt:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, content, dict(response.getheaders())

    def csrf(self, path):
        status, content, _ = self.request("GET", path)
        match = CSRF_INPUT.search(content)
        if status != 200 or not match:
            raise RuntimeError(f"GET {path} answered {status} without a CSRF token")
        return match.group(1)


def registration_form(world, token):
    return {
        "csrfmiddlewaretoken": token, "first_name": "Bench", "last_name": uuid.uuid4().hex[:8],
        "email": f"bench-{uuid.uuid4().hex[:12]}@example.org", "affiliation": "Bench University",
        "position": "phd", "company_1": world["companies"][0], "research_1": world["areas"][0], "consent": "on",
    }


def login(browser, token, username, password):
    status, content, _ = browser.request("POST", "/admin/login/?next=/admin/", {
        "csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/admin/"})
    reason = REASON.search(content)
    return status, reason.group(1) if reason else None


# (a) ------------------------------------------------------------------------------------------

def registration_flood(port, world, *, threads, seconds):
    path = f"/events/{world['slug']}/register/"
    counts, lock, stop = {}, threading.Lock(), threading.Event()

    def bot():
        browser = Browser(port, REGISTRATION_BOT)
        token = browser.csrf(path)
        while not stop.is_set():
            status = browser.request("POST", path, registration_form(world, token))[0]
            with lock:
                counts[status] = counts.get(status, 0) + 1

    workers = [threading.Thread(target=bot) for _ in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    time.sleep(seconds)
    stop.set()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    total = sum(counts.values())
    return {"threads": threads, "seconds": round(elapsed, 1), "requests": total,
            "requests_per_second": round(total / elapsed, 1), "statuses": counts,
            "share_429": round(counts.get(429, 0) / total, 3) if total else None,
            "accepted": counts.get(302, 0)}


# (b) ------------------------------------------------------------------------------------------

def login_flood(port, *, wrong):
    attacker = Browser(port, LOGIN_ATTACKER)
    token = attacker.csrf("/admin/login/")
    outcomes = []
    started = time.perf_counter()
    for n in range(wrong):
        outcomes.append(login(attacker, token, "admin", f"wrong-{n}"))
    elapsed = time.perf_counter() - started
    right_status, right_reason = login(attacker, token, "admin", ADMIN_PASSWORD)
    # reason "login": django-axes' lockout of this username from this address; "form": the per-client login limit.
    first_refusal = {}
    for n, (status, reason) in enumerate(outcomes, start=1):
        if status == 429:
            first_refusal.setdefault(reason, n)
    organizer = Browser(port, ORGANIZER)
    organizer_status, _ = login(organizer, organizer.csrf("/admin/login/"), "admin", ADMIN_PASSWORD)
    return {
        "wrong_passwords": wrong, "attempts_per_second": round(wrong / elapsed, 1),
        "first_refused_attempt": min(first_refusal.values(), default=None),
        "first_refused_attempt_by": first_refusal,
        "answered_200": sum(1 for status, _ in outcomes if status == 200),
        "right_password_from_attacker": {"status": right_status, "refused_by": right_reason,
                                         "logged_in": right_status == 302},
        "right_password_from_elsewhere": {"status": organizer_status, "logged_in": organizer_status == 302},
    }


# (c) ------------------------------------------------------------------------------------------

def page_latency(port, path, *, seconds):
    reader = Browser(port, READER)
    timings = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        status = reader.request("GET", path)[0]
        timings.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
    timings.sort()
    nearest_rank = math.ceil(0.95 * len(timings)) - 1
    return {"requests": len(timings), "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[nearest_rank], 1)}


def latency_under_login_flood(port, path, *, threads, seconds, spray):
    counts, lock, stop = {}, threading.Lock(), threading.Event()

    def attacker():
        browser = Browser(port, SPRAYER if spray else FLOODER)
        token = browser.csrf("/admin/login/")
        while not stop.is_set():
            username = f"user-{uuid.uuid4().hex[:8]}" if spray else "admin"
            status, _ = login(browser, token, username, f"wrong-{random.random()}")
            with lock:
                counts[status] = counts.get(status, 0) + 1

    flood = [threading.Thread(target=attacker) for _ in range(threads)]
    for thread in flood:
        thread.start()
    time.sleep(2)  # the flood is under way before measuring
    latency = page_latency(port, path, seconds=seconds)
    stop.set()
    for thread in flood:
        thread.join()
    return {**latency, "flood_threads": threads, "flood_usernames": "one per attempt" if spray else "admin",
            "flood_statuses": counts}


# The world -------------------------------------------------------------------------------------

def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def recreate_database():
    connection = psycopg2.connect(f"{POSTGRES}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    connection.close()


def drop_database():
    connection = psycopg2.connect(f"{POSTGRES}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    connection.close()


def holding_places(event_id):
    connection = psycopg2.connect(f"{POSTGRES}/{DATABASE}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT status, count(*) FROM attendees_registration WHERE event_id = %s GROUP BY status",
                       [event_id])
        by_status = dict(cursor.fetchall())
    connection.close()
    return by_status


def environment(port, prefix):
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
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "EMAIL_URL": "consolemail://",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",  # emails wait in the queue; no worker runs
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args[:1])} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def start_gunicorn(env, port, log):
    from gunicorn.config import Config

    command = [str(Path(sys.executable).with_name("gunicorn")), "-c", "config/gunicorn.conf.py", "config.wsgi"]
    if "control_socket_disable" in Config().settings:
        command.append("--no-control-socket")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited; see its log")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not start in 60 s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8, help="registration flood threads (default 8)")
    parser.add_argument("--seconds", type=float, default=30, help="registration flood duration (default 30)")
    parser.add_argument("--wrong", type=int, default=200, help="wrong passwords before the right one (default 200)")
    parser.add_argument("--latency-seconds", type=float, default=15, help="each latency measurement (default 15)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    options = parser.parse_args(argv)

    OUT.mkdir(exist_ok=True)
    port, prefix = free_port(), f"rt-brakes-bench-{uuid.uuid4().hex[:8]}"
    env = environment(port, prefix)
    results = {"rate_limits": os.environ.get("RATE_LIMITS", "on (defaults)"), "workers": 2}
    redis_client = redis.Redis.from_url(REDIS_URL)
    redis_client.ping()
    recreate_database()
    server = None
    try:
        print("Setting up: migrate, collectstatic, the event and the admin user...", flush=True)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        setup = SETUP.replace("ADMIN_PASSWORD", ADMIN_PASSWORD)
        world = json.loads(manage(env, "shell", "-c", setup).strip().splitlines()[-1])
        with (OUT / "flood-gunicorn.log").open("w") as log:
            server = start_gunicorn(env, port, log)
            event_page = f"/events/{world['slug']}/"

            print(f"(a) registration flood: {options.threads} threads, {options.seconds:g} s...", flush=True)
            flood = registration_flood(port, world, threads=options.threads, seconds=options.seconds)
            by_status = holding_places(world["event"])
            flood.update(registrations_by_status=by_status,
                         holding_a_place=by_status.get("applied", 0) + by_status.get("confirmed", 0))
            results["registration_flood"] = flood

            print(f"(b) admin login: {options.wrong} wrong passwords, then the right one...", flush=True)
            results["login_flood"] = login_flood(port, wrong=options.wrong)

            print("(c) event page latency, alone and under a 12-thread login flood...", flush=True)
            results["event_page"] = {
                "alone": page_latency(port, event_page, seconds=options.latency_seconds),
                "login_flood_one_username": latency_under_login_flood(
                    port, event_page, threads=12, seconds=options.latency_seconds, spray=False),
                "login_flood_many_usernames": latency_under_login_flood(
                    port, event_page, threads=12, seconds=options.latency_seconds, spray=True),
            }
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        drop_database()
        for key in redis_client.scan_iter(f"{prefix}:*"):
            redis_client.delete(key)

    print(json.dumps(results, indent=2))
    if options.json:
        options.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
