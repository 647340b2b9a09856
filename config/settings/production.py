"""Production: every secret from the environment, HTTPS-only cookies, HSTS.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL. Behind a TLS-terminating proxy, set
SECURE_PROXY_SSL_HEADER=on so Django trusts X-Forwarded-Proto (and TRUSTED_PROXIES=1 so the rate
limits see the client's address, not the proxy's). Redis (REDIS_URL) holds the cache: the rate
limits' counts and the sessions, shared by every gunicorn worker.
"""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import REDIS_URL, SECRET_KEY, env, redis_cache

DEBUG = False
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment (50+ random characters).")

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

# Every worker (and every server) must see the same rate-limit counts: Redis, even when REDIS_URL is
# unset (a Redis on this machine), never one count per process.
if not REDIS_URL:
    REDIS_URL = "redis://127.0.0.1:6379/0"
    CACHES = {"default": redis_cache(REDIS_URL)}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
