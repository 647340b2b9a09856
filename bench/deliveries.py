"""The task queue at conference scale: enqueuing and delivering 2,000 emails on each backend.

    python bench/deliveries.py                     # 2,000 emails, django-tasks-db then RQ
    python bench/deliveries.py --emails 500 --backends rq

In a throwaway PostgreSQL database (rt_queue_bench, bench/world.py) and Redis database 11 (emptied
before and after), in process: the 2,000 confirmed researchers' emails are stored in bulk, then
(1) each delivery is enqueued, as the commit of a bulk change does, and (2) one worker
(`manage.py run_worker --batch`) delivers them all to Django's in-memory mail outbox, so the
figure is the queue's and the delivery's own cost, without a mail server's. A real SMTP exchange
adds its round trips per email on top; several workers divide that time.
"""
from __future__ import annotations

import argparse
import io
import time

import world

DATABASE = "rt_queue_bench"
REDIS = "redis://127.0.0.1:6379/11"
BACKENDS = {"database": {"BACKEND": "django_tasks_db.DatabaseBackend"}, "rq": {"BACKEND": "django_tasks_rq.RQBackend"}}


def empty_redis():
    import redis

    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter("rq:*"):
        client.delete(key)


def measure(backend, event):
    from django.core import mail
    from django.core.management import call_command
    from django.test.utils import override_settings
    from django.utils import timezone

    from attendees.mail.queue import enqueue_delivery
    from attendees.models import OutboundEmail

    from config.settings.base import rq_queue

    with override_settings(TASKS={"default": BACKENDS[backend]}, RQ_QUEUES={"default": rq_queue(REDIS)},
                           EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        now = timezone.now()
        emails = OutboundEmail.objects.bulk_create(
            OutboundEmail(event=event, registration=registration, kind="confirmed", language="en",
                          to=registration.researcher.email, subject="Your place is confirmed",
                          body_text="See you there.", body_html="<p>See you there.</p>", next_attempt_at=now)
            for registration in event.registrations.select_related("researcher"))
        started = time.perf_counter()
        for email in emails:
            enqueue_delivery(email.pk)
        enqueued = time.perf_counter() - started
        started = time.perf_counter()
        call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload", "--verbosity", "0",
                     stdout=io.StringIO())
        delivered = time.perf_counter() - started
        sent = OutboundEmail.objects.filter(pk__in=[e.pk for e in emails], state="sent").count()
        assert sent == len(emails) == len(mail.outbox), (sent, len(emails), len(mail.outbox))
        OutboundEmail.objects.filter(pk__in=[e.pk for e in emails]).delete()
    return len(emails), enqueued, delivered


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=2000)
    parser.add_argument("--backends", nargs="+", choices=sorted(BACKENDS), default=["database", "rq"])
    args = parser.parse_args()

    world.setup(DATABASE)
    empty_redis()
    try:
        event = world.build_event(args.emails).event
        print("| queue | emails | enqueue all (in the request) | one worker delivers all | per email |")
        print("| --- | --- | --- | --- | --- |")
        for backend in args.backends:
            count, enqueued, delivered = measure(backend, event)
            print(f"| {backend} | {count:,} | {enqueued * 1000:,.0f} ms | {delivered:,.1f} s "
                  f"| {delivered / count * 1000:.1f} ms |", flush=True)
    finally:
        empty_redis()
        world.teardown(DATABASE)


if __name__ == "__main__":
    main()
