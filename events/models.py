import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .dates import event_place, event_when
from .enums import EventStatus



def validate_time_zone(value):
    # Not a `choices` list: the zone database differs between machines, and migrations must not.
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone, e.g. America/Vancouver."), params={"value": value})


def time_zone_choices():
    return [(tz, tz) for tz in sorted(zoneinfo.available_timezones()) if "/" in tz and not tz.startswith("Etc/")]


def localized_name(name, name_ko):
    """`name_ko` on a Korean page when there is one, else `name`.

    The one rule for every name with a Korean twin (companies, research areas, events), whether it
    comes from a model or from a query's annotations, so a host card and a table line never disagree.
    """
    if get_language() == "ko" and name_ko:
        return name_ko
    return name


class LocalizedNameMixin:
    """Show the Korean name on Korean pages when there is one."""

    @property
    def display_name(self):
        return localized_name(self.name, self.name_ko)


class Company(LocalizedNameMixin, models.Model):
    """An organization a researcher can want to meet: one of the host company's affiliates."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_ko = models.CharField(_("Korean name"), max_length=120, blank=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self):
        return self.name


class ResearchArea(LocalizedNameMixin, models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    name_ko = models.CharField(_("Korean name"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("research area")
        verbose_name_plural = _("research areas")

    def __str__(self):
        return self.name


class Event(LocalizedNameMixin, models.Model):
    name = models.CharField(_("name"), max_length=200)
    name_ko = models.CharField(_("Korean name"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    conference = models.CharField(_("conference"), max_length=100, help_text=_("e.g. CVPR 2026"))
    city = models.CharField(_("city"), max_length=100)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_time_zone])
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    registration_opens_at = models.DateTimeField(_("registration opens at"))
    registration_closes_at = models.DateTimeField(_("registration closes at"))
    researcher_capacity = models.PositiveIntegerField(
        _("researcher capacity"),
        help_text=_("Researchers who can hold a place; later registrations join the waitlist."),
    )
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT)
    invite_only = models.BooleanField(
        _("invite only"), default=False, help_text=_("Registration needs a personal invitation code.")
    )
    description = models.TextField(_("description"), blank=True)
    description_ko = models.TextField(_("Korean description"), blank=True)
    companies = models.ManyToManyField(Company, related_name="events", blank=True, verbose_name=_("companies"))
    research_areas = models.ManyToManyField(
        ResearchArea, related_name="events", blank=True, verbose_name=_("research areas")
    )
    max_company_choices = models.PositiveSmallIntegerField(_("ranked company choices"), default=3)
    max_research_choices = models.PositiveSmallIntegerField(_("ranked research choices"), default=3)
    details_lock_at = models.DateTimeField(
        _("details editable until"), null=True, blank=True,
        help_text=_("After this moment researchers can no longer change their details and interests on their "
                    "personal page (cancelling still works). Empty: until the event starts."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="staffed_events", blank=True, verbose_name=_("staff"),
        help_text=_("The accounts working on this event (organizers, door staff, recruiters): they see this "
                    "event and its people, and no other event's. Superusers see every event."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [("check_in_guests", _("Can check guests in at the door"))]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(max_company_choices__gte=1, max_company_choices__lte=5)
                & Q(max_research_choices__gte=1, max_research_choices__lte=5),
                name="event_choice_limits_1_to_5",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def display_description(self):
        if get_language() == "ko" and self.description_ko:
            return self.description_ko
        return self.description

    @property
    def when(self):
        """Day, start and end at the venue, as pages and emails show them (events/dates.py)."""
        return event_when(self)

    @property
    def place(self):
        """Venue, address and city, the city once (events/dates.py)."""
        return event_place(self)

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    def format_local(self, moment):
        """`moment` as the venue's clocks show it, e.g. "2027-06-16 18:30 PDT"."""
        return timezone.localtime(moment, self.tzinfo).strftime("%Y-%m-%d %H:%M %Z")

    def details_editable(self, now=None):
        """Whether researchers may still change their details and interests on their personal page."""
        now = now or timezone.now()
        return now < (self.details_lock_at or self.starts_at)

    def registration_state(self, now=None):
        """'open', 'not_yet', 'closed' or 'unavailable' (draft or finished), at `now`."""
        now = now or timezone.now()
        if self.status != EventStatus.OPEN:
            return "closed" if self.status in (EventStatus.CLOSED, EventStatus.FINISHED) else "unavailable"
        if now < self.registration_opens_at:
            return "not_yet"
        if now >= self.registration_closes_at:
            return "closed"
        return "open"
