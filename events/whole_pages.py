"""The event list and event pages served whole from the cache, before the rest of the middleware.

These pages hold no form, no token and nothing personal: a visitor who carries no session and no
pending message sees the same bytes as any other visitor of the same language. Once rendered for
such a visitor, the response (status, headers, body) is kept under the path and the language,
stamped with the public pages' version (events/page_cache.py), and the next such visitor gets it
without sessions, CSRF, authentication, the audit trail, the view or the template engine. A save of
an event, company or research area gives the version a new value, so the next visitor sees the
change at once; an event page's entry never outlives its next opening or closing of registration.

Only responses a view marked with `cache_whole_page` are kept, and only when nothing in the
exchange is personal: a GET without query string, no cookie but the language's and the CSRF one,
a 200 that sets no cookie and did not use the CSRF token. The security headers are added around
this middleware (it sits after them in MIDDLEWARE), so a cached page gets them as a fresh one does.
"""
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation

from . import page_cache

SHAREABLE_COOKIES = frozenset({settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME})
SECONDS_ATTRIBUTE = "whole_page_seconds"
# The only pages looked up: any other request (a personal link, the admin) never costs a cache lookup.
WHOLE_PAGE_VIEWS = frozenset({"events:list", "events:detail"})


def cache_whole_page(response, seconds):
    """Mark `response` as the same for every anonymous visitor of its language, for `seconds` at most."""
    setattr(response, SECONDS_ATTRIBUTE, seconds)
    return response


def _key(request):
    """The cache key of `request`'s page, or None when the request may be personal."""
    if request.method != "GET" or request.META.get("QUERY_STRING") or not SHAREABLE_COOKIES.issuperset(
            request.COOKIES):
        return None
    try:
        view = resolve(request.path_info).view_name
    except Resolver404:
        return None
    if view not in WHOLE_PAGE_VIEWS:
        return None
    return f"pages:whole:{translation.get_language_from_request(request)}:{request.path}"


def _shareable(request, response):
    return (getattr(response, SECONDS_ATTRIBUTE, None) and response.status_code == 200 and not response.cookies
            and not response.streaming and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


class WholePageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _key(request)
        if key is None:
            return self.get_response(request)
        stored, version = page_cache.current_entry(key)
        if stored is not None:
            status, headers, content = stored
            return HttpResponse(content, status=status, headers=headers)
        response = self.get_response(request)
        if _shareable(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, (version, (response.status_code, dict(response.items()), response.content)),
                      getattr(response, SECONDS_ATTRIBUTE))
        return response
