"""What one researcher's registration costs the server, request by request, in process (issue 11).

    python bench/flow.py                    # 200 flows, CPU ms and queries per request
    python bench/flow.py --profile POST_form --flows 100   # cProfile of one step, top 40 by own time

Sets up the rush bench's world (bench/rush.py: a throwaway PostgreSQL database, the production
settings, Redis for cache and sessions, RATE_LIMITS=off) and plays the flows one after the other with
Django's test client: GET the form, POST it, GET the emailed confirmation link, POST its button.
CPU time is this process's (`time.process_time`), so it holds on a busy machine; the database's own
work is not in it.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from rush import EXPECTED, SETUP, database, environment, form  # noqa: E402

from flood import manage  # noqa: E402

ROOT = BENCH.parent
STEPS = list(EXPECTED)
EXPECTED_PAGES = {}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flows", type=int, default=200)
    parser.add_argument("--capacity", type=int, default=100)
    parser.add_argument("--profile", choices=[step.replace(" ", "_") for step in
                                              [*STEPS, "GET event list", "GET event page"]])
    parser.add_argument("--queries", action="store_true", help="print the last flow's queries, step by step")
    parser.add_argument("--pages", action="store_true",
                        help="also the public pages every visitor sees alike (event list, event page), per request")
    options = parser.parse_args(argv)
    prefix = f"rt-flow-bench-{uuid.uuid4().hex[:8]}"
    env = environment(prefix)
    database("create")
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        world = json.loads(manage(env, "shell", "-c", SETUP.replace("CAPACITY", str(options.capacity)))
                           .strip().splitlines()[-1])
        os.environ.update({name: env[name] for name in (
            "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "CACHE_KEY_PREFIX",
            "SECURE_PROXY_SSL_HEADER", "TRUSTED_PROXIES", "RATE_LIMITS", "EMAIL_URL", "TASKS_BACKEND", "LOG_LEVEL")})
        os.environ["SECURE_SSL_REDIRECT"] = "off"
        sys.path.insert(0, str(ROOT))
        results = play(world, options)
    finally:
        from django.db import connections

        connections.close_all()
        database("drop")
    print(json.dumps(results, indent=2))
    return 0


def play(world, options):
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from attendees import links
    from attendees.models import RegistrationRequest

    profiler = cProfile.Profile() if options.profile else None
    cpu = {step: [] for step in STEPS}
    queries = {step: [] for step in STEPS}
    last_queries = {}
    register = f"/events/{world['slug']}/register/"

    def step(client, name, method, path, data=None):
        profiling = profiler is not None and options.profile == name.replace(" ", "_")
        connection.queries_log.clear()  # the log keeps 9,000 queries: a long run would capture none
        with CaptureQueriesContext(connection) as captured:
            started = time.process_time()
            if profiling:
                profiler.enable()
            response = getattr(client, method)(path, data, REMOTE_ADDR="198.51.100.7")
            if profiling:
                profiler.disable()
            cpu[name].append(time.process_time() - started)
        queries[name].append(len(captured))
        last_queries[name] = [f"{query['time']} {query['sql']}" for query in captured.captured_queries]
        if response.status_code != {**EXPECTED, **EXPECTED_PAGES}[name]:
            raise RuntimeError(f"{name}: {response.status_code}")
        return response

    def token(response):
        return response.content.decode().split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]

    # One client, as one gunicorn worker serves many researchers: its middleware is loaded once.
    client = Client(enforce_csrf_checks=True, HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1",
                    HTTP_REFERER="https://127.0.0.1/")
    for number in range(options.flows):
        client.cookies.clear()  # each flow is a new researcher: no session, no CSRF cookie yet
        email = f"flow-{number}@example.org"
        response = step(client, "GET form", "get", register)
        step(client, "POST form", "post", register, form(world, token(response), email, number))
        request = RegistrationRequest.objects.filter(email=email).latest("id")
        url = links.confirm_url(SimpleNamespace(token=request.token, created_at=request.created_at))
        confirm = url[url.index("/confirm/"):]
        response = step(client, "GET confirm", "get", confirm)
        step(client, "POST confirm", "post", confirm, {"csrfmiddlewaretoken": token(response)})

    if options.pages:
        for name, path in (("GET event list", "/events/"), ("GET event page", f"/events/{world['slug']}/")):
            cpu[name], queries[name] = [], []
            EXPECTED_PAGES[name] = 200
            for _ in range(options.flows):
                client.cookies.clear()
                step(client, name, "get", path)
    if options.queries:
        for name, statements in last_queries.items():
            print(f"--- {name}: {len(statements)} queries")
            for sql in statements:
                print("   ", sql[:220])
    if profiler is not None:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(40)
    # The first flows warm caches (templates, translations, the cached form): report the rest.
    warm = slice(min(10, options.flows // 2), None)
    return {
        "flows": options.flows,
        "per_request": {step: {"cpu_ms_median": round(statistics.median(cpu[step][warm]) * 1000, 1),
                               "queries_median": statistics.median(queries[step][warm])} for step in cpu},
        "cpu_ms_per_flow": round(sum(statistics.median(cpu[step][warm]) for step in STEPS) * 1000, 1),
    }


if __name__ == "__main__":
    sys.exit(main())
