"""A logging filter that keeps signed personal links out of every log line.

A path such as ``/my/<signed>/cancel/`` is as good as a password for that researcher's page, yet
Django logs it ("Not Found: /my/<signed>/"), runserver and gunicorn write it into access lines
(in the request line, and in the Referer of every request the personal page makes), and the admin
login's ``?next=`` carries the door's ``/staff/checkin/guest/<signed>/``. The filter rewrites the
signed part to ``[redacted]`` in the message, its arguments (tuple or dict, as gunicorn's access
log passes them) and the formatted traceback, whether the slashes are plain or URL-encoded.

Attach it to loggers (it then runs before any handler, test capture included) and to handlers.
"""
import logging
import re

# The URL prefixes whose next path segment is a signed token.
TOKEN_PATH_PREFIXES = ("my", "confirm", "staff/checkin/guest")
REDACTED = "[redacted]"
_SLASH = r"(?:/|%2F)"


def token_pattern(prefixes=TOKEN_PATH_PREFIXES):
    names = "|".join(_SLASH.join(re.escape(part) for part in prefix.split("/")) for prefix in prefixes)
    # The signed segment ends at the next slash (plain or encoded), query, fragment, quote or space.
    return re.compile(rf"({_SLASH}(?:{names}){_SLASH})(?:(?!%2F)[^/?#&\s\"'<>\\])+", re.IGNORECASE)


class RedactTokens(logging.Filter):
    def __init__(self, name="", prefixes=TOKEN_PATH_PREFIXES):
        super().__init__(name)
        self.pattern = token_pattern(prefixes)

    def redact(self, text):
        return self.pattern.sub(rf"\1{REDACTED}", text)

    def _argument(self, value):
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, (int, float, bytes)) or value is None:
            return value
        text = str(value)
        redacted = self.redact(text)
        return value if redacted == text else redacted

    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = self.redact(record.msg)
        if isinstance(record.args, dict):
            # Changed in place: gunicorn's atoms are a dict subclass that answers "-" for absent keys.
            for key in list(record.args):
                record.args[key] = self._argument(record.args[key])
        elif isinstance(record.args, tuple):
            record.args = tuple(self._argument(value) for value in record.args)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True
