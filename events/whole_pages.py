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

A page with a form (the registration form) is kept too when its view names the CSRF token it put in:
the token is kept as a placeholder and each visitor gets their own, by Django's CSRF middleware
(its cookie set when new), as a rendered page would. Such a page may have variants (the form says
when the places are taken): the view's app registers, with `vary_whole_page`, a function that names
the request's variant, or None when the page must be rendered for it.
"""
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import Resolver404, resolve
from django.utils import translation

from . import page_cache

SHAREABLE_COOKIES = frozenset({settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME})
SECONDS_ATTRIBUTE = "whole_page_seconds"
TOKEN_ATTRIBUTE = "whole_page_csrf_token"
TOKEN_PLACEHOLDER = "whole-page-csrf-token-7f3a"
# The only pages looked up: any other request (a personal link, the admin) never costs a cache lookup.
WHOLE_PAGE_VIEWS = frozenset({"events:list", "events:detail"})
_variants = {}  # view name -> function(request, **url kwargs) -> variant name or None


def cache_whole_page(response, seconds, *, csrf_token=None):
    """Mark `response` as the same for every anonymous visitor of its language, for `seconds` at most;
    `csrf_token`: the token the page holds, which each visitor gets their own of."""
    setattr(response, SECONDS_ATTRIBUTE, seconds)
    setattr(response, TOKEN_ATTRIBUTE, csrf_token)
    return response


def vary_whole_page(view_name, variant):
    """Keep `view_name`'s page whole, in the variant `variant(request, **url kwargs)` names (None: render it)."""
    _variants[view_name] = variant


def _key(request):
    """The cache key of `request`'s page, or None when the request may be personal."""
    if request.method != "GET" or request.META.get("QUERY_STRING") or not SHAREABLE_COOKIES.issuperset(
            request.COOKIES):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    variant = ""
    if match.view_name in _variants:
        variant = _variants[match.view_name](request, **match.kwargs)
        if variant is None:
            return None
    elif match.view_name not in WHOLE_PAGE_VIEWS:
        return None
    return f"pages:whole:{translation.get_language_from_request(request)}:{request.path}:{variant}"


def _shareable(request, response):
    if not getattr(response, SECONDS_ATTRIBUTE, None) or response.status_code != 200 or response.streaming:
        return False
    if getattr(response, TOKEN_ATTRIBUTE, None):  # only the CSRF cookie may be set, by the CSRF middleware
        return set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
    return not response.cookies and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")


class WholePageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        key = _key(request)
        if key is None:
            return self.get_response(request)
        stored, version = page_cache.current_entry(key)
        if stored is not None:
            return self._from_cache(request, *stored)
        response = self.get_response(request)
        if _shareable(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            content, token = response.content, getattr(response, TOKEN_ATTRIBUTE, None)
            if token:
                content = content.replace(token.encode(), TOKEN_PLACEHOLDER.encode())
            cache.set(key, (version, (response.status_code, dict(response.items()), content, bool(token))),
                      getattr(response, SECONDS_ATTRIBUTE))
        return response

    def _from_cache(self, request, status, headers, content, has_token):
        if not has_token:
            return HttpResponse(content, status=status, headers=headers)
        # This visitor's own token, from their CSRF cookie or a new one, exactly as a rendered page gets it.
        self.csrf.process_request(request)
        content = content.replace(TOKEN_PLACEHOLDER.encode(), get_token(request).encode())
        headers = {name: value for name, value in headers.items() if name != "Content-Length"}
        return self.csrf.process_response(request, HttpResponse(content, status=status, headers=headers))
