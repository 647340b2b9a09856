"""The event row is locked only for what decides the place (pretix's quota check), and the locks taken
by registering, the organizer's status changes and a researcher's own changes never deadlock (issue 11)."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attendees import address_proof, services
from attendees.enums import PLACE_HOLDING_STATUSES, RegistrationStatus
from attendees.exceptions import RegistrationError
from attendees.models import Registration, Researcher
from tests.attendees.test_waitlist import details, needs_postgres, register, submitted
from tests.factories import EventFactory, RegistrationFactory
from tests.races import run_at_once

pytestmark = [pytest.mark.django_db, needs_postgres]

TABLE = re.compile(r'^(?:SELECT .*? FROM|INSERT INTO|UPDATE|DELETE FROM) "(\w+)"')


def tables_touched_with_the_event_locked(call):
    with CaptureQueriesContext(connection) as queries:
        call()
    sql = [q["sql"] for q in queries]
    locked_at = next(i for i, q in enumerate(sql) if q.startswith('SELECT "events_event"') and "FOR UPDATE" in q)
    return [TABLE.match(q).group(1) for q in sql[locked_at + 1:] if TABLE.match(q)]


@pytest.mark.parametrize("returning", [False, True])
def test_with_the_event_row_locked_registering_only_counts_and_inserts_the_registration(event, returning):
    RegistrationFactory.create_batch(3, event=event)
    if returning:  # a known researcher: the profile is rewritten, before the lock
        RegistrationFactory(researcher__email="minjun@kaist.example", event=EventFactory(offerings=True))

    touched = tables_touched_with_the_event_locked(lambda: register(event, "minjun@kaist.example"))

    assert touched == [
        "attendees_registration",  # places taken and people waiting, in one query
        "attendees_registration",  # the registration
        "auditlog_logentry",
        "attendees_companyinterest", "attendees_researchinterest",
        "attendees_outboundemail",  # the "registration received" email, to be written after the commit
    ]


def test_confirming_a_link_locks_the_event_only_for_the_place_and_marks_the_request_used(event):
    registration_request = submitted(event, "minjun@kaist.example")

    touched = tables_touched_with_the_event_locked(
        lambda: address_proof.confirm_registration(request_id=registration_request.pk))

    assert "attendees_researcher" not in touched and "attendees_researcher_research_areas" not in touched
    assert touched[-1] == "attendees_registrationrequest"
    assert len(touched) == 7


def refused_or_done(call):
    """A refusal (his registration was cancelled first) is an answer; a deadlock would be an error."""
    try:
        call()
    except RegistrationError:
        pass


@pytest.mark.django_db(transaction=True)
def test_registrations_status_changes_and_edits_at_once_neither_deadlock_nor_oversell():
    full = EventFactory(offerings=True, researcher_capacity=4)
    other = EventFactory(offerings=True, researcher_capacity=4)
    holders = RegistrationFactory.create_batch(3, event=full, status=RegistrationStatus.CONFIRMED)
    minjun = RegistrationFactory(event=full, status=RegistrationStatus.CONFIRMED,
                                 researcher__email="minjun@kaist.example")
    newcomers = [submitted(full, f"new{n}@snu.example") for n in range(8)]
    minjun_elsewhere = submitted(other, "minjun@kaist.example")
    profile = details(full, "minjun@kaist.example")

    errors = run_at_once([
        *[(lambda r=r: address_proof.confirm_registration(request_id=r.pk)) for r in newcomers],
        lambda: address_proof.confirm_registration(request_id=minjun_elsewhere.pk),  # his row, then the other event
        lambda: refused_or_done(lambda: services.update_details(  # his registration, then his row
            registration_id=minjun.pk, profile={**profile["profile"], "first_name": "Min-jun"},
            company_ids=profile["company_ids"], research_area_ids=profile["research_area_ids"])),
        lambda: services.change_status(  # the event, then the registrations
            registration_ids=[holders[0].pk, minjun.pk], status=RegistrationStatus.CANCELLED),
        lambda: services.change_status(registration_ids=[holders[1].pk], status=RegistrationStatus.WAITLISTED),
    ])

    assert errors == []
    for event in (full, other):
        holding = Registration.objects.filter(event=event, status__in=PLACE_HOLDING_STATUSES).count()
        assert holding <= event.researcher_capacity
    assert Registration.objects.filter(event=full).count() == 4 + 8
    assert Registration.objects.filter(event=other, researcher__email="minjun@kaist.example").count() == 1
    assert Researcher.objects.filter(email__iexact="minjun@kaist.example").count() == 1
