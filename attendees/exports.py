"""Organizer exports of registrations (django-import-export resources).

Every cell goes through textsafety's formula escaping, whatever the format. django-import-export's
own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT stays off: in 4.4 it only deletes a leading "=" (so
"=1+1" becomes "1+1", while "+cmd|' /C calc'!A0" and "@SUM(1+1)" pass unchanged) and it turns
every cell into text, so ids and years in XLSX are no longer numbers.
"""
from import_export import fields, widgets

from textsafety.resources import FormulaSafeResource
from textsafety.spreadsheets import BYTE_ORDER_MARK

from .models import Registration


class RegistrationResource(FormulaSafeResource):
    first_name = fields.Field(attribute="researcher__first_name", column_name="first_name")
    last_name = fields.Field(attribute="researcher__last_name", column_name="last_name")
    native_name = fields.Field(attribute="researcher__native_name", column_name="native_name")
    email = fields.Field(attribute="researcher__email", column_name="email")
    affiliation = fields.Field(attribute="researcher__affiliation", column_name="affiliation")
    lab = fields.Field(attribute="researcher__lab", column_name="lab")
    position = fields.Field(attribute="researcher__position", column_name="position")
    graduation_year = fields.Field(attribute="researcher__graduation_year", column_name="graduation_year",
                                   widget=widgets.IntegerWidget())
    country = fields.Field(attribute="researcher__country", column_name="country")
    homepage = fields.Field(attribute="researcher__homepage", column_name="homepage")
    event = fields.Field(attribute="event__slug", column_name="event")
    companies = fields.Field(column_name="company_interests")
    research = fields.Field(column_name="research_interests")

    class Meta:
        model = Registration
        fields = [
            "id", "event", "status", "first_name", "last_name", "native_name", "email", "affiliation", "lab",
            "position", "graduation_year", "country", "homepage", "companies", "research", "is_returning",
            "dietary_needs", "accessibility_needs", "checked_in_at", "created_at",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("researcher", "event").prefetch_related(
            "company_interests__company", "research_interests__research_area"
        )

    def dehydrate_companies(self, registration):
        return " > ".join(i.company.name for i in registration.company_interests.all())

    def dehydrate_research(self, registration):
        return " > ".join(i.research_area.name for i in registration.research_interests.all())


def registrations_csv(event):
    """The event's registrations as CSV text for spreadsheets (byte-order mark first, formulas escaped)."""
    queryset = Registration.objects.filter(event=event).order_by("created_at", "pk")
    return BYTE_ORDER_MARK + RegistrationResource().export(queryset).csv
