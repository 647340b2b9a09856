"""System checks: the limits can be read, the 429 middleware is installed, and in production the
counts live in a cache every process shares."""
from django.conf import settings
from django.core import checks

from .limits import problems

NOT_SHARED = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@checks.register()
def rate_limits_are_readable(app_configs, **kwargs):
    errors = [checks.Error(problem, id="brakes.E001") for problem in problems(settings.RATE_LIMITS)]
    if "brakes.middleware.RateLimitMiddleware" not in settings.MIDDLEWARE:
        errors.append(checks.Error(
            "brakes.middleware.RateLimitMiddleware is not in MIDDLEWARE: a refused request would be a 500.",
            id="brakes.E002"))
    return errors


@checks.register(checks.Tags.caches, deploy=True)
def rate_limit_cache_is_shared(app_configs, **kwargs):
    alias = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    if settings.RATE_LIMITS_ENABLED and backend in NOT_SHARED:
        return [checks.Warning(
            f"Rate limits are counted in {backend}: each process counts alone, so N workers allow N times the limit.",
            hint="Use Redis (REDIS_URL) as in config/settings/production.py.", id="brakes.W001")]
    return []


@checks.register(deploy=True)
def proxy_is_counted(app_configs, **kwargs):
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not getattr(settings, "TRUSTED_PROXIES", 0):
        return [checks.Warning(
            "SECURE_PROXY_SSL_HEADER says a proxy is in front, but TRUSTED_PROXIES is 0: every client counts "
            "as the proxy's address, so one flood would stop everyone.",
            hint="Set TRUSTED_PROXIES to the number of proxies that append to X-Forwarded-For (usually 1).",
            id="brakes.W002")]
    return []
