"""Production: every secret from the environment, HTTPS-only cookies, HSTS.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL. Behind a TLS-terminating proxy, set
SECURE_PROXY_SSL_HEADER=on so Django trusts X-Forwarded-Proto (and TRUSTED_PROXIES=1 so the rate
limits see the client's address, not the proxy's). Redis (REDIS_URL) holds the cache: the rate
limits' counts and the sessions, shared by every gunicorn worker.
"""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import SECRET_KEY, env

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

# Every worker (and every server) must see the same rate-limit counts: Django's own Redis cache.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str("REDIS_URL", default="redis://127.0.0.1:6379/0"),
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="roundtable"),
        # A Redis that stops answering fails a request in seconds instead of holding a worker.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}
# Sessions read from Redis, written through to the database: a Redis restart logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
