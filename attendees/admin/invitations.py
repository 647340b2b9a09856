from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "last_name", "affiliation", "event", "code", "sent_at", "used"]
    list_filter = ["event"]
    list_select_related = ["event", "registration"]
    search_fields = ["email", "first_name", "last_name", "affiliation", "code"]
    autocomplete_fields = ["event"]
    readonly_fields = ["code"]

    @admin.display(description=_("used"), boolean=True)
    def used(self, invitation):
        return hasattr(invitation, "registration")
