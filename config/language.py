"""The language switcher's target: `GET /language/?language=ko&next=/events/`.

Django's own `set_language` takes a POST, so every page with the switcher carried a CSRF token and
set the CSRF cookie, which made the event list and event pages different for each visitor and
impossible to serve whole from the cache (events/whole_pages.py). Choosing a language changes only
the visitor's own language cookie, so a link from another site can do no more than switch it (pretix
switches language with a GET link too). `next` must be a path on this site, else the event list.
"""
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_GET


@require_GET
def switch_language(request):
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = reverse("events:list")
    response = redirect(next_url)
    language = request.GET.get("language", "")
    if language and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
