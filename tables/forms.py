"""Input of the seating board's buttons (the board lives in the admin, which has no Bootstrap: its forms
are rendered by hand in templates/admin/tables/round/board.html, these classes only parse and validate)."""
from django import forms
from django.utils.translation import gettext_lazy as _


class MoveForm(forms.Form):
    seat = forms.IntegerField(min_value=1)
    version = forms.IntegerField(min_value=1)
    to_table = forms.IntegerField(label=_("Move to table"), min_value=1)


class SeatVersionField(forms.CharField):
    """A seat as the board showed it: "<seat pk>:<version>", parsed to (pk, version)."""

    def to_python(self, value):
        value = super().to_python(value)
        try:
            seat, version = (int(part) for part in value.split(":"))
        except ValueError:
            raise forms.ValidationError(_("Choose a person.")) from None
        return seat, version


class SwapForm(forms.Form):
    seat_a = SeatVersionField(label=_("Swap"))
    seat_b = SeatVersionField(label=_("with"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("seat_a") and cleaned.get("seat_b") and cleaned["seat_a"][0] == cleaned["seat_b"][0]:
            raise forms.ValidationError(_("Choose two different people to swap."))
        return cleaned


class PinForm(forms.Form):
    seat = forms.IntegerField(min_value=1)
    version = forms.IntegerField(min_value=1)
    pinned = forms.BooleanField(required=False)


class GenerateForm(forms.Form):
    SCOPES = [("round", _("this round")), ("all", _("all rounds"))]

    scope = forms.ChoiceField(label=_("Seat"), choices=SCOPES, initial="round")
    keep_manual = forms.BooleanField(label=_("keep manual placements"), required=False, initial=True)
    # Unticked (the default), the run starts from the seats as they are and moves as few people as it can.
    fresh = forms.BooleanField(label=_("start fresh (seat everyone anew)"), required=False, initial=False)
