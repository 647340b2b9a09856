from django.db import models
from django.utils.translation import gettext_lazy as _


class Position(models.TextChoices):
    PHD = "phd", _("PhD student")
    POSTDOC = "postdoc", _("Postdoc")
    MASTERS = "masters", _("Master's student")
    FACULTY = "faculty", _("Faculty")
    INDUSTRY = "industry", _("Industry")


class RegistrationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class WouldComeAgain(models.TextChoices):
    YES = "yes", _("Yes")
    MAYBE = "maybe", _("Maybe")
    NO = "no", _("No")


# Registrations that hold one of the event's researcher places.
PLACE_HOLDING_STATUSES = (RegistrationStatus.APPLIED, RegistrationStatus.CONFIRMED)
