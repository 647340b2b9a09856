"""Local development and the demo: debug on, a fixed insecure key, one line per email on the console."""
from .base import *  # noqa: F401,F403
from .base import BASE_DIR, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-roundtable-development-key-not-for-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# One console line per email, the whole message under var/demo-mail/ (demo/mail_backend.py).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="demo.mail_backend.FileAndLineBackend")
DEMO_MAIL_DIR = env.path("DEMO_MAIL_DIR", default=BASE_DIR / "var" / "demo-mail")
