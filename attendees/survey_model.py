"""The survey after the dinner: one researcher's answers (the survey page is portal/survey.py)."""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import WouldComeAgain
from .models import Registration


RATING_CHOICES = [(value, str(value)) for value in range(1, 6)]


class SurveyResponse(models.Model):
    """A researcher's answers to the survey after the dinner (one per registration, editable for a while).

    The round ratings are stored by round number: rounds live in the tables app, a floor above.
    """

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="survey_response", verbose_name=_("registration"))
    overall_rating = models.PositiveSmallIntegerField(_("the evening overall"), choices=RATING_CHOICES)
    round_1_rating = models.PositiveSmallIntegerField(
        _("round 1 table conversation"), choices=RATING_CHOICES, null=True, blank=True)
    round_2_rating = models.PositiveSmallIntegerField(
        _("round 2 table conversation"), choices=RATING_CHOICES, null=True, blank=True)
    comments = models.TextField(_("comments"), blank=True, max_length=2000)
    would_come_again = models.CharField(_("would come again"), max_length=5, choices=WouldComeAgain.choices)
    submitted_at = models.DateTimeField(_("submitted at"))
    updated_at = models.DateTimeField(_("last changed at"))

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(overall_rating__gte=1, overall_rating__lte=5)
                & (Q(round_1_rating__isnull=True) | Q(round_1_rating__gte=1, round_1_rating__lte=5))
                & (Q(round_2_rating__isnull=True) | Q(round_2_rating__gte=1, round_2_rating__lte=5)),
                name="survey_ratings_one_to_five",
            ),
        ]

    def __str__(self):
        return f"{self.registration} · {self.overall_rating}/5"

    def round_rating(self, number):
        return {1: self.round_1_rating, 2: self.round_2_rating}.get(number)
