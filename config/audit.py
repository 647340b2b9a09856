"""django-auditlog's middleware, with the actor looked up only when an entry is written.

auditlog's own middleware asks `request.user.is_authenticated` as each request starts, which loads
the session before the view runs. The confirmation view relies on reading the session late: a
double tap's second request waits on the first one's lock and must then see the note the first
one saved in the session (attendees/views/confirm.py). Here the actor is request.user itself, a
lazy object: auditlog evaluates it when it saves an entry (an anonymous visitor is not a user, so
the entry has no actor), and a request that changes nothing logged never touches the session.
"""
from auditlog.middleware import AuditlogMiddleware


class LazyActorAuditlogMiddleware(AuditlogMiddleware):
    @staticmethod
    def _get_actor(request):
        return getattr(request, "user", None)
