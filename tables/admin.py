from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.forms.formsets import DELETION_FIELD_NAME
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.access import EventScopedAdmin
from events.admin_inlines import PagedRowsInline
from events.audit import AuditHistoryAdmin

from . import step_views, views
from .models import Round, Seat, SeatingRun, SeatingSettings, Table, TableTheme


PEOPLE_PERMISSION = "attendees.view_registration"


def board_link(round_):
    if not round_.pk:
        return "-"
    return format_html('<a href="{}">{}</a>', reverse("admin:tables_round_board", args=[round_.pk]), _("Seating board"))


class TableInline(PagedRowsInline, admin.TabularInline):
    """The event's tables, fifty a page by number (an event of 250 tables is five pages)."""

    model = Table
    extra = 0
    fields = ["number", "name", "capacity"]
    page_param = "tables"

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("number", "pk")


def _published(round_):
    return round_ is not None and round_.pk is not None and round_.published_at is not None


class PublishedRoundsStayFormSet(forms.BaseInlineFormSet):
    """The event page's rounds: a published round's row keeps its basis and cannot be deleted."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if _published(form.instance):
            for name in ("basis", DELETION_FIELD_NAME):
                if name in form.fields:
                    form.fields[name].disabled = True  # a disabled field ignores what is posted


class RoundInline(admin.TabularInline):
    model = Round
    formset = PublishedRoundsStayFormSet
    extra = 0
    fields = ["number", "basis", "starts_at", "published_at", "seating_board"]
    readonly_fields = ["published_at", "seating_board"]
    show_change_link = True

    @admin.display(description=_("seating"))
    def seating_board(self, round_):
        return board_link(round_)


class TableThemeInline(PagedRowsInline, admin.TabularInline):
    """The round's themes: edited by hand or from the board's suggestion until the round is published.

    A published round's themes are what researchers were told (services.apply_themes refuses them
    too): they are shown read-only until the round is unpublished on the board.
    Fifty themes a page, by table number (a round of 250 tables is five pages).
    A saved theme's table is shown as text (a select of every table on every row is what made the
    page megabytes long at 250 tables); the table is chosen when a theme is added.
    """

    model = TableTheme
    extra = 0
    autocomplete_fields = ["company", "research_area"]
    fixed_on_existing_rows = ["table"]
    page_param = "themes"

    def has_add_permission(self, request, obj=None):
        return not _published(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _published(obj) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        round_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name == "table" and round_id:
            kwargs["queryset"] = Table.objects.filter(event__rounds__pk=round_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return (super().get_queryset(request).select_related("table", "company", "research_area")
                .order_by("table__number", "pk"))


@admin.register(Table)
class TableAdmin(EventScopedAdmin):
    list_display = ["__str__", "event", "number", "name", "capacity"]
    list_filter = [("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event"]
    search_fields = ["name", "event__name"]
    ordering = ["event", "number"]


BOARD_VIEWS = [
    # (path under admin/tables/round/<id>/, view, url name suffix)
    ("board/", views.board, "board"),
    ("board/move/", views.move, "board_move"),
    ("board/swap/", views.swap, "board_swap"),
    ("board/pin/", views.pin, "board_pin"),
    ("board/themes/", views.apply_themes, "board_themes"),
    ("board/generate/", views.generate, "board_generate"),
    ("board/reoptimize/", step_views.reoptimize, "board_reoptimize"),
    ("board/publish/", step_views.publish, "board_publish"),
    ("board/seat/<int:seat_id>/", step_views.seat_actions, "board_seat"),
    ("board/unpublish/", views.unpublish, "board_unpublish"),
    ("board/run.json", views.run_status, "board_run"),
    ("board/explained/", step_views.explained, "board_explained"),
    ("export.csv", views.export_csv, "export"),
    ("print/", views.print_view, "print"),
    ("feedback/", views.feedback_view, "feedback"),
]


@admin.register(Round)
class RoundAdmin(AuditHistoryAdmin, EventScopedAdmin):
    # Every event has a "Round 1 (Company)": the event names the row, the latest event comes first.
    list_display = ["round_of_event", "basis", "published_at", "seating_board"]
    list_filter = [("event", admin.RelatedOnlyFieldListFilter), "basis", ("published_at", admin.EmptyFieldListFilter)]
    list_select_related = ["event"]
    ordering = ["-event__starts_at", "event_id", "number"]
    readonly_fields = ["published_at", "seating_board", "printing"]
    inlines = [TableThemeInline]

    # What researchers were told stays as it is until the round is unpublished on the board:
    # its basis (the themes follow it) and the round itself, whose deletion would take the seats.
    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "basis"] if _published(obj) else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return not _published(obj) and super().has_delete_permission(request, obj)

    @admin.display(description=_("seating"))
    def seating_board(self, round_):
        return board_link(round_)

    @admin.display(description=_("round"), ordering="event__starts_at")
    def round_of_event(self, round_):
        return _("%(event)s · %(round)s") % {"event": round_.event, "round": round_}

    @admin.display(description=_("printing"))
    def printing(self, round_):
        if not round_.pk:
            return "-"
        return format_html('<a href="{}">{}</a> · <a href="{}">{}</a>',
                           reverse("admin:tables_round_print", args=[round_.pk]), _("Table cards"),
                           reverse("printing:event", args=[round_.event_id]), _("PDFs: badges, table and place cards"))

    def get_urls(self):
        def wrap(view):
            def admin_view(request, object_id, **kwargs):
                # Every board page shows people: the round's event must be the user's, and they
                # must be allowed to see rounds and registrations (changes check more, in views).
                round_ = get_object_or_404(Round.objects.select_related("event"), pk=object_id)
                if not (self.has_view_permission(request, round_) and request.user.has_perm(PEOPLE_PERMISSION)):
                    raise PermissionDenied
                return view(request, round_=round_, model_admin=self, **kwargs)
            admin_view.__name__ = view.__name__
            return self.admin_site.admin_view(admin_view)

        own = [path(f"<int:object_id>/{route}", wrap(view), name=f"tables_round_{name}")
               for route, view, name in BOARD_VIEWS]
        return own + super().get_urls()


@admin.register(Seat)
class SeatAdmin(AuditHistoryAdmin, EventScopedAdmin):
    """Who sits where, read-only: seats change only on the seating board (moves, swaps, pins, runs),
    which keeps tables within capacity, hosts within their limits and everyone seated once."""

    event_lookup = "round__event"
    list_display = ["person", "round", "table", "pinned", "placed_by", "seating_board"]
    list_filter = [("round__event", admin.RelatedOnlyFieldListFilter), "round__number", "pinned", "placed_by"]
    list_select_related = ["round", "table", "registration__researcher", "event_host__host"]
    search_fields = [
        "registration__researcher__first_name", "registration__researcher__last_name",
        "event_host__host__first_name", "event_host__host__last_name",
    ]
    readonly_fields = ["seating_board"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # Deleting a round, a table or an event still takes its seats along (the delete_seat
    # permission decides, as Django's delete pages ask it); only a seat on its own is not deleted here.
    def delete_view(self, request, object_id, extra_context=None):
        raise PermissionDenied

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "show_delete": False})

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description=_("person"))
    def person(self, seat):
        return seat.registration.researcher if seat.registration_id else seat.event_host.host

    @admin.display(description=_("seating"))
    def seating_board(self, seat):
        return board_link(seat.round)


@admin.register(SeatingSettings)
class SeatingSettingsAdmin(EventScopedAdmin):
    list_display = ["event", "first_choice_points", "second_choice_points", "third_choice_points",
                    "repeat_pair_penalty", "same_lab_penalty", "host_seats_min", "host_seats_max"]
    list_select_related = ["event"]
    fieldsets = [
        (None, {"fields": ["event"]}),
        (_("Points for sitting at a chosen table"), {"fields": [
            "first_choice_points", "second_choice_points", "third_choice_points"]}),
        (_("Penalties"), {"fields": ["repeat_pair_penalty", "same_lab_penalty"]}),
        (_("Hosts per table"), {"fields": ["host_seats_min", "host_seats_max"]}),
    ]


@admin.register(SeatingRun)
class SeatingRunAdmin(EventScopedAdmin):
    """Read-only history of the engine's runs (started from the seating board)."""

    list_display = ["event", "state", "round_numbers", "keep_manual", "best_score", "requested_by", "created_at",
                    "finished_at"]
    list_filter = [("event", admin.RelatedOnlyFieldListFilter), "state"]
    list_select_related = ["event", "requested_by"]
    readonly_fields = [f.name for f in SeatingRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
