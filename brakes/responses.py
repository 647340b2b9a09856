"""The page a refused request gets: 429, Retry-After, and when to try again in words."""
import math

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import ngettext

TEMPLATE = "brakes/too_many_requests.html"


def wait_in_words(seconds):
    """'45 seconds', 'about 7 minutes', 'about 2 hours' (rounded up, so nobody comes back too early)."""
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    if seconds < 60 * 60:
        minutes = math.ceil(seconds / 60)
        return ngettext("about %(count)d minute", "about %(count)d minutes", minutes) % {"count": minutes}
    hours = math.ceil(seconds / 3600)
    return ngettext("about %(count)d hour", "about %(count)d hours", hours) % {"count": hours}


def too_many_requests(request, *, retry_after, reason):
    """The 429 page; `reason` is "form" (a rate limit) or "login" (the login lockout)."""
    retry_after = max(1, int(retry_after))
    response = render(request, TEMPLATE, {"reason": reason, "wait": wait_in_words(retry_after)}, status=429)
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


def login_locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the same page when axes refuses a login.

    The cool-off counts from the last failed attempt and this refused attempt is one, so the
    whole cool-off is the honest wait.
    """
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    return too_many_requests(request, retry_after=cool_off.total_seconds() if cool_off else 3600, reason="login")
