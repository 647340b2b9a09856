"""The demo's console: one line per email, the whole message in a file under var/demo-mail/."""
import subprocess
import sys
from email import message_from_bytes
from io import StringIO

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from demo.mail_backend import FileAndLineBackend


def test_each_email_is_one_console_line_and_a_file_with_the_whole_message(settings, tmp_path):
    settings.DEMO_MAIL_DIR = tmp_path / "demo-mail"
    console = StringIO()
    messages = []
    for n in range(3):
        message = EmailMultiAlternatives(f"Your tables tonight {n}", "Round 1: table 5\n" * 40,
                                         to=[f"r{n}@kaist.example"])
        message.attach_alternative("<p>Round 1: table 5</p>", "text/html")
        message.attach("dinner.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
        messages.append(message)

    sent = FileAndLineBackend(stream=console).send_messages(messages)

    lines = console.getvalue().splitlines()
    files = sorted((tmp_path / "demo-mail").glob("*.eml"))
    assert sent == 3
    assert len(lines) == 3 and len(files) == 3
    assert lines[0].startswith("Email to r0@kaist.example: Your tables tonight 0  (")
    assert all(str(path) in "\n".join(lines) for path in files)
    stored = message_from_bytes(files[0].read_bytes())
    assert stored["Subject"] == "Your tables tonight 0"
    assert sorted(part.get_content_type() for part in stored.walk() if not part.is_multipart()) == [
        "text/calendar", "text/html", "text/plain"]


def test_the_development_settings_use_it():
    code = "import config.settings.dev as s; print(s.EMAIL_BACKEND); print(s.DEMO_MAIL_DIR)"
    out = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, capture_output=True, text=True,
                         check=True, env={"PATH": "/usr/bin:/bin"}).stdout.split("\n")

    assert out[0] == "demo.mail_backend.FileAndLineBackend"
    assert out[1] == str(settings.BASE_DIR / "var" / "demo-mail")
