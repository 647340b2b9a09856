from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from demo.data import seed_demo

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "roundtable-demo"


class Command(BaseCommand):
    help = "Seed the demo event (CVPR dinner in Vancouver, 100 researchers, 35 hosts). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--with-admin", action="store_true",
                            help=f"Also create the superuser {DEMO_USERNAME!r} / {DEMO_PASSWORD!r} (DEBUG only).")
        parser.add_argument("--address", default="127.0.0.1:8000",
                            help="Where the server will listen, for the printed links.")

    def handle(self, *args, with_admin=False, address="127.0.0.1:8000", **options):
        summary = seed_demo()
        self.stdout.write(self.style.SUCCESS(
            f"Demo event: {summary.event.name} ({summary.researchers} researchers, {summary.hosts} hosts, "
            f"{summary.returning} returning)"
        ))
        if with_admin:
            if not settings.DEBUG:
                raise CommandError("--with-admin creates a known password; it only runs with DEBUG on.")
            user_model = get_user_model()
            if not user_model.objects.filter(username=DEMO_USERNAME).exists():
                user_model.objects.create_superuser(DEMO_USERNAME, "admin@localhost", DEMO_PASSWORD)
            self.stdout.write(self.style.SUCCESS(
                f"Admin login: http://{address}/admin/  user {DEMO_USERNAME}  password {DEMO_PASSWORD}"
            ))
            self.stdout.write(f"Registration form: http://{address}{summary.event.get_absolute_url()}register/")
