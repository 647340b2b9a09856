"""Who may see which event: superusers every event, any other account the events it staffs
(Event.staff). Every organizer page, export, board and door page that shows people asks here,
on top of Django's model permissions."""
from datetime import timedelta

from django.contrib import admin

from .models import Event


def events_of(user):
    """The events `user` may work on (a queryset); none for an anonymous or inactive user."""
    if not (user.is_authenticated and user.is_active):
        return Event.objects.none()
    if user.is_superuser:
        return Event.objects.all()
    return Event.objects.filter(staff=user)


def working_events(user, now):
    """The events `user` works on that have not ended a day ago, soonest first: where the phone pages
    (the door, the hosts' page) send someone who logs in without a link to one event."""
    return events_of(user).filter(ends_at__gte=now - timedelta(days=1)).order_by("starts_at")


def may_access(user, event):
    """Whether `user` works on `event` (an Event or its id)."""
    if user.is_active and user.is_superuser:
        return True  # no query for what events_of would answer with every event
    return events_of(user).filter(pk=event.pk if isinstance(event, Event) else event).exists()


class EventScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin that lists, shows, changes and exports only the rows of the user's events.

    `event_lookup` is the path from the model to its Event ("" for Event itself); rows are
    filtered by it, an object of another event is refused like one without permission, and
    foreign keys to Event offer only the user's events.
    """

    event_lookup = "event"

    def scope(self, request, queryset):
        if request.user.is_superuser:
            return queryset
        field = f"{self.event_lookup}__in" if self.event_lookup else "pk__in"
        scoped = queryset.filter(**{field: events_of(request.user)})
        # Following a to-many path (researcher → registrations → event) repeats rows.
        return scoped.distinct() if "__" in self.event_lookup or self._is_to_many() else scoped

    def _is_to_many(self):
        if not self.event_lookup:
            return False
        field = self.model._meta.get_field(self.event_lookup)
        return field.one_to_many or field.many_to_many

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request))

    def event_of(self, obj):
        """The event of `obj` (an Event's own is itself); None when it has none or several."""
        if not self.event_lookup:
            return obj
        target = obj
        for part in self.event_lookup.split("__"):
            target = getattr(target, part, None)
            if target is None or hasattr(target, "all"):
                return None
        return target

    def _object_allowed(self, request, obj):
        if obj is None or request.user.is_superuser:
            return True
        event = self.event_of(obj)
        if event is not None:
            return may_access(request.user, event)
        return self.scope(request, self.model._default_manager.filter(pk=obj.pk)).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._object_allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._object_allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._object_allowed(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Event and not request.user.is_superuser:
            kwargs["queryset"] = events_of(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
