from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events.access import EventScopedAdmin
from events.admin_inlines import PagedRowsInline

from ..models import EventHost, Host, HostExpertise


class HostExpertiseInline(admin.TabularInline):
    model = HostExpertise
    extra = 1
    autocomplete_fields = ["research_area"]
    ordering = ["rank"]


class EventHostInline(PagedRowsInline, admin.TabularInline):
    """The event's hosts, fifty a page by company and name."""

    model = EventHost
    extra = 0
    autocomplete_fields = ["host"]
    fixed_on_existing_rows = ["host"]  # a saved row's seats are that host's: delete the row and add another
    fields = ["host", "checked_in_at"]
    readonly_fields = ["checked_in_at"]  # written at the door (door.services), only shown here
    verbose_name_plural = _("hosts at this event")
    page_param = "hosts"

    def get_queryset(self, request):
        # The event too: each row's title is EventHost.__str__, which names host, company and event.
        return (super().get_queryset(request).select_related("host__company", "event")
                .order_by("host__company__name", "host__last_name", "host__first_name", "pk"))


@admin.register(Host)
class HostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "company", "title", "email"]
    list_filter = ["company"]
    list_select_related = ["company"]
    search_fields = ["first_name", "last_name", "native_name", "email", "company__name"]
    autocomplete_fields = ["company"]
    inlines = [HostExpertiseInline]


@admin.register(EventHost)
class EventHostAdmin(EventScopedAdmin):
    list_display = ["host", "company", "event", "checked_in_at"]
    list_filter = [("event", admin.RelatedOnlyFieldListFilter), "host__company"]
    list_select_related = ["host__company", "event"]
    search_fields = ["host__first_name", "host__last_name", "host__email", "host__company__name"]
    autocomplete_fields = ["event", "host"]
    readonly_fields = ["checked_in_at"]  # written at the door (door.services), only shown here

    @admin.display(description=_("company"), ordering="host__company__name")
    def company(self, event_host):
        return event_host.host.company
