"""Logs never carry a signed personal link: Django's log records, runserver's and gunicorn's access lines."""
import io
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import WSGIRequestHandler
from django.db import connections
from django.test.testcases import LiveServerThread
from django.urls import reverse

from attendees import links
from brakes.redaction import RedactTokens
from tests.factories import RegistrationFactory

BASE_DIR = Path(settings.BASE_DIR)
# Well-formed signed values that no registration has (a link for another server, or a forged one).
STRANGER = "Zm9yZ2VkLXRva2VuLXRoYXQtbm9ib2R5LWhhcw-abcDEF12:Q2lnbmF0dXJlWFla"


def personal_path(registration):
    return reverse("portal:personal", kwargs={"signed": links.personal_page_token(registration)})


@pytest.mark.parametrize(("text", "expected"), [
    ("Not Found: /my/abc:def/", "Not Found: /my/[redacted]/"),
    ('"GET /my/abc:def/cancel/ HTTP/1.1" 200', '"GET /my/[redacted]/cancel/ HTTP/1.1" 200'),
    ("/my/abc:def/calendar.ics", "/my/[redacted]/calendar.ics"),
    ("/staff/checkin/guest/abc:def/", "/staff/checkin/guest/[redacted]/"),
    ("/confirm/abc:def/", "/confirm/[redacted]/"),
    ("/admin/login/?next=/staff/checkin/guest/abc%3Adef/", "/admin/login/?next=/staff/checkin/guest/[redacted]/"),
    ("/admin/login/?next=%2Fmy%2Fabc%3Adef%2F&x=1", "/admin/login/?next=%2Fmy%2F[redacted]%2F&x=1"),
    ("/events/my-dinner/register/", "/events/my-dinner/register/"),
    ("/staff/checkin/lg-dinner/?q=kim", "/staff/checkin/lg-dinner/?q=kim"),
])
def test_the_filter_redacts_every_way_a_token_path_is_written(text, expected):
    assert RedactTokens().redact(text) == expected


def test_the_filter_redacts_arguments_and_tracebacks():
    try:
        raise ValueError("no registration for /my/abc:def/")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "Error at %s (%d)", ("/my/abc:def/", 3),
                                   sys.exc_info())

    RedactTokens().filter(record)

    assert record.getMessage() == "Error at /my/[redacted]/ (3)"
    assert "abc:def" not in logging.Formatter().format(record)


@pytest.mark.django_db
def test_a_404_on_a_bad_personal_link_logs_no_token(client, caplog):
    caplog.set_level(logging.INFO)

    response = client.get(f"/my/{STRANGER}/")

    assert response.status_code == 404
    messages = [record.getMessage() for record in caplog.records]
    assert "Not Found: /my/[redacted]/" in messages
    assert not any(STRANGER in message for message in messages)


@pytest.mark.django_db
def test_a_good_personal_link_logs_no_token(client, caplog, event):
    caplog.set_level(logging.DEBUG)
    path = personal_path(RegistrationFactory(event=event))

    assert client.get(path).status_code == 200
    assert client.get(path + "nope/").status_code == 404

    token = path.split("/")[2]
    messages = [record.getMessage() for record in caplog.records]
    assert "Not Found: /my/[redacted]/nope/" in messages
    assert not any(token in message for message in messages)


class RunserverThread(LiveServerThread):
    """Django's test server with runserver's own request handler, which writes the access lines."""

    def _create_server(self, connections_override=None):
        return self.server_class((self.host, self.port), WSGIRequestHandler, allow_reuse_address=False,
                                 connections_override=connections_override)


@pytest.fixture
def runserver_access_log(transactional_db):
    """(base URL, what runserver's access log printed so far): the configured django.server handler."""
    handler = logging.getLogger("django.server").handlers[0]
    output = io.StringIO()
    previous = handler.setStream(output)
    # As Django's LiveServerTestCase does: an in-memory SQLite test database is shared with the server thread.
    in_memory = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
    for connection in in_memory.values():
        connection.inc_thread_sharing()
    server = RunserverThread("127.0.0.1", StaticFilesHandler, connections_override=in_memory)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    try:
        if server.error:
            raise server.error
        yield f"http://127.0.0.1:{server.port}", output.getvalue
    finally:
        server.terminate()
        handler.setStream(previous)
        for connection in in_memory.values():
            connection.dec_thread_sharing()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 itself is the answer


def fetch(url, **headers):
    """The status of one GET, redirects not followed."""
    try:
        opener = urllib.request.build_opener(NoRedirects)
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError):
        return None  # not listening yet


def test_runserver_access_lines_carry_no_token(runserver_access_log, event):
    base_url, access_log = runserver_access_log
    path = personal_path(RegistrationFactory(event=event))
    token = path.split("/")[2]

    statuses = [fetch(base_url + path), fetch(f"{base_url}/my/{STRANGER}/"),
                fetch(base_url + path + "calendar.ics")]

    assert statuses == [200, 404, 200]
    deadline = time.monotonic() + 10
    while access_log().count("\n") < 3 and time.monotonic() < deadline:
        time.sleep(0.05)  # runserver writes the line after the response has gone out
    lines = access_log()
    assert '"GET /my/[redacted]/ HTTP/1.1" 200' in lines
    assert '"GET /my/[redacted]/ HTTP/1.1" 404' in lines
    assert '"GET /my/[redacted]/calendar.ics HTTP/1.1" 200' in lines
    assert token not in lines
    assert STRANGER not in lines


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_command(port):
    from gunicorn.config import Config

    command = [str(Path(sys.executable).with_name("gunicorn")), "-c", "config/gunicorn.conf.py", "config.wsgi",
               "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    if "control_socket_disable" in Config().settings:  # gunicorn 25+: no shared control socket in $HOME
        command.append("--no-control-socket")
    return command


def test_gunicorn_access_log_carries_no_token(tmp_path):
    port = free_port()
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
                   "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    stdout, stderr = tmp_path / "stdout.log", tmp_path / "stderr.log"
    with stdout.open("w") as out, stderr.open("w") as err:
        server = subprocess.Popen(gunicorn_command(port), cwd=BASE_DIR, env=environment, stdout=out, stderr=err)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while fetch(base_url + "/static/css/roundtable.css") != 200:
            assert server.poll() is None and time.monotonic() < deadline, stderr.read_text()
            time.sleep(0.3)

        statuses = [
            fetch(f"{base_url}/my/{STRANGER}/cancel/"),
            fetch(f"{base_url}/staff/checkin/guest/{STRANGER}/"),
            fetch(f"{base_url}/static/css/roundtable.css", Referer=f"{base_url}/my/{STRANGER}/"),
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert statuses == [404, 302, 200]
    access_log, error_log = stdout.read_text(), stderr.read_text()
    assert '"GET /my/[redacted]/cancel/ HTTP/1.1" 404' in access_log
    assert '"GET /staff/checkin/guest/[redacted]/ HTTP/1.1" 302' in access_log
    assert f'"{base_url}/my/[redacted]/"' in access_log
    assert "Not Found: /my/[redacted]/cancel/" in error_log
    assert STRANGER not in access_log + error_log
