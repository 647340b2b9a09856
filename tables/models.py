from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from attendees.models import EventHost, Registration
from events.models import Company, Event, ResearchArea

from .enums import PlacedBy, RoundBasis, RunState


class Table(models.Model):
    """A physical table; the same tables serve every round of the evening."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tables", verbose_name=_("event"))
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    capacity = models.PositiveSmallIntegerField(_("researcher seats"), default=8)

    class Meta:
        ordering = ["event", "number"]
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="table_number_unique_per_event"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="table_capacity_positive"),
            models.CheckConstraint(condition=Q(number__gte=1), name="table_number_positive"),
        ]

    def __str__(self):
        return f"{_('Table')} {self.number}" + (f" · {self.name}" if self.name else "")


class Round(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("event"))
    number = models.PositiveSmallIntegerField(_("number"))
    basis = models.CharField(_("seated by"), max_length=10, choices=RoundBasis.choices)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # When the publication's emails were stored (portal); empty while a published round still owes them,
    # which the worker's recovery pass notices if the task that stores them was lost.
    announced_at = models.DateTimeField(_("emails stored at"), null=True, blank=True, editable=False)
    # Each researcher's table as last emailed ({registration id: table id}): publishing again emails
    # only those whose table differs from it (tables.services.publishing.publish_recipients).
    announced_seating = models.JSONField(_("tables last emailed"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["event", "number"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="round_number_unique_per_event"),
            models.CheckConstraint(condition=Q(number__gte=1), name="round_number_positive"),
        ]

    def __str__(self):
        return f"{_('Round')} {self.number} ({self.get_basis_display()})"


class TableTheme(models.Model):
    """What a table is about in one round: a company (company round) or a research area."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="themes", verbose_name=_("round"))
    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="themes", verbose_name=_("table"))
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("company")
    )
    research_area = models.ForeignKey(
        ResearchArea, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("research area")
    )

    class Meta:
        ordering = ["round", "table__number"]
        verbose_name = _("table theme")
        verbose_name_plural = _("table themes")
        constraints = [
            models.UniqueConstraint(fields=["round", "table"], name="table_theme_one_per_round"),
            models.CheckConstraint(
                condition=Q(company__isnull=False, research_area__isnull=True)
                | Q(company__isnull=True, research_area__isnull=False),
                name="table_theme_company_xor_research_area",
            ),
        ]

    def __str__(self):
        return str(self.subject)

    @property
    def subject(self):
        return self.company or self.research_area

    def clean(self):
        if self.round_id and self.round.basis == RoundBasis.COMPANY and not self.company_id:
            raise ValidationError({"company": _("A company round needs a company theme.")})
        if self.round_id and self.round.basis == RoundBasis.RESEARCH and not self.research_area_id:
            raise ValidationError({"research_area": _("A research round needs a research-area theme.")})
        if self.round_id and self.table_id and self.round.event_id != self.table.event_id:
            raise ValidationError(_("The table and the round belong to different events."))


class Seat(models.Model):
    """One person at one table in one round: a researcher's registration or a host."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="seats", verbose_name=_("round"))
    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="seats", verbose_name=_("table"))
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, null=True, blank=True, related_name="seats",
        verbose_name=_("registration"),
    )
    event_host = models.ForeignKey(
        EventHost, on_delete=models.CASCADE, null=True, blank=True, related_name="seats", verbose_name=_("host")
    )
    pinned = models.BooleanField(_("pinned"), default=False, help_text=_("Kept when the optimizer runs again."))
    placed_by = models.CharField(_("placed by"), max_length=10, choices=PlacedBy.choices, default=PlacedBy.OPTIMIZER)
    version = models.PositiveIntegerField(
        _("version"), default=1, editable=False,
        help_text=_("Bumped on every change, so two organizers cannot overwrite each other's moves."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "table__number", "pk"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.CheckConstraint(
                condition=Q(registration__isnull=False, event_host__isnull=True)
                | Q(registration__isnull=True, event_host__isnull=False),
                name="seat_researcher_xor_host",
            ),
            models.UniqueConstraint(
                fields=["round", "registration"], condition=Q(registration__isnull=False),
                name="seat_one_per_researcher_and_round",
            ),
            models.UniqueConstraint(
                fields=["round", "event_host"], condition=Q(event_host__isnull=False),
                name="seat_one_per_host_and_round",
            ),
        ]

    def __str__(self):
        person = self.registration.researcher if self.registration_id else self.event_host.host
        return f"{person} · {self.table} · {self.round}"


class SeatingSettings(models.Model):
    """How one event's seating is scored and how many hosts sit at each table (created on demand)."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="seating_settings", verbose_name=_("event")
    )
    first_choice_points = models.PositiveSmallIntegerField(_("points for a 1st choice"), default=3)
    second_choice_points = models.PositiveSmallIntegerField(_("points for a 2nd choice"), default=2)
    third_choice_points = models.PositiveSmallIntegerField(_("points for a 3rd choice"), default=1)
    repeat_pair_penalty = models.PositiveSmallIntegerField(
        _("penalty per repeated pair"), default=2,
        help_text=_("Subtracted for every two researchers who share a table in two rounds."),
    )
    same_lab_penalty = models.PositiveSmallIntegerField(
        _("penalty per same-lab pair"), default=1,
        help_text=_("Subtracted for every two researchers of the same lab (or institution) at one table."),
    )
    host_seats_min = models.PositiveSmallIntegerField(_("hosts per table, at least"), default=2)
    host_seats_max = models.PositiveSmallIntegerField(_("hosts per table, at most"), default=3)

    class Meta:
        verbose_name = _("seating settings")
        verbose_name_plural = _("seating settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(host_seats_max__gte=F("host_seats_min")), name="seating_settings_host_max_at_least_min"
            ),
        ]

    def __str__(self):
        return _("Seating settings of %(event)s") % {"event": self.event}

    @classmethod
    def for_event(cls, event):
        """The event's settings, or unsaved defaults when the organizer never changed them."""
        found = cls.objects.filter(event=event).first()
        return found if found is not None else cls(event=event)


class SeatingRun(models.Model):
    """One (background) run of the seating engine for an event, with its progress for the board."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="seating_runs", verbose_name=_("event"))
    round_numbers = models.JSONField(_("rounds"), default=list)
    keep_manual = models.BooleanField(_("keep manual placements"), default=True)
    fresh = models.BooleanField(
        _("start fresh"), default=False,
        help_text=_("Seat everyone anew instead of starting from the seats as they are."),
    )
    seed = models.PositiveIntegerField(_("seed"), default=0)
    steps = models.PositiveIntegerField(
        _("search steps"), null=True, blank=True,
        help_text=_("Steps the engine searched; the same seed and steps give the same plan again."),
    )
    moved = models.JSONField(
        _("moved"), default=dict, blank=True,
        help_text=_("Per round number, the names of the people the run seated at another table."),
    )
    state = models.CharField(_("state"), max_length=10, choices=RunState.choices, default=RunState.QUEUED)
    progress = models.FloatField(_("progress"), default=0.0)
    best_score = models.IntegerField(_("best score"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("seating run")
        verbose_name_plural = _("seating runs")
        constraints = [
            # The database refuses a second active run for the same event, even from two requests at once.
            models.UniqueConstraint(
                fields=["event"], condition=Q(state__in=["queued", "running"]), name="seating_run_one_active_per_event"
            ),
        ]

    def __str__(self):
        return f"{self.event} · {self.get_state_display()} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def active(self):
        return self.state in (RunState.QUEUED, RunState.RUNNING)
