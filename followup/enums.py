from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """How far recruiting got with a researcher after the dinner."""

    MET = "met", _("Met")
    CONTACTED = "contacted", _("Contacted")
    INTERVIEWING = "interviewing", _("Interviewing")
    OFFER = "offer", _("Offer")
    HIRED = "hired", _("Hired")
    NOT_PURSUED = "not_pursued", _("Not pursued")


# The way to a hire, in order; "not pursued" leaves it, so it is counted beside the funnel, not in it.
FUNNEL = [Stage.MET, Stage.CONTACTED, Stage.INTERVIEWING, Stage.OFFER, Stage.HIRED]
