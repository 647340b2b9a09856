"""The one call views make: count a use of a scope and refuse it when over a limit.

The counting is django-ratelimit's (fixed windows in Django's cache: Redis in production, so every
gunicorn worker and every server shares the counts; the local-memory cache in the demo and tests).
"""
import logging
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django_ratelimit.core import get_usage

from .client import client_address
from .limits import rates

logger = logging.getLogger(__name__)


class RateLimited(Exception):
    """A limit of `scope` is exceeded; the same request is allowed again after `retry_after` seconds.

    brakes.middleware.RateLimitMiddleware answers it with a 429 page and a Retry-After header.
    """

    def __init__(self, *, scope, retry_after):
        super().__init__(f"rate limit of {scope!r} exceeded; retry after {retry_after} s")
        self.scope = scope
        self.retry_after = retry_after


def normalized_address(address):
    """How an email address is counted: 'Minjun@KAIST.ac.kr ' and 'minjun@kaist.ac.kr' are one address."""
    return address.strip().casefold()


def _counted_keys(request, address):
    """(key, value) for every key this request can be counted by."""
    yield "client", client_address(request)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        yield "user", str(user.pk)
    if address:
        yield "address", normalized_address(address)


def enforce(request, scope, *, address=None):
    """Count one use of `scope` by this request; raise RateLimited when any of its limits is exceeded.

    The scope's limits are settings.RATE_LIMITS[scope]: per client address, per logged-in user and,
    when `address` (an email address) is given, per address. Every rate of every key is counted,
    also for a refused request, so a client that keeps sending stays refused until its windows end.
    Does nothing when RATE_LIMITS=off. Side effects: increments counters in the rate-limit cache
    (settings.RATELIMIT_USE_CACHE); logs a warning naming the scope and key (never the address) on
    a refusal. Raises ImproperlyConfigured for a scope that has no limits in the settings.
    """
    if not settings.RATE_LIMITS_ENABLED:
        return
    try:
        limits = settings.RATE_LIMITS[scope]
    except KeyError:
        raise ImproperlyConfigured(f"RATE_LIMITS has no scope {scope!r}") from None
    waits, exceeded = [], []
    for key, value in _counted_keys(request, address):
        for rate in rates(limits.get(key)):
            usage = get_usage(request, group=f"brakes.{scope}.{key}", key=lambda _group, _request, v=value: v,
                              rate=rate, increment=True)
            if usage is not None and usage["should_limit"]:
                waits.append(usage["time_left"])
                exceeded.append(f"{key} {rate}")
    if exceeded:
        logger.warning("Rate limit of %s exceeded (%s)", scope, ", ".join(exceeded))
        raise RateLimited(scope=scope, retry_after=max(1, *waits))


def limit_posts(scope):
    """A view decorator: every POST to the view counts as a use of `scope` (for views we do not own)."""
    def decorator(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            if request.method == "POST":
                enforce(request, scope)
            return view(request, *args, **kwargs)
        return limited
    return decorator
