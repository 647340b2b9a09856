"""Registering researchers and changing what happens to their registrations.

Every function here takes model instances or ids, never a request, so views, admin actions and
tasks share them.
"""
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Event

from .audit import save_entries, status_change_entries
from .enums import PLACE_HOLDING_STATUSES, RegistrationStatus
from .exceptions import RegistrationError
from .mail.enums import EmailKind
from .mail.queue import queue_registration_emails, send_invitations  # noqa: F401  (send_invitations: a service too)
from .models import OutboundEmail, Registration
from .registering import (  # noqa: F401  (registering is a service too; callers find it here)
    PROFILE_FIELDS, RegistrationOutcome, ensure_invitation_unused, ensure_registration_open, find_invitation,
    register, save_interests,
)
from .signals import places_released
from .waitlist import waiting

@dataclass
class StatusChangeReport:
    changed: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (registration, reason)
    promoted: list = field(default_factory=list)  # taken off the waitlist because a place was freed


def places_taken(event):
    return event.registrations.filter(status__in=PLACE_HOLDING_STATUSES).count()


# The statuses a registration may come from, by the status it moves to.
_S = RegistrationStatus
ALLOWED_TRANSITIONS = {
    _S.CONFIRMED: {_S.APPLIED, _S.WAITLISTED, _S.DECLINED},
    _S.WAITLISTED: {_S.APPLIED, _S.CONFIRMED, _S.DECLINED},
    _S.DECLINED: {_S.APPLIED, _S.CONFIRMED, _S.WAITLISTED},
    _S.CANCELLED: {_S.APPLIED, _S.CONFIRMED, _S.WAITLISTED},
}


# Which email a status change sends, by (old status, new status); no entry, no email.
def _email_for_change(old, new):
    if new == RegistrationStatus.CONFIRMED:
        return EmailKind.PROMOTED if old == RegistrationStatus.WAITLISTED else EmailKind.CONFIRMED
    if new == RegistrationStatus.WAITLISTED:
        return EmailKind.WAITLISTED
    if new == RegistrationStatus.CANCELLED:
        return EmailKind.CANCELLED
    return None


# Leaving the event this way hands the place to the next person on the waitlist. Moving someone
# to the waitlist does not: they would be first in line and get their place straight back.
PROMOTING_STATUSES = (RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED)


def change_status(*, registration_ids, status, now=None, email_changed=True):
    """Move registrations to `status` (organizer actions: confirm, waitlist, decline, cancel).

    Per event, with the event row locked: a registration that would take a place (confirming
    one that does not hold a place yet) is skipped when the event is full, with the reason.
    Transitions not in ALLOWED_TRANSITIONS (e.g. confirming a cancelled registration) are skipped
    too. A registration that stops holding a place is announced with signals.places_released
    (tables frees its seats, in this transaction). Each
    place freed by a cancellation or a decline goes to the next waitlisted person (first come,
    first served), who becomes `confirmed`, as long as the event has not started. Emails:
    confirmed / promoted / waitlisted / cancelled, written now and sent after the commit
    (declines send none; with `email_changed=False` only the promoted are written to, for
    registrations about to be deleted). Returns a StatusChangeReport; one transaction.
    """
    now = now or timezone.now()
    report = StatusChangeReport()
    with transaction.atomic():
        registration_ids = list(registration_ids)
        # The researchers and events the emails and the audit trail name, read before the event lock so
        # that the lock is held only while deciding; statuses and places are read again under it.
        loaded = {
            r.pk: r for r in Registration.objects.filter(pk__in=registration_ids).select_related("researcher", "event")
        }
        event_ids = sorted({registration.event_id for registration in loaded.values()})
        # What these statuses call for is written now, before the event lock, in this transaction (nobody
        # sees it before the commit): the audit entries and the emails of the changes, 4,000 rows at 2,000
        # researchers, most of the time the lock was held. Under the lock only what differs is corrected:
        # a change not made (the event full, the status changed meanwhile) loses its rows, a change made
        # from another status than read gets its own.
        read_before = {pk: registration.status for pk, registration in loaded.items()}
        expected = [registration for registration in loaded.values()
                    if registration.status != status and registration.status in ALLOWED_TRANSITIONS[status]]
        written_entries = {entry.object_id: entry for entry in save_entries(status_change_entries(
            [(registration, registration.status, status) for registration in expected]))}
        written_emails = {email.registration_id: email for email in queue_registration_emails(emails=[
            (registration, _email_for_change(registration.status, status) if email_changed else None)
            for registration in expected], now=now)}
        events = {e.pk: e for e in Event.objects.select_for_update().filter(pk__in=event_ids).order_by("pk")}
        # Under the lock: a registration changed by someone else meanwhile is seen as it is now.
        registrations = []
        for pk, current, created_at in (Registration.objects.filter(pk__in=loaded)
                                        .order_by("event_id", "created_at", "pk")
                                        .values_list("pk", "status", "created_at")):
            registration = loaded[pk]
            registration.status, registration.created_at = current, created_at
            registrations.append(registration)
        free = {pk: e.researcher_capacity - places_taken(e) for pk, e in events.items()}
        promote_events, old_status = set(), {}
        emails = []  # (registration, kind) of the changes not foreseen above
        for registration in registrations:
            old = registration.status
            if old == status:
                continue
            if old not in ALLOWED_TRANSITIONS[status]:
                report.skipped.append((registration, _("a %(status)s registration cannot be changed this way")
                                       % {"status": registration.get_status_display().lower()}))
                continue
            takes_place = status in PLACE_HOLDING_STATUSES and old not in PLACE_HOLDING_STATUSES
            frees_place = status not in PLACE_HOLDING_STATUSES and old in PLACE_HOLDING_STATUSES
            if takes_place and free[registration.event_id] <= 0:
                report.skipped.append((registration, _("the event is full; raise its capacity first")))
                continue
            free[registration.event_id] += frees_place - takes_place
            if frees_place and status in PROMOTING_STATUSES:
                promote_events.add(registration.event_id)
            old_status[registration.pk] = old
            registration.status = status
            registration.status_changed_at = now
            report.changed.append(registration)
        foreseen = {r.pk for r in expected}
        as_read = {r.pk for r in report.changed if r.pk in foreseen and read_before[r.pk] == old_status[r.pk]}
        _delete_written(entries=[entry.pk for pk, entry in written_entries.items() if pk not in as_read],
                        emails=[email.pk for pk, email in written_emails.items() if pk not in as_read])
        unforeseen = [r for r in report.changed if r.pk not in as_read]
        emails += [(r, _email_for_change(old_status[r.pk], status) if email_changed else None) for r in unforeseen]
        _write_status(report.changed, status=status, now=now, old=old_status,
                      entries=status_change_entries([(r, old_status[r.pk], status) for r in unforeseen]))
        left = [r.pk for r in report.changed if r.status not in PLACE_HOLDING_STATUSES]
        if left:
            places_released.send(sender=Registration, registration_ids=left)
        for event_id in sorted(promote_events):
            promoted = _promote_next(events[event_id], free[event_id], exclude_ids=registration_ids, now=now)
            report.promoted.extend(promoted)
            emails.extend((registration, EmailKind.PROMOTED) for registration in promoted)
        queue_registration_emails(emails=emails, now=now)
    return report


