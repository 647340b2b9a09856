"""Next year: an event cloned into a new draft, and last year's attendees invited to it.

clone_event()                 what the evening is made of (offerings, tables, rounds and their
                              themes, email templates, seating settings, and on request the hosts
                              and staff accounts), never anyone's registration, seat or email.
plan_returning_invitations()  who an invitation would go to, and who is left out and why.
invite_returning()            the same, done: invitations created and their emails queued.

Cloning reads all three floors below, so it lives on the top floor rather than in each app.
"""
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attendees import mail
from attendees.enums import RegistrationStatus
from attendees.models import EmailTemplate, EventHost, Invitation, Registration
from events.enums import EventStatus
from events.models import Event
from tables.models import Round, SeatingSettings, Table, TableTheme

# The Event fields the clone does not take from its source: who it is, when it is, and its state.
EVENT_FIELDS_NOT_COPIED = {
    "id", "name", "name_ko", "slug", "status", "created_at", "conference", "city", "time_zone",
    "starts_at", "ends_at",
}
# Moved by as much as the start, so the registration window and rounds keep their place around the dinner.
EVENT_TIMES_SHIFTED = ("registration_opens_at", "registration_closes_at", "details_lock_at")
SLUG_ATTEMPTS = 20


class NextYearError(Exception):
    """What the organizer asked cannot be done; the message says why."""


class Audience(models.TextChoices):
    ARRIVED = "arrived", gettext_lazy("Those who came (checked in at the door)")
    CONFIRMED = "confirmed", gettext_lazy("Everyone who held a confirmed place, whether they came or not")


def clone_event(*, source, name, starts_at, ends_at, conference, city, time_zone, name_ko="",
                with_hosts=True, with_staff=True, by=None):
    """A new draft event made from `source`, named `name`, from `starts_at` to `ends_at`; returns it.

    Copied: every field of the event but its name, address (slug), place and time, which the
    caller gives, and its status (draft); the companies and research areas it offers; the tables;
    the rounds (unpublished) with each table's theme; the email templates; the seating settings;
    the hosts (`with_hosts`) and the staff accounts (`with_staff`). The registration window, the
    "details editable until" moment and the rounds' starts move with the start. `by` (the account
    cloning) is added to the staff unless it is a superuser, as when it creates an event. Nothing of
    any researcher is copied: no registration, request, invitation, seat, email or seating run.
    The slug comes from the name, with -2, -3… when taken. One transaction, with an audit entry.
    Raises NextYearError when the dinner would end before it starts.
    """
    if ends_at <= starts_at:
        raise NextYearError(_("The event must end after it starts."))
    shift = starts_at - source.starts_at
    with transaction.atomic():
        event = _create_event(source, name=name, name_ko=name_ko, starts_at=starts_at, ends_at=ends_at,
                              conference=conference, city=city, time_zone=time_zone, shift=shift)
        event.companies.set(source.companies.all())
        event.research_areas.set(source.research_areas.all())
        staff = set(source.staff.values_list("pk", flat=True)) if with_staff else set()
        if by is not None and not by.is_superuser:
            staff.add(by.pk)
        event.staff.set(staff)
        _copy_layout(source, event, shift)
        for template in source.email_templates.order_by("pk"):
            EmailTemplate.objects.create(event=event, **_values(template, skip={"id", "event", "updated_at"}))
        settings = SeatingSettings.objects.filter(event=source).first()
        if settings is not None:
            SeatingSettings.objects.create(event=event, **_values(settings, skip={"id", "event"}))
        if with_hosts:
            EventHost.objects.bulk_create(
                EventHost(event=event, host_id=host_id)
                for host_id in source.event_hosts.order_by("pk").values_list("host_id", flat=True))
        LogEntry.objects.log_create(
            event, action=LogEntry.Action.CREATE, actor=by, changes={"cloned from": ["", str(source)]},
            additional_data={"source_event_id": source.pk, "with_hosts": with_hosts, "with_staff": with_staff})
    return event


def _values(instance, *, skip):
    """The concrete field values of `instance` by attribute name (foreign keys as ids), less `skip`."""
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields if f.name not in skip}


def _create_event(source, *, shift, **given):
    values = {**_values(source, skip=EVENT_FIELDS_NOT_COPIED), **given, "status": EventStatus.DRAFT}
    for name in EVENT_TIMES_SHIFTED:
        if values[name] is not None:
            values[name] += shift
    base = (slugify(given["name"]) or source.slug)[: Event._meta.get_field("slug").max_length - 4].strip("-")
    for _attempt in range(SLUG_ATTEMPTS):
        try:
            with transaction.atomic():  # a clone of the same name committed meanwhile: take the next number
                return Event.objects.create(slug=_free_slug(base), **values)
        except IntegrityError:
            continue
    raise NextYearError(_("No free address found for this name; choose another name."))


