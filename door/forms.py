"""The door's search box."""
from crispy_forms.bootstrap import FieldWithButtons, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class GuestSearchForm(forms.Form):
    """The big search box at the door (GET, so it works without JavaScript)."""

    q = forms.CharField(label=gettext_lazy("Name, email or affiliation"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({
            "autofocus": True, "autocomplete": "off", "autocapitalize": "none", "spellcheck": "false",
            "enterkeyhint": "search", "type": "search", "class": "form-control-lg",
        })
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "guest-search"
        self.helper.layout = Layout(FieldWithButtons(
            "q", StrictButton(_("Search"), type="submit", css_class="btn btn-primary btn-lg", css_id="search-button"),
        ))
