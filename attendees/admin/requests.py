"""Registration requests waiting for their address's owner: read only, for answering "I got no email"."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import RegistrationRequest


@admin.register(RegistrationRequest)
class RegistrationRequestAdmin(admin.ModelAdmin):
    list_display = ["email", "event", "submitted_name", "created_at", "expires_at", "confirmed_at", "registration"]
    list_filter = ["event", ("confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["event", "registration__researcher", "registration__event"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    fields = ["event", "email", "language", "submitted_name", "created_at", "expires_at", "confirmed_at",
              "registration"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # made by the public form only

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("name as submitted"))
    def submitted_name(self, registration_request):
        return registration_request.submitted_name
