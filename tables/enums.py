from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundBasis(models.TextChoices):
    COMPANY = "company", _("Company")
    RESEARCH = "research", _("Research area")


class PlacedBy(models.TextChoices):
    OPTIMIZER = "optimizer", _("Optimizer")
    ORGANIZER = "organizer", _("Organizer")


class RunState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
