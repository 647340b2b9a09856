"""The survey's form: phone-sized radio buttons for the ratings, one line of free text."""
from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from attendees.enums import WouldComeAgain
from attendees.survey_model import RATING_CHOICES
from textsafety.fields import CleanTextField

RATED_ROUNDS = (1, 2)  # SurveyResponse stores a rating for each of these round numbers


def rating_field(label, *, required):
    return forms.TypedChoiceField(label=label, choices=RATING_CHOICES, coerce=int, required=required,
                                  empty_value=None, widget=forms.RadioSelect)


class SurveyForm(forms.Form):
    """`tables` is the researcher's published tables (tables.published): each round they sat in gets a
    rating of its table's conversation, named as their email named it; `round_numbers` are the rounds
    to ask about when nothing was published."""

    overall_rating = rating_field(_("How was the evening overall? (1 = poor, 5 = excellent)"), required=True)
    comments = CleanTextField(
        label=_("Anything you would like to tell us?"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. What worked, what we should change, whom you would like to meet next time."))
    would_come_again = forms.ChoiceField(label=_("Would you come again?"), choices=WouldComeAgain.choices,
                                         widget=forms.RadioSelect)

    def __init__(self, *args, tables, round_numbers, **kwargs):
        super().__init__(*args, **kwargs)
        by_round = {table.round_number: table for table in tables}
        self.round_fields = []
        for number in sorted(set(round_numbers) | set(by_round)):
            if number not in RATED_ROUNDS:
                continue
            table = by_round.get(number)
            where = _("Round %(round)s, table %(table)s") % {"round": number, "table": table.table_number} \
                if table else _("Round %(round)s") % {"round": number}
            if table and table.theme:
                where = f"{where} ({table.theme})"
            name = f"round_{number}_rating"
            self.fields[name] = rating_field(
                _("%(where)s: how good was the conversation at your table?") % {"where": where}, required=False)
            self.round_fields.append(name)
        self.order_fields(["overall_rating", *self.round_fields, "would_come_again", "comments"])

    @property
    def helper(self):
        helper = FormHelper()
        helper.form_id = "survey-form"
        helper.attrs = {"data-submit-once": ""}
        helper.layout = Layout(
            InlineRadios("overall_rating"), *(InlineRadios(name) for name in self.round_fields),
            InlineRadios("would_come_again"), "comments",
            Submit("save", _("Send my answers"), css_class="btn-lg w-100"),
        )
        return helper

    def answers(self):
        data = dict(self.cleaned_data)
        for number in RATED_ROUNDS:
            data.setdefault(f"round_{number}_rating", None)
        return data

    @staticmethod
    def initial_for(response):
        if response is None:
            return {}
        return {"overall_rating": response.overall_rating, "round_1_rating": response.round_1_rating,
                "round_2_rating": response.round_2_rating, "comments": response.comments,
                "would_come_again": response.would_come_again}
