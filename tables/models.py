from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from attendees.models import EventHost, Registration
from events.models import Company, Event, ResearchArea

from .enums import PlacedBy, RoundBasis


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
    company = models.ForeignKey(Company, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("company"))
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
        Registration, on_delete=models.CASCADE, null=True, blank=True, related_name="seats", verbose_name=_("registration")
    )
    event_host = models.ForeignKey(
        EventHost, on_delete=models.CASCADE, null=True, blank=True, related_name="seats", verbose_name=_("host")
    )
    pinned = models.BooleanField(_("pinned"), default=False, help_text=_("Kept when the optimizer runs again."))
    placed_by = models.CharField(_("placed by"), max_length=10, choices=PlacedBy.choices, default=PlacedBy.OPTIMIZER)
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
