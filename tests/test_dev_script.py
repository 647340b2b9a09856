"""`./dev`: Python 3.11 or a clear refusal, a .venv of another Python rebuilt, the demo served where it says.

The script runs in a copy of the repository's top files with a stand-in Python (a shell script that
logs what it is asked to do), so no virtualenv is built and no server is started.
"""
import shutil
import stat
import subprocess
import textwrap

import pytest
from django.conf import settings

FAKE_PYTHON = textwrap.dedent("""\
    #!/bin/sh
    # Stands in for a Python: answers the version check, makes a venv of itself, logs everything else.
    case "$1" in
      -c) echo "${FAKE_VERSION:-3.11}" ;;
      -m) if [ "$2" = venv ]; then mkdir -p "$3/bin" && cp "$0" "$3/bin/python"; else echo "pip $*" >> "$DEV_LOG"; fi ;;
      *) echo "run SITE_URL=${SITE_URL:-} $*" >> "$DEV_LOG" ;;
    esac
""")


def executable(path, text):
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def checkout(tmp_path):
    for name in ("dev", "pyproject.toml"):
        shutil.copy(settings.BASE_DIR / name, tmp_path / name)
    return tmp_path


def run_dev(checkout, *args, python, **env):
    environment = {"PATH": "/usr/bin:/bin", "DEV_LOG": str(checkout / "log"), "PYTHON": str(python), **env}
    return subprocess.run(["bash", str(checkout / "dev"), *args], cwd=checkout, env=environment,
                          capture_output=True, text=True, timeout=60)


def log(checkout):
    return (checkout / "log").read_text().splitlines() if (checkout / "log").exists() else []


def test_refuses_clearly_without_python_3_11_and_makes_no_venv(checkout):
    result = run_dev(checkout, "worker", python="python3.11-not-installed")

    assert result.returncode == 1
    assert "./dev needs Python 3.11" in result.stderr
    assert "PYTHON=/path/to/python3.11" in result.stderr
    assert not (checkout / ".venv").exists()


def test_refuses_a_python_that_is_too_old(checkout, tmp_path):
    old = executable(tmp_path / "python3.10", FAKE_PYTHON)

    result = run_dev(checkout, "worker", python=old, FAKE_VERSION="3.10")

    assert result.returncode == 1
    assert "'" + str(old) + "' is 3.10" in result.stderr
    assert not (checkout / ".venv").exists()


def test_rebuilds_a_venv_made_by_another_python_and_says_what_it_installs(checkout, tmp_path):
    python = executable(tmp_path / "python3.11", FAKE_PYTHON)
    (checkout / ".venv" / "bin").mkdir(parents=True)
    executable(checkout / ".venv" / "bin" / "python", "#!/bin/sh\necho 3.10\n")

    result = run_dev(checkout, "worker", python=python)

    assert result.returncode == 0, result.stderr
    assert "The existing .venv was made with Python 3.10; recreating it with 3.11..." in result.stdout
    assert "Installing Roundtable and its dependencies into .venv" in result.stdout
    assert (checkout / ".venv" / "bin" / "python").read_text() == FAKE_PYTHON
    assert log(checkout)[-1] == "run SITE_URL= manage.py run_worker"


def test_second_run_installs_nothing(checkout, tmp_path):
    python = executable(tmp_path / "python3.11", FAKE_PYTHON)
    run_dev(checkout, "worker", python=python)
    (checkout / "log").unlink()

    result = run_dev(checkout, "worker", python=python)

    assert "Installing" not in result.stdout
    assert log(checkout) == ["run SITE_URL= manage.py run_worker"]


def test_demo_fresh_serves_where_it_says_and_emails_link_there(checkout, tmp_path):
    python = executable(tmp_path / "python3.11", FAKE_PYTHON)

    result = run_dev(checkout, "demo", "--fresh", "127.0.0.1:8123", python=python)

    assert result.returncode == 0, result.stderr
    runs = [line for line in log(checkout) if line.startswith("run ")]
    seed = "run SITE_URL=http://127.0.0.1:8123 manage.py seed_demo --with-admin --address 127.0.0.1:8123 --fresh"
    assert seed in runs
    assert runs[-1] in ("run SITE_URL=http://127.0.0.1:8123 manage.py runserver 127.0.0.1:8123",
                        "run SITE_URL=http://127.0.0.1:8123 manage.py run_worker")  # the worker runs beside it
    assert "var/demo-mail/" in result.stdout


def test_pyproject_license_is_an_spdx_expression():
    # A TOML table here makes setuptools print a deprecation warning on every install.
    text = (settings.BASE_DIR / "pyproject.toml").read_text()
    assert 'license = "MIT"' in text
