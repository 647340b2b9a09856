from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from brakes.honeypot import HoneypotFormMixin
from textsafety.fields import CleanEmailField, CleanTextField, CleanURLField, NameField

from .enums import Position
from .services import PROFILE_FIELDS


class RankedChoiceField(forms.ModelChoiceField):
    """One ranked choice; `offered` ({str(pk): object}, shared by the form's fields) answers the lookups,
    so a form with five ranks reads the event's choices once instead of once per rank."""

    def __init__(self, *args, offered, **kwargs):
        super().__init__(*args, **kwargs)
        self.offered = offered

    def label_from_instance(self, obj):
        return obj.display_name

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.offered[str(value)]
        except KeyError:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class _LazyChoices(dict):
    """{str(pk): object} of a queryset, read on the first lookup (a form shown, not sent, never reads it)."""

    def __init__(self, queryset):
        super().__init__()
        self.queryset, self.loaded = queryset, False

    def __missing__(self, key):
        if self.loaded:
            raise KeyError(key)
        self.loaded = True
        self.update({str(obj.pk): obj for obj in self.queryset})
        return self[key]


class ResearcherDetailsForm(forms.Form):
    """A researcher's profile, ranked interests and dinner needs, as the event asks for them.

    Shared by the registration form and the personal page, so both validate the same way.
    Company and research choices are one field per rank (company_1, company_2, ...), up to the
    event's limits; the first of each is required and no choice may repeat.
    """

    form_id = "details-form"
    submit_name, submit_label = "save", _("Save changes")

    # Every text field is cleaned (NFC, no invisible formatting characters; textsafety.cleaning) and
    # names may not hold web or email addresses, which mail clients would turn into links.
    first_name = NameField(label=_("First name"), max_length=100)
    last_name = NameField(label=_("Last name"), max_length=100)
    native_name = NameField(
        label=_("Name in native script"), max_length=100, required=False, help_text=_("Optional, e.g. 김민준")
    )
    affiliation = CleanTextField(label=_("University or institute"), max_length=200)
    lab = CleanTextField(label=_("Lab or group"), max_length=200, required=False)
    position = forms.ChoiceField(label=_("Position"), choices=[("", "---------")] + Position.choices)
    graduation_year = forms.IntegerField(
        label=_("Expected graduation year"), required=False, min_value=1980, max_value=2100
    )
    country = CleanTextField(label=_("Country"), max_length=100, required=False)
    homepage = CleanURLField(label=_("Homepage or Google Scholar profile"), required=False, assume_scheme="https")
    dietary_needs = CleanTextField(label=_("Dietary needs"), max_length=300, required=False)
    accessibility_needs = CleanTextField(label=_("Accessibility needs"), max_length=300, required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.name_order())
        self.event = event
        companies = event.companies.all()
        areas = event.research_areas.all()
        offered_companies = _LazyChoices(companies)
        offered_areas = _LazyChoices(areas)
        for rank in range(1, event.max_company_choices + 1):
            self.fields[f"company_{rank}"] = RankedChoiceField(
                queryset=companies, offered=offered_companies, required=rank == 1,
                label=self._rank_label(rank, _("company")),
            )
        for rank in range(1, event.max_research_choices + 1):
            self.fields[f"research_{rank}"] = RankedChoiceField(
                queryset=areas, offered=offered_areas, required=rank == 1,
                label=self._rank_label(rank, _("research interest")),
            )

    @staticmethod
    def _rank_label(rank, noun):
        ordinals = {1: _("1st choice"), 2: _("2nd choice"), 3: _("3rd choice")}
        return f"{ordinals.get(rank, _('Choice %(n)s') % {'n': rank})}: {noun}"

    @property
    def helper(self):
        helper = FormHelper()
        helper.form_id = self.form_id
        helper.attrs = {"data-submit-once": ""}  # a double tap sends one POST (static/js/roundtable.js)
        helper.layout = Layout(*self.layout_sections(), *self.layout_tail(),
                               Submit(self.submit_name, self.submit_label, css_class="btn-lg"))
        return helper

    def layout_sections(self):
        company_fields = [Div(f, css_class="col-md-4") for f in self.fields if f.startswith("company_")]
        research_fields = [Div(f, css_class="col-md-4") for f in self.fields if f.startswith("research_")]
        name_row = [Div("native_name", css_class="col-md-6")]
        if "email" in self.fields:
            name_row.append(Div("email", css_class="col-md-6"))
        return [
            Fieldset(
                _("About you"),
                Div(*[Div(name, css_class="col-md-6") for name in self.name_order()], css_class="row"),
                Div(*name_row, css_class="row"),
                Div(Div("affiliation", css_class="col-md-6"), Div("lab", css_class="col-md-6"), css_class="row"),
                Div(Div("position", css_class="col-md-4"), Div("graduation_year", css_class="col-md-4"),
                    Div("country", css_class="col-md-4"), css_class="row"),
                "homepage",
            ),
            Fieldset(
                _("Whom would you like to meet?"),
                HTML('<p class="text-body-secondary small">{}</p>'.format(
                    _("Round 1 tables are themed by company: rank the companies you most want to meet."))),
                Div(*company_fields, css_class="row"),
            ),
            Fieldset(
                _("Your research"),
                HTML('<p class="text-body-secondary small">{}</p>'.format(
                    _("Round 2 tables are themed by research area: rank your interests."))),
                Div(*research_fields, css_class="row"),
            ),
            Fieldset(
                _("Dinner"),
                Div(Div("dietary_needs", css_class="col-md-6"), Div("accessibility_needs", css_class="col-md-6"),
                    css_class="row"),
            ),
        ]

    @staticmethod
    def name_order():
        """Korean asks the family name first (성, then 이름), as Korean forms and names do."""
        return ("last_name", "first_name") if get_language() == "ko" else ("first_name", "last_name")

    def layout_tail(self):
        """Fields after the shared sections, before the submit button."""
        return []

    def _ranked(self, prefix, noun):
        chosen = []
        for name in [f for f in self.fields if f.startswith(prefix)]:
            value = self.cleaned_data.get(name)
            if value is None:
                continue
            if value in chosen:
                self.add_error(name, _("You already chose this %(noun)s as choice %(rank)s.")
                               % {"noun": noun, "rank": chosen.index(value) + 1})
                continue
            chosen.append(value)
        return chosen

    def clean(self):
        cleaned = super().clean()
        cleaned["companies"] = self._ranked("company_", _("company"))
        cleaned["research_areas"] = self._ranked("research_", _("research area"))
        year = cleaned.get("graduation_year")
        if year and year < timezone.now().year - 1 and cleaned.get("position") in ("phd", "masters"):
            self.add_error("graduation_year", _("A student's expected graduation year cannot be in the past."))
        return cleaned

    def profile(self):
        return {name: self.cleaned_data.get(name) for name in PROFILE_FIELDS}

    def interest_ids(self):
        """(company ids, research area ids), each in the researcher's order of preference."""
        return [c.pk for c in self.cleaned_data["companies"]], [a.pk for a in self.cleaned_data["research_areas"]]


