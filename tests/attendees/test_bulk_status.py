"""Confirming, waitlisting, cancelling many at once: the same work whatever their number (issue 11)."""
import threading

import pytest
from auditlog.models import LogEntry
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from attendees import services
from attendees.enums import RegistrationStatus
from attendees.mail.enums import EmailKind
from attendees.models import OutboundEmail, Registration
from events.models import Event
from tests.mail import write_pending
from tests.factories import EventFactory, RegistrationFactory
from tests.tables.test_concurrency import waiting_for_lock

pytestmark = pytest.mark.django_db


def queries_to_change(count, status, *, start=RegistrationStatus.APPLIED, capacity=100):
    event = EventFactory(researcher_capacity=capacity)
    ids = [RegistrationFactory(event=event, status=start).pk for _ in range(count)]
    with CaptureQueriesContext(connection) as queries:
        report = services.change_status(registration_ids=ids, status=status)
    assert len(report.changed) == count
    return len(queries), event, ids


@pytest.mark.parametrize("status", [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED])
def test_changing_twenty_costs_the_queries_of_changing_five(status):
    few, _event, _ids = queries_to_change(5, status)
    many, event, ids = queries_to_change(20, status)

    assert many == few
    assert set(Registration.objects.filter(pk__in=ids).values_list("status", flat=True)) == {status}
    assert OutboundEmail.objects.filter(event=event).count() == 20


def test_waitlisting_many_tells_each_their_own_place_in_line():
    _queries, event, ids = queries_to_change(3, RegistrationStatus.WAITLISTED)
    write_pending()

    bodies = {e.registration_id: e.body_text for e in OutboundEmail.objects.filter(kind=EmailKind.WAITLISTED)}
    ordered = list(Registration.objects.filter(pk__in=ids).order_by("created_at", "pk").values_list("pk", flat=True))
    for position, pk in enumerate(ordered, start=1):
        assert f"Your position: {position}." in bodies[pk]


def test_each_change_written_at_once_is_in_the_audit_trail():
    _queries, _event, ids = queries_to_change(4, RegistrationStatus.CONFIRMED)

    entries = LogEntry.objects.filter(object_id__in=ids, action=LogEntry.Action.UPDATE)
    assert sorted(e.object_id for e in entries) == sorted(ids)
    assert {tuple(e.changes_dict["status"]) for e in entries} == {("applied", "confirmed")}


def test_cancelling_many_promotes_as_many_with_the_queries_of_a_few():
    def cancel(count):
        event = EventFactory(researcher_capacity=count)
        holders = [RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED).pk for _ in range(count)]
        waiting = [RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED).pk for _ in range(count)]
        with CaptureQueriesContext(connection) as queries:
            report = services.change_status(registration_ids=holders, status=RegistrationStatus.CANCELLED)
        assert sorted(r.pk for r in report.promoted) == sorted(waiting)
        assert OutboundEmail.objects.filter(event=event, kind=EmailKind.PROMOTED).count() == count
        return len(queries)

    assert cancel(12) == cancel(3)


@pytest.mark.django_db(transaction=True)
def test_a_status_changed_while_confirming_waits_for_the_event_is_logged_as_it_was_under_the_lock():
    # The audit entries are built before the event row is locked; one whose status someone changed
    # meanwhile must say the status it really had when it was confirmed.
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks; run with DATABASE_URL=postgres://...")
    event = EventFactory(researcher_capacity=10)
    ids = [RegistrationFactory(event=event, status=RegistrationStatus.APPLIED).pk for _ in range(3)]
    reports = []
    confirming = threading.Thread(target=lambda: (
        reports.append(services.change_status(registration_ids=ids, status=RegistrationStatus.CONFIRMED)),
        connections.close_all()))

    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        confirming.start()
        waiting_for_lock(1)  # read the three as applied, now waits for the event row
        Registration.objects.filter(pk=ids[0]).update(status=RegistrationStatus.WAITLISTED)
    confirming.join(timeout=60)

    assert len(reports[0].changed) == 3
    logged = {e.object_id: tuple(e.changes_dict["status"])
              for e in LogEntry.objects.filter(object_id__in=ids, action=LogEntry.Action.UPDATE)}
    assert logged == {ids[0]: ("waitlisted", "confirmed"), ids[1]: ("applied", "confirmed"),
                      ids[2]: ("applied", "confirmed")}
    # Its email too: written ahead as "confirmed", rewritten under the lock as "promoted" (one each).
    assert sorted(OutboundEmail.objects.filter(event=event).values_list("registration_id", "kind")) == sorted(
        [(ids[0], EmailKind.PROMOTED), (ids[1], EmailKind.CONFIRMED), (ids[2], EmailKind.CONFIRMED)])


def test_confirming_past_capacity_leaves_no_email_or_audit_entry_for_those_refused():
    event = EventFactory(researcher_capacity=2)
    RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    ids = [RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED).pk for _ in range(3)]

    report = services.change_status(registration_ids=ids, status=RegistrationStatus.CONFIRMED)

    changed = sorted(r.pk for r in report.changed)
    assert len(changed) == 1 and len(report.skipped) == 2
    assert sorted(OutboundEmail.objects.filter(event=event).values_list("registration_id", flat=True)) == changed
    assert sorted(LogEntry.objects.filter(object_id__in=ids, action=LogEntry.Action.UPDATE)
                  .values_list("object_id", flat=True)) == changed


def test_the_emails_and_audit_entries_are_written_before_the_event_row_is_locked():
    # So the lock covers deciding and the UPDATE, not 4,000 INSERTs at 2,000 researchers (issue 11).
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes no row locks: there is no FOR UPDATE to come after")
    event = EventFactory(researcher_capacity=10)
    ids = [RegistrationFactory(event=event, status=RegistrationStatus.APPLIED).pk for _ in range(3)]

    with CaptureQueriesContext(connection) as queries:
        services.change_status(registration_ids=ids, status=RegistrationStatus.CONFIRMED)

    statements = [q["sql"] for q in queries]
    lock = next(i for i, sql in enumerate(statements) if '"events_event"' in sql and "FOR UPDATE" in sql)
    inserts = [i for i, sql in enumerate(statements) if sql.startswith("INSERT INTO")]
    assert len(inserts) == 2 and max(inserts) < lock
