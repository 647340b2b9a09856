"""The demo's email backend: one line per email on the console, the whole message in a file.

Django's console backend prints every MIME part (about 130 lines an email, 13,000 for a published
round); a newcomer wants to see that emails go out and open the ones they care about.
"""
import itertools
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django.utils.text import slugify

_sequence = itertools.count(1)
_lock = threading.Lock()


def mail_dir():
    return Path(getattr(settings, "DEMO_MAIL_DIR", settings.BASE_DIR / "var" / "demo-mail"))


class FileAndLineBackend(BaseEmailBackend):
    """Writes each message to DEMO_MAIL_DIR/<time>-<n>-<recipient>.eml and prints where, with the subject."""

    def __init__(self, *args, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout

    def send_messages(self, email_messages):
        directory = mail_dir()
        directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            recipient = ", ".join(message.recipients())
            with _lock:
                number = next(_sequence)
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            path = directory / f"{stamp}-{number:04d}-{slugify(recipient)[:60]}.eml"
            path.write_bytes(message.message().as_bytes(linesep="\n"))
            with _lock:
                self.stream.write(f"Email to {recipient}: {message.subject}  ({path})\n")
                self.stream.flush()
            sent += 1
        return sent
