"""Admin inlines whose rows cost no query each: at 250 tables a page otherwise asks the database
once per row for the label of every autocomplete field and renders a full <select> per row.

A row's current choice is labelled from the row itself (the inline's queryset select_related it),
and fields listed in `fixed_on_existing_rows` are shown as text on saved rows: chosen when a row
is added, not changed afterwards (delete the row and add another instead).
"""
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.forms import Widget
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html


class RowLabelledAutocomplete(AutocompleteSelect):
    """An autocomplete select that labels the selected value from `known` (value → label) when it
    can, instead of looking it up with one query per row."""

    known = {}

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if not selected or any(choice not in self.known for choice in selected):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for choice in selected:
            options.append(self.create_option(name, choice, self.known[choice], True, len(options)))
        return [(None, options, 0)]


class ChoiceAsText(Widget):
    """A saved row's fixed choice, shown as text (its field is disabled: nothing posted is read)."""

    def __init__(self, label):
        super().__init__()
        self.label = label

    def render(self, name, value, attrs=None, renderer=None):
        return format_html("<p>{}</p>", self.label)


def _cached_relation(instance, name):
    """The row's related object for the foreign key `name` if it is already loaded, else None."""
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not field.many_to_one or not field.is_cached(instance):
        return None
    return getattr(instance, name)


class QuietRowsFormSet(BaseInlineFormSet):
    fixed_on_existing_rows = ()

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's related-links wrapper
            related = _cached_relation(form.instance, name)
            if related is None:
                continue
            if isinstance(widget, RowLabelledAutocomplete):
                widget.known = {str(related.pk): field.label_from_instance(related)}
                if form.instance.pk is not None:
                    # A saved row's add/change/view links are a template each; new rows keep them.
                    field.widget = widget
            if name in self.fixed_on_existing_rows and form.instance.pk is not None:
                field.disabled = True
                field.widget = ChoiceAsText(field.label_from_instance(related))


class QuietRowsInline(admin.options.InlineModelAdmin):
    """Base for tabular/stacked inlines: autocomplete fields labelled from the row, and
    `fixed_on_existing_rows` shown as text. Its get_queryset must select_related those fields."""

    formset = QuietRowsFormSet
    fixed_on_existing_rows = ()

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.fixed_on_existing_rows = self.fixed_on_existing_rows
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = RowLabelledAutocomplete(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PagedRowsFormSet(QuietRowsFormSet):
    """Saved rows a page at a time (`per_page`, in the inline's order), the page named in the URL's
    `page_param`; the change form posts back to the same URL, so a save reads the same page and
    leaves the rows of other pages untouched. New rows are added on any page."""

    per_page = 50
    page_param = "rows"
    request = None

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            rows = super().get_queryset()
            self.paginator = Paginator(rows, self.per_page)
            self.page = self.paginator.get_page(self.request.GET.get(self.page_param) if self.request else None)
            self._queryset = list(self.page.object_list)
        return self._queryset

    def page_links(self):
        """(number, query string) of every page, for the inline's page links (a single page: none)."""
        self.get_queryset()
        if self.paginator.num_pages < 2:
            return []
        links = []
        for number in self.paginator.page_range:
            query = self.request.GET.copy()
            query[self.page_param] = number
            links.append((number, query.urlencode()))
        return links


class PagedRowsInline(QuietRowsInline):
    """A QuietRowsInline that shows `per_page` saved rows at a time: a round of 250 tables
    renders 50 theme rows, not 250 (README, "Speed")."""

    formset = PagedRowsFormSet
    per_page = 50
    page_param = "rows"
    template = "admin/edit_inline/tabular_paged.html"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.per_page, formset.page_param, formset.request = self.per_page, self.page_param, request
        return formset
