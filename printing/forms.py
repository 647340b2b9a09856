from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .pdf import PAPERS


class PrintOptions(forms.Form):
    """Paper, language and part of a PDF, from the query string (?paper=letter&lang=ko&part=2)."""

    paper = forms.ChoiceField(label=_("Paper"), choices=[(key, label) for key, (_size, label) in PAPERS.items()],
                              error_messages={"invalid_choice": _("Choose A4 or Letter paper.")})
    # Each language named in itself: whoever reads the document picks it.
    lang = forms.ChoiceField(label=_("Language"),
                             choices=[(code, get_language_info(code)["name_local"]) for code, _n in settings.LANGUAGES],
                             error_messages={"invalid_choice": _("Choose English or Korean.")})
    part = forms.IntegerField(label=_("Part"), min_value=1, required=False,
                              error_messages={"invalid": _("The part is a number: 1, 2, 3…"),
                                              "min_value": _("The part is a number: 1, 2, 3…")})

    def __init__(self, *args, parts=1, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = parts

    def clean_part(self):
        part = self.cleaned_data["part"] or 1
        if part > self.parts:
            raise forms.ValidationError(
                ngettext("This document has %(count)s part; there is no part %(part)s.",
                         "This document has %(count)s parts; there is no part %(part)s.", self.parts),
                params={"count": self.parts, "part": part})
        return part
