"""The base of every spreadsheet export (django-import-export): each cell formula-escaped by
textsafety.spreadsheets.escape_formula, whatever the format. Import-export's own escaping stays off
(see attendees/exports.py for why)."""
from import_export import resources

from .spreadsheets import escape_formula


class FormulaSafeResource(resources.ModelResource):
    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))
