"""The test suite: SQLite unless DATABASE_URL points elsewhere (CI runs it on PostgreSQL too)."""
from .base import *  # noqa: F401,F403

SECRET_KEY = "django-insecure-roundtable-test-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Whatever REDIS_URL the shell exports: each test starts with an empty cache of its own (tests/conftest.py);
# the tests that need Redis point a cache at it themselves.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