class RegistrationForm(HoneypotFormMixin, ResearcherDetailsForm):
    """The public registration form: the shared details plus email, invitation code and consent.

    HoneypotFormMixin adds a field people never see; the view ignores a form that has it filled in.
    """

    form_id = "registration-form"
    submit_name, submit_label = "register", _("Register")

    email = CleanEmailField(label=_("Email"), help_text=_("We send your confirmation and personal link here."))
    invitation_code = forms.CharField(label=_("Invitation code"), max_length=20, required=False)
    consent = forms.BooleanField(required=True)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, event=event, **kwargs)
        if event.invite_only:
            self.fields["invitation_code"].required = True
            self.fields["invitation_code"].help_text = _(
                "This event is by invitation; the code is in your invitation email.")
        else:
            del self.fields["invitation_code"]
        privacy_url = reverse("events:privacy", kwargs={"slug": event.slug})
        self.fields["consent"].label = format_html(
            '{} <a href="{}" target="_blank" rel="noopener">{}</a>.',
            _("I agree that my data is processed to organize this event, as described in the"),
            privacy_url, _("privacy notice"),
        )
        self.fields["consent"].error_messages["required"] = _("Please agree to the privacy notice to register.")

    def layout_tail(self):
        return [*(["invitation_code"] if "invitation_code" in self.fields else []), "consent"]


class PersonalDetailsForm(ResearcherDetailsForm):
    """The personal page's form: the same details, filled in from the registration."""

    @staticmethod
    def initial_for(registration):
        researcher = registration.researcher
        initial = {name: getattr(researcher, name) for name in PROFILE_FIELDS}
        initial["dietary_needs"] = registration.dietary_needs
        initial["accessibility_needs"] = registration.accessibility_needs
        for interest in registration.company_interests.all():
            initial[f"company_{interest.rank}"] = interest.company_id
        for interest in registration.research_interests.all():
            initial[f"research_{interest.rank}"] = interest.research_area_id
        return initial


class LostLinkForm(HoneypotFormMixin, forms.Form):
    """"Lost your link?": the address to send the personal link to."""

    email = CleanEmailField(label=_("Email"), help_text=_("The address you registered with."))

    @property
    def helper(self):
        helper = FormHelper()
        helper.form_id = "lost-link-form"
        helper.attrs = {"data-submit-once": ""}
        helper.layout = Layout("email", Submit("send", _("Send me my link")))
        return helper
