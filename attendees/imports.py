"""Importing invitees from CSV or XLSX (django-import-export), used by the invitation admin.

Columns: email, first_name, last_name, affiliation, and optionally `event` (the event's slug);
without that column every row goes to the event chosen in the import form. A row is matched to an
existing invitation by event and email in any letter case, so importing the same file again
updates instead of duplicating. Names and the affiliation are cleaned like the registration
form's (textsafety.fields). Every bad row (bad email, unknown event, the same email twice in the
file, a name holding a web address or only invisible characters) is reported with its spreadsheet
row number, and then nothing is imported at all.
"""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.results import Result

from events.models import Event
from textsafety.fields import CleanTextField, NameField

from .addresses import with_address
from .models import Invitation

TEXT_COLUMNS = ("email", "first_name", "last_name", "affiliation", "event")
CLEANED_COLUMNS = {"first_name": NameField(required=False), "last_name": NameField(required=False),
                   "affiliation": CleanTextField(required=False)}


class SpreadsheetRowResult(Result):
    """Numbers bad rows as a spreadsheet shows them: the header is row 1, the first invitee row 2."""

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(number + 1, row, validation_error)

    def append_error_row(self, number, row, errors):
        super().append_error_row(number + 1, row, errors)


class EventSlugWidget(widgets.ForeignKeyWidget):
    """An event given by its slug; unknown or missing slugs are row errors, not crashes."""

    def __init__(self):
        super().__init__(Event, field="slug")
        self.events = Event.objects.all()  # narrowed to the importing user's events by the resource

    def clean(self, value, row=None, **kwargs):
        slug = (value or "").strip()
        if not slug:
            raise ValueError(_("No event: choose one in the import form or add an “event” column with its slug."))
        try:
            return self.events.get(slug=slug)
        except Event.DoesNotExist:
            raise ValueError(_("Unknown event “%(slug)s”.") % {"slug": slug}) from None


class InvitationResource(resources.ModelResource):
    event = fields.Field(attribute="event", column_name="event", widget=EventSlugWidget())

    class Meta:
        model = Invitation
        fields = ("event", "email", "first_name", "last_name", "affiliation")
        import_id_fields = ("event", "email")
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, *, event=None, events=None, **kwargs):
        """`event`: where rows without an event column (or with an empty one) go; `events`: the events
        rows may name (the importing user's), all when None."""
        super().__init__(**kwargs)
        self.event = event
        if events is not None:
            self.fields["event"].widget.events = events
        self.first_row_of = {}  # (event slug, lower-case email) -> spreadsheet row

    def get_result_class(self):
        return SpreadsheetRowResult

    def before_import(self, dataset, **kwargs):
        # Forgiving headers ("First name", " Email ") and an event column filled from the form.
        dataset.headers = [str(h or "").strip().lower().replace(" ", "_") for h in dataset.headers or []]
        if "event" not in dataset.headers:
            dataset.append_col([""] * len(dataset), header="event")

    def before_import_row(self, row, **kwargs):
        for column in TEXT_COLUMNS:
            value = row.get(column)
            row[column] = "" if value is None else str(value).strip()
        errors = {}
        for column, field in CLEANED_COLUMNS.items():
            try:
                row[column] = field.clean(row[column])
            except ValidationError as error:
                errors[column] = error.messages
        if errors:
            raise ValidationError(errors)
        if not row["event"] and self.event is not None:
            row["event"] = self.event.slug
        key = (row["event"].lower(), row["email"].lower())
        line = kwargs["row_number"] + 1
        if row["email"] and key in self.first_row_of:
            raise ValidationError({"email": _("%(email)s is in the file twice (rows %(first)d and %(line)d).") % {
                "email": row["email"], "first": self.first_row_of[key], "line": line}})
        self.first_row_of[key] = line

    def get_instance(self, instance_loader, row):
        """The event's invitation for this email, in any letter case."""
        if not row["event"] or not row["email"]:
            return None
        return with_address(Invitation.objects.filter(event__slug=row["event"]), row["email"]).first()
