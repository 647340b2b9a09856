"""The web server's entry points start with the start-up's objects frozen and young collections spaced out."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import gc, os
before = gc.get_threshold()
import {module}
print(gc.get_freeze_count(), *gc.get_threshold(), *before)
"""


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi"])
def test_the_server_entry_point_freezes_what_start_up_made(module):
    environment = {"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", PROBE.format(module=module)], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stderr
    frozen, young, middle, old, *before = map(int, result.stdout.split())
    assert frozen > 50_000  # Django, the apps, the admin and every view module the URLconf imports
    assert (young, middle, old) == (10_000, *before[1:])


def test_the_urlconf_is_loaded_before_freezing():
    probe = "import config.wsgi, sys; print('tables.views' in sys.modules, 'door.views' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"})

    assert result.stdout.split() == ["True", "True"], result.stderr
