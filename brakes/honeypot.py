"""A form field people never see and form-filling bots fill in.

The field sits off-screen (CSS class rt-offscreen in static/css/roundtable.css; no inline style,
so it works under a Content-Security-Policy), hidden from screen readers (aria-hidden), skipped by
the Tab key and by autofill. Its label says to leave it empty, for anyone who sees the page
without its stylesheet. A form that has it filled in is otherwise valid: the view answers as it
would answer a person and does nothing, so the bot learns nothing.
"""
from crispy_forms.layout import Div
from django import forms
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"


class HoneypotFormMixin(forms.Form):
    """Put it first in the bases of a crispy form that has a `helper` property."""

    website = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def caught_in_honeypot(self):
        """True when the field people never see came back filled in (call after is_valid())."""
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))

    @property
    def helper(self):
        helper = super().helper
        # Before the submit button, where a bot filling every input in order expects one more field.
        helper.layout.fields.insert(-1, Div(HONEYPOT_FIELD, css_class="rt-offscreen", aria_hidden="true"))
        return helper
