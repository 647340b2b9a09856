"""Form fields for text that people type into public forms, cleaned by `cleaning.clean_line`.

Something typed that is empty once its invisible characters are gone is refused with its own
message (not silently stored as empty, not mistaken for "you left this blank").
"""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .cleaning import clean_line, looks_like_address


class CleanedTextMixin:
    default_error_messages = {
        "invisible": _("This holds only invisible characters. Please type it with visible letters."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        cleaned = clean_line(value)
        if not cleaned:
            raise ValidationError(self.error_messages["invisible"], code="invisible")
        return cleaned


class CleanTextField(CleanedTextMixin, forms.CharField):
    """One line of free text: an affiliation, a lab, dietary needs."""


class CleanURLField(CleanedTextMixin, forms.URLField):
    """A web address someone gives as theirs (a homepage)."""


class CleanEmailField(CleanedTextMixin, forms.EmailField):
    """An email address. Django's own field accepts a zero-width space or a right-to-left override
    in the domain ("minjun@kaist\u200b.ac.kr"), which would show as someone else's address."""


def validate_name(value):
    """Names are shown in emails: no text there that a mail client would turn into a link."""
    if looks_like_address(value):
        raise ValidationError(
            _("A name cannot contain a web address, an email address or angle brackets (< >)."), code="address")


class NameField(CleanTextField):
    """A person's first, last or native name."""

    default_validators = [validate_name]
