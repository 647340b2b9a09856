"""Settings shared by every environment; values that differ come from the environment.

`DATABASE_URL` picks the database (PostgreSQL in production, a local SQLite file when unset),
`SECRET_KEY`, `ALLOWED_HOSTS`, `DEBUG` and the mail settings are read the same way.
"""
import base64
import hashlib
from datetime import timedelta
from pathlib import Path

import environ
import redis
from csp.constants import NONE, SELF, UNSAFE_HASHES
from django.utils.translation import gettext_lazy as _

from brakes import limits as rate_limits

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "auditlog",
    # The basement (brakes, textsafety, worker: imported by any app, importing none), then the floors,
    # each importing only those listed before it (README, "Layout").
    "brakes",
    "worker",  # runs the queue and puts right what a dead worker left (README, "The background worker")
    "events",
    "attendees",
    "tables",
    "door",
    "portal",
    "orga",
    "followup",  # recruiting follow-up after the dinner: hosts' notes, stages, the funnel to hires
    "demo",
    "printing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.headers.ContentSecurityPolicyMiddleware",
    "config.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, CSRF and the rest: the event list and event pages, the same for every anonymous
    # visitor of a language, come whole from the cache (README, "Speed"). After the security headers,
    # which a cached page gets as a fresh one does.
    "events.whole_pages.WholePageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: the audit trail records the logged-in user as who made each change.
    "config.audit.LazyActorAuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "brakes.middleware.RateLimitMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A connection is checked (a cheap query) before a request reuses it, so one the server closed in the
# meantime is replaced instead of failing the request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# DATABASE_POOL=pgbouncer: DATABASE_URL points at a pgbouncer in transaction pooling mode (README,
# "Running it big"). Consecutive transactions of one client connection may then land on different
# server connections, so nothing may outlive a transaction: no server-side cursor (iterator() reads a
# named cursor across statements). Client connections stay persistent: pgbouncer keeps thousands of
# idle ones for nothing, and a new one would cost an authentication per request.
DATABASE_POOL = env.str("DATABASE_POOL", default="")
if DATABASE_POOL == "pgbouncer":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests and the task worker share the file: wait for a lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    # Opening a SQLite file takes microseconds, so keeping it open saves nothing; and runserver starts a
    # thread per request, each of which would keep its own connection (Django's docs: not in development).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
else:
    # A new PostgreSQL connection costs a few milliseconds per request (a backend process, authentication):
    # each worker keeps its connection for this many seconds.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out login before any password is hashed.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ko", _("Korean"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# django-import-export: exporting needs the model's "export" permission (attendees.export_registration);
# the rows are those of the user's events (events.access).
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGIN_URL = "admin:login"

# Headers that say what a page may load and do (README, "Content-Security-Policy and headers").
# No 'unsafe-inline': scripts and styles come from our static files only, so markup that slips into a
# page can neither run script nor restyle it. The check-in QR code is an SVG data: URI.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}