def _free_slug(base):
    taken = set(Event.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def _copy_layout(source, event, shift):
    """Tables, rounds (unpublished, their start moved by `shift`) and each table's theme per round."""
    Table.objects.bulk_create(Table(event=event, **_values(table, skip={"id", "event"}))
                              for table in source.tables.order_by("number"))
    tables = {table.number: table for table in event.tables.all()}
    rounds = {}
    for round_ in source.rounds.order_by("number"):
        values = _values(round_, skip={"id", "event", "published_at"})
        if values["starts_at"] is not None:
            values["starts_at"] += shift
        rounds[round_.pk] = Round.objects.create(event=event, **values)  # one by one: the audit trail logs each
    TableTheme.objects.bulk_create(
        TableTheme(round=rounds[theme.round_id], table=tables[theme.table.number],
                   **_values(theme, skip={"id", "round", "table"}))
        for theme in TableTheme.objects.filter(round__event=source).select_related("table").order_by("pk"))


@dataclass
class ReturningInvitations:
    """Who an invitation goes to (`to_invite`, researchers) and how many were left out, and why."""

    to_invite: list = field(default_factory=list)
    already_invited: int = 0
    already_registered: int = 0
    erased: int = 0  # their personal data was erased: no address left, and they asked to be forgotten
    emails_queued: int = 0

    @property
    def invited(self):
        return len(self.to_invite)


def plan_returning_invitations(*, event, source, audience):
    """Who invite_returning() would invite to `event` from `source`'s `audience`; writes nothing.

    Raises NextYearError when `source` is not an earlier event (its attendees would not count as
    returning) or `event` takes no registrations (the invitation's link would lead nowhere).
    """
    _check(event, source)
    attended = (Q(checked_in_at__isnull=False) if audience == Audience.ARRIVED
                else Q(status=RegistrationStatus.CONFIRMED) | Q(checked_in_at__isnull=False))
    registered = set(Registration.objects.filter(event=event).values_list("researcher_id", flat=True))
    invited = {email.lower() for email in Invitation.objects.filter(event=event).values_list("email", flat=True)}
    plan = ReturningInvitations()
    for registration in (Registration.objects.filter(attended, event=source).select_related("researcher")
                         .order_by("researcher__last_name", "researcher__first_name", "pk")):
        researcher = registration.researcher
        if researcher.anonymized_at is not None:
            plan.erased += 1
        elif researcher.pk in registered:
            plan.already_registered += 1
        elif researcher.email.lower() in invited:  # as the invitations' unique constraint compares
            plan.already_invited += 1
        else:
            plan.to_invite.append(researcher)
    return plan


def invite_returning(*, event, source, audience, by=None, now=None):
    """Invite `source`'s `audience` (Audience) to `event`: one Invitation each and its email.

    Left out, and counted: researchers registered for `event` (any status), those invited to it
    already (same address in any letter case) and those whose data was erased. The invitation
    carries the researcher's name and affiliation; mail.send_invitations writes the emails. When
    they register, their registration for `source` makes them *returning*. One transaction, with
    `event`'s row locked so that two organizers pressing at once invite each person once; an
    audit entry on `event`. Running it again invites nobody twice. Returns ReturningInvitations.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        plan = plan_returning_invitations(event=event, source=source, audience=audience)
        invitations = Invitation.objects.bulk_create(
            Invitation(event=event, email=r.email, first_name=r.first_name, last_name=r.last_name,
                       affiliation=r.affiliation) for r in plan.to_invite)
        ids = [invitation.pk for invitation in invitations]
        plan.emails_queued = mail.send_invitations(invitation_ids=ids, now=now) if ids else 0
        LogEntry.objects.log_create(
            event, action=LogEntry.Action.UPDATE, actor=by,
            changes={"returning invitations": ["", f"{plan.invited} ({source})"]},
            additional_data={"source_event_id": source.pk, "audience": str(audience), "invited": plan.invited,
                             "already_invited": plan.already_invited,
                             "already_registered": plan.already_registered, "erased": plan.erased})
    return plan


def _check(event, source):
    if source.pk == event.pk or source.starts_at >= event.starts_at:
        raise NextYearError(_("Choose an event that took place before this one: only its attendees count as "
                              "returning when they register."))
    if event.status != EventStatus.OPEN or event.registration_state() == "closed":
        raise NextYearError(_("Open this event for registration first: the invitations link to its registration "
                              "form."))