def _delete_written(*, entries, emails):
    """Take back audit entries and emails written in this transaction for changes that were not made."""
    from auditlog.models import LogEntry

    if entries:
        LogEntry.objects.filter(pk__in=entries).delete()
    if emails:
        OutboundEmail.objects.filter(pk__in=emails).delete()


def _write_status(registrations, *, status, now, old, entries=None):
    """One UPDATE for all of `registrations` (already set to `status` in memory), whatever their number,
    and one INSERT of their audit entries (`old`: {id: the status before}; `entries`: those entries when
    the caller built them already)."""
    if registrations:
        Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
            status=status, status_changed_at=now, updated_at=now)
        for registration in registrations:
            registration.updated_at = now
        if entries is None:
            entries = status_change_entries([(r, old[r.pk], status) for r in registrations])
        save_entries(entries)


def _promote_next(event, free, *, exclude_ids, now):
    """Give up to `free` places to the first waitlisted registrations (event row already locked)."""
    if free <= 0 or event.starts_at <= now:
        return []
    promoted = list(
        waiting(event.pk).exclude(pk__in=exclude_ids).select_related("researcher", "event")[:free]
    )
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.status_changed_at = now
    _write_status(promoted, status=RegistrationStatus.CONFIRMED, now=now,
                  old={r.pk: RegistrationStatus.WAITLISTED for r in promoted})
    return promoted


def promote_from_waitlist(*, registration_ids, now=None):
    """The organizer hands places to chosen waitlisted registrations, who become `confirmed`.

    Only waitlisted registrations are considered (others are skipped with the reason); they are
    served in waitlist order and refused once the event is full. Sends each a "promoted" email
    after the commit. One transaction, through change_status.
    """
    ids = list(registration_ids)
    not_waiting = list(
        Registration.objects.filter(pk__in=ids).exclude(status=RegistrationStatus.WAITLISTED)
        .select_related("researcher").order_by("pk")
    )
    report = change_status(
        registration_ids=[pk for pk in ids if pk not in {r.pk for r in not_waiting}],
        status=RegistrationStatus.CONFIRMED, now=now,
    )
    report.skipped[:0] = [(registration, _("not on the waitlist")) for registration in not_waiting]
    return report


def cancel_registration(*, registration_id, now=None):
    """The researcher cancels from their personal page: change_status to `cancelled`.

    Frees the place (seats deleted, next waitlisted person promoted, emails to both), all in one
    transaction. Raises RegistrationError when it is already cancelled or declined, or when the
    event has started.
    """
    now = now or timezone.now()
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    if registration.event.starts_at <= now:
        raise RegistrationError(_("The event has started; registrations can no longer be cancelled here."))
    report = change_status(registration_ids=[registration_id], status=RegistrationStatus.CANCELLED, now=now)
    if not report.changed:
        raise RegistrationError(_("This registration cannot be cancelled any more."))
    return report


def update_details(*, registration_id, profile, company_ids, research_area_ids, dietary_needs="",
                   accessibility_needs="", now=None):
    """The researcher changes their details and ranked interests on their personal page.

    In one transaction with the registration locked: refuses (RegistrationError) once the event
    locks edits (Event.details_editable) or when the registration is cancelled or declined;
    updates the Researcher's profile (PROFILE_FIELDS; the email stays), the registration's needs,
    and replaces the ranked interests. No email.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",)).select_related("event", "researcher")
            .get(pk=registration_id)
        )
        if not registration.event.details_editable(now):
            raise RegistrationError(_("The organizers have locked the details for this event."))
        if registration.status not in (*PLACE_HOLDING_STATUSES, RegistrationStatus.WAITLISTED):
            raise RegistrationError(_("This registration is no longer active."))
        researcher = registration.researcher
        for name in PROFILE_FIELDS:
            if name in profile:
                setattr(researcher, name, profile[name])
        researcher.save()
        registration.dietary_needs = dietary_needs
        registration.accessibility_needs = accessibility_needs
        registration.save(update_fields=["dietary_needs", "accessibility_needs", "updated_at"])
        registration.company_interests.all().delete()
        registration.research_interests.all().delete()
        save_interests(registration, company_ids, research_area_ids)
        researcher.research_areas.add(*research_area_ids)
    return registration
