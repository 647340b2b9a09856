"""The note box of the hosts' phone page."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=services.MAX_NOTE,
                           widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))

    def clean_text(self):
        try:
            return services.clean_note(self.cleaned_data["text"])
        except services.FollowUpError as error:
            raise ValidationError(error.message) from None