def _csp_hash(source):
    """The CSP source expression that allows exactly this inline text."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()}'"


# The admin's pages (config/headers.py) also allow, by hash, exactly the inline attributes of
# django-import-export's export page: the "Select all" checkbox's handler and two style attributes.
# The email preview relaxes its own policy (attendees/admin/mail.py).
CONTENT_SECURITY_POLICY_ADMIN_UPDATE = {
    "script-src-attr": [UNSAFE_HASHES, _csp_hash("onSelectToggleChange(event)")],
    "style-src-attr": [UNSAFE_HASHES, _csp_hash("padding: 0;"), _csp_hash("font-weight: bold;")],
}

# Browser features our pages may use (config/headers.py): the camera only on our own origin, because the
# door page scans QR codes with the phone's camera; every other feature listed is off for everyone.
PERMISSIONS_POLICY = {
    "camera": ["self"],
    "geolocation": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "hid": [],
    "midi": [],
    "magnetometer": [],
    "gyroscope": [],
    "accelerometer": [],
    "display-capture": [],
    "browsing-topics": [],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # not no-referrer: see portal/views.py
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Roundtable <roundtable@localhost>")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=8)

# The task queue (README, "The background worker"): TASKS_BACKEND=database (django-tasks-db, the
# default: a table in the same database, nothing else to run) or rq (django-tasks-rq: RQ on Redis, for
# many task workers); a dotted backend path is taken as it is.
TASKS_BACKENDS = {"database": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
TASKS_BACKEND = TASKS_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND)
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}


def rq_queue(url):
    """django-rq's settings of a queue whose Redis connections come from one pool per process.

    With a URL django-rq builds a new Redis client, and so opens a new TCP connection, for every task
    enqueued; given a pool (django-rq passes REDIS_CLIENT_KWARGS on to redis-py) they are reused.
    """
    pool = redis.ConnectionPool.from_url(
        # A Redis that stops answering fails an enqueue in seconds instead of holding a web worker.
        url, socket_connect_timeout=2, socket_timeout=5, health_check_interval=30)
    address = pool.connection_kwargs
    return {
        "HOST": address.get("host", "127.0.0.1"), "PORT": address.get("port", 6379), "DB": address.get("db", 0),
        "REDIS_CLIENT_KWARGS": {"connection_pool": pool},
        # RQ stops a task that runs longer (a seating run at 250 tables takes minutes, not hours).
        "DEFAULT_TIMEOUT": env.int("TASKS_TIMEOUT", default=30 * 60),
    }


# RQ's queue of that name ("default": every task here uses the default queue). Not the cache's Redis
# database: a cache may evict keys under memory pressure or be flushed, a queue may not lose a task
# (README, "Running it big": a Redis with maxmemory-policy noeviction).
RQ_QUEUES = {"default": rq_queue(env.str("TASKS_REDIS_URL", default="redis://127.0.0.1:6379/1"))}
if TASKS_BACKEND == TASKS_BACKENDS["rq"]:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
# Recovery after a worker died (killed, machine restarted): `manage.py run_worker` runs a pass
# every RECOVERY_INTERVAL seconds (`manage.py recover` runs one, e.g. from cron).
RECOVERY_INTERVAL = env.int("RECOVERY_INTERVAL", default=60)
# An email being sent is claimed for this long before recovery sends it again. One SMTP exchange is
# about a dozen socket operations, each bounded by EMAIL_TIMEOUT: 30 of them leave a wide margin, so
# a slow sender that is still alive is never overtaken (that would deliver the email twice).
EMAIL_SEND_LEASE = env.int("EMAIL_SEND_LEASE", default=30 * EMAIL_TIMEOUT)
# A running seating run writes its progress every 0.5 s; silent this long, its worker is dead.
SEATING_RUN_STALE_AFTER = env.int("SEATING_RUN_STALE_AFTER", default=60)
# A queued run nobody started: generous, since a busy worker may first send a few hundred emails.
SEATING_RUN_QUEUED_LIMIT = env.int("SEATING_RUN_QUEUED_LIMIT", default=30 * 60)

# Absolute address used in emails and QR codes, e.g. https://roundtable.example.org
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Links: a personal-page link works until this many days after its event ends (the check-in code
# until the event ends); a link that confirms a registration works for this many hours.
PERSONAL_LINK_DAYS_AFTER_EVENT = env.int("PERSONAL_LINK_DAYS_AFTER_EVENT", default=30)
CONFIRMATION_LINK_HOURS = env.int("CONFIRMATION_LINK_HOURS", default=24)
# The survey after the dinner: the thank-you email goes at THANK_YOU_HOUR (the event's time zone) the
# morning after it ends; answers can be given and changed until SURVEY_DAYS_AFTER_EVENT days after it ends.
THANK_YOU_HOUR = env.int("THANK_YOU_HOUR", default=9)
SURVEY_DAYS_AFTER_EVENT = env.int("SURVEY_DAYS_AFTER_EVENT", default=14)

# Bumped whenever templates/events/privacy.html changes, stored with each consent.
PRIVACY_NOTICE_VERSION = "2027-01"  # 2027-01: the survey and the recruiting follow-up

# Retention (attendees/retention.py, `manage.py apply_retention`, run once a day by the worker): a
# researcher whose every event ended more than RETENTION_DAYS_AFTER_EVENT days ago is anonymized; the
# bodies of the emails of an event, its unconfirmed registration requests and unused invitations go
# EMAIL_BODY_DAYS_AFTER_EVENT days after it ends. The privacy notice states both numbers.
RETENTION_DAYS_AFTER_EVENT = env.int("RETENTION_DAYS_AFTER_EVENT", default=365)
EMAIL_BODY_DAYS_AFTER_EVENT = env.int("EMAIL_BODY_DAYS_AFTER_EVENT", default=30)

# The audit trail (django-auditlog; attendees/audit.py, tables/audit.py say what is recorded): who
# changed what, with the foreign keys shown by name ("Table 3") rather than by id. No client address:
# the staff's addresses are not needed to say who did something, so they are not kept.
AUDITLOG_DISABLE_REMOTE_ADDR = True
AUDITLOG_USE_FK_STRING_REPRESENTATION = True

# The cache: local memory when REDIS_URL is unset (one process: the demo, the tests); with REDIS_URL,
# Django's Redis cache, shared by every process on every server: the rate limits' counts, the cached
# pages and the sessions. Production always uses Redis (config/settings/production.py).
REDIS_URL = env.str("REDIS_URL", default="")


def redis_cache(url):
    return {
        "BACKEND": "config.cache.ReusedClientRedisCache",  # Django's RedisCache, one redis-py client per pool
        "LOCATION": url,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="roundtable"),
        # A Redis that stops answering fails a request in seconds instead of holding a worker.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
    # Sessions (staff logins, a registration's outcome) are read from Redis and written through to the
    # database: a Redis restart, or an eviction under memory pressure, logs nobody out at the door. The
    # price is one write to the database when a session changes, never on a read.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Rate limits (brakes/): for each scope, how often one client address, one logged-in user or one email
# address may use it; a list means every rate applies. See brakes/limits.py for the format and the README
# for why these numbers. RATE_LIMITS=off in the environment turns them all off (load tests);
# RATE_LIMITS="register.client=5/m+30/h,door_search.user=off" overrides single entries.
RATE_LIMITS = rate_limits.with_overrides({
    # A burst from one address gets at most 4 through; a lab behind one NAT registering within the
    # same minute gets through (two presses in the same 5 seconds: the third waits a few seconds).
    "register": {"client": ["2/5s", "30/h"], "address": "3/h"},
    "link": {"client": ["2/5s", "20/h"], "address": "3/h"},
    # A researcher's own data (personal page): a few downloads, and erasing, are plenty for one person.
    "my_data": {"client": ["5/m", "30/h"]},
    # The survey after the dinner: a researcher saves their answers a few times at most.
    "survey": {"client": ["10/m", "60/h"]},
    # Staff phones at the door search a few times a minute; a stolen session cannot list the guests fast.
    "door_search": {"client": "60/m", "user": "30/m"},
    # Admin login POSTs per client, whatever the username: a flood never reaches the password hasher.
    "login": {"client": ["10/m", "60/h"]},
}, env.str("RATE_LIMITS", default=""))
RATE_LIMITS_ENABLED = rate_limits.enabled_in(env.str("RATE_LIMITS", default=""))
RATELIMIT_USE_CACHE = "default"
# How many proxies in front of gunicorn append the address they received from to X-Forwarded-For
# (nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for). 0: the client is REMOTE_ADDR.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)

# Admin login lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for one username from one
# client address, that pair is refused for AXES_COOLOFF_MINUTES (counted from its last failed attempt).
# By username and address together: a lockout by username alone would let anyone lock an organizer out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "brakes.client.axes_client_address"
AXES_LOCKOUT_CALLABLE = "brakes.responses.login_locked_out"
# Masked in the attempts axes stores and logs: the login's ?next= can be the door's signed guest link.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "next"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # Signed personal links never reach a log line (brakes/redaction.py).
        "redact_tokens": {"()": "brakes.redaction.RedactTokens"},
    },
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}",
                          "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server",
                          "filters": ["redact_tokens"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's default handlers have no redaction: its records go to the root's console instead.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # These write request paths; filtering on the logger redacts the record before any handler sees it.
        "django.request": {"filters": ["redact_tokens"]},
        "django.security.csrf": {"filters": ["redact_tokens"]},
        "django.server": {"handlers": ["django.server"], "filters": ["redact_tokens"], "level": "INFO",
                          "propagate": False},
        # WeasyPrint narrates every step of every PDF at INFO; its warnings (a refused URL) still show.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
