from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Round, Seat, Table, TableTheme


class TableInline(admin.TabularInline):
    model = Table
    extra = 0
    fields = ["number", "name", "capacity"]


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0
    fields = ["number", "basis", "starts_at", "published_at"]
    readonly_fields = ["published_at"]
    show_change_link = True


class TableThemeInline(admin.TabularInline):
    model = TableTheme
    extra = 0
    autocomplete_fields = ["company", "research_area"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        round_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name == "table" and round_id:
            kwargs["queryset"] = Table.objects.filter(event__rounds__pk=round_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("table", "company", "research_area")


@admin.register(Table)
class TableAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "number", "name", "capacity"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["name", "event__name"]
    ordering = ["event", "number"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "basis", "published_at"]
    list_filter = ["event", "basis"]
    list_select_related = ["event"]
    readonly_fields = ["published_at"]
    inlines = [TableThemeInline]


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    list_display = ["person", "round", "table", "pinned", "placed_by"]
    list_filter = ["round__event", "round__number", "pinned", "placed_by"]
    list_select_related = ["round", "table", "registration__researcher", "event_host__host"]
    search_fields = [
        "registration__researcher__first_name", "registration__researcher__last_name",
        "event_host__host__first_name", "event_host__host__last_name",
    ]
    raw_id_fields = ["registration", "event_host"]

    @admin.display(description=_("person"))
    def person(self, seat):
        return seat.registration.researcher if seat.registration_id else seat.event_host.host
