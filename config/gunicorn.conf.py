"""gunicorn's settings for production: ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

Run it from the project directory (beside manage.py). The access log goes to standard output in
the combined format plus the response time; every signed personal link in it, in the request
line and in the Referer alike, is written as ``[redacted]`` by the same filter as Django's logs
(brakes/redaction.py). GUNICORN_BIND and WEB_CONCURRENCY set the address and the worker count.
"""
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))

# Combined log format, then the time taken in milliseconds.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'

# gunicorn merges this over its own defaults (gunicorn.glogging.CONFIG_DEFAULTS); the filter sits on
# the loggers, so whatever handler is attached later still gets redacted records.
logconfig_dict = {
    "filters": {"redact_tokens": {"()": "brakes.redaction.RedactTokens"}},
    "formatters": {
        "generic": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
                    "datefmt": "[%Y-%m-%d %H:%M:%S %z]"},
        "access": {"format": "%(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "generic", "stream": "ext://sys.stdout"},
        "error_console": {"class": "logging.StreamHandler", "formatter": "generic", "stream": "ext://sys.stderr"},
        "access_console": {"class": "logging.StreamHandler", "formatter": "access", "stream": "ext://sys.stdout"},
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "filters": ["redact_tokens"],
                           "propagate": False, "qualname": "gunicorn.error"},
        "gunicorn.access": {"level": "INFO", "handlers": ["access_console"], "filters": ["redact_tokens"],
                            "propagate": False, "qualname": "gunicorn.access"},
    },
}
