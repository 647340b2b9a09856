"""The follow-up list as a spreadsheet (django-import-export), with the project's safeguards: every cell
formula-escaped (textsafety), the CSV with the byte-order mark (set on the admin). See attendees/exports.py
for why import-export's own escaping stays off."""
from import_export import fields, widgets

from textsafety.resources import FormulaSafeResource

from .models import FollowUp


class FollowUpResource(FormulaSafeResource):
    event = fields.Field(attribute="registration__event__slug", column_name="event")
    first_name = fields.Field(attribute="registration__researcher__first_name", column_name="first_name")
    last_name = fields.Field(attribute="registration__researcher__last_name", column_name="last_name")
    native_name = fields.Field(attribute="registration__researcher__native_name", column_name="native_name")
    email = fields.Field(attribute="registration__researcher__email", column_name="email")
    affiliation = fields.Field(attribute="registration__researcher__affiliation", column_name="affiliation")
    lab = fields.Field(attribute="registration__researcher__lab", column_name="lab")
    position = fields.Field(attribute="registration__researcher__position", column_name="position")
    graduation_year = fields.Field(attribute="registration__researcher__graduation_year",
                                   column_name="graduation_year", widget=widgets.IntegerWidget())
    returning = fields.Field(attribute="registration__is_returning", column_name="returning",
                             widget=widgets.BooleanWidget())
    company = fields.Field(attribute="company__name", column_name="company")
    owner = fields.Field(column_name="owner")
    notes = fields.Field(column_name="notes")

    class Meta:
        model = FollowUp
        fields = ["id", "event", "first_name", "last_name", "native_name", "email", "affiliation", "lab", "position",
                  "graduation_year", "returning", "stage", "company", "owner", "stage_changed_at", "notes"]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("registration__event", "registration__researcher", "company", "owner") \
            .prefetch_related("notes__event_host__host", "notes__author")

    def dehydrate_owner(self, follow_up):
        return follow_up.owner.get_username() if follow_up.owner_id else ""

    def dehydrate_notes(self, follow_up):
        """Every note, oldest first, as "2027-06-16 21:05 · author: text", one per paragraph."""
        event = follow_up.registration.event
        notes = sorted(follow_up.notes.all(), key=lambda note: (note.created_at, note.pk))
        return "\n\n".join(f"{event.format_local(note.created_at)} · {note.author_name}: {note.text}" for note in notes)
