from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from demo.data import seed_demo
from demo.reset import remove_demo

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "roundtable-demo"


class Command(BaseCommand):
    help = "Seed the demo event (CVPR dinner in Vancouver, 100 researchers, 35 hosts). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--with-admin", action="store_true",
                            help=f"Also create the superuser {DEMO_USERNAME!r} / {DEMO_PASSWORD!r} (DEBUG only).")
        parser.add_argument("--address", default="127.0.0.1:8000",
                            help="Where the server will listen, for the printed links.")
        parser.add_argument("--fresh", action="store_true",
                            help="Delete the demo events and their people first, then seed them again (DEBUG only).")

    def handle(self, *args, with_admin=False, address="127.0.0.1:8000", fresh=False, **options):
        if (with_admin or fresh) and not settings.DEBUG:
            raise CommandError("--with-admin and --fresh only run with DEBUG on (they are for the demo).")
        if fresh:
            removed = remove_demo()
            self.stdout.write(f"Removed the demo's {removed} event(s) and their people; seeding again...")
        summary = seed_demo()
        self.stdout.write(self.style.SUCCESS(
            f"Demo event: {summary.event.name} ({summary.researchers} researchers, {summary.hosts} hosts, "
            f"{summary.returning} returning)"
        ))
        site = f"http://{address}"
        if with_admin:
            user_model = get_user_model()
            if not user_model.objects.filter(username=DEMO_USERNAME).exists():
                user_model.objects.create_superuser(DEMO_USERNAME, "admin@localhost", DEMO_PASSWORD)
            self.stdout.write(self.style.SUCCESS(
                f"Admin login: {site}/admin/  user {DEMO_USERNAME}  password {DEMO_PASSWORD}"
            ))
        self.stdout.write(f"Registration form: {site}{summary.event.get_absolute_url()}register/")
        for round_ in summary.event.rounds.order_by("number"):
            board = reverse("admin:tables_round_board", args=[round_.pk])
            self.stdout.write(f"Seating board, round {round_.number}: {site}{board}")
        if summary.last_year is not None:
            home = reverse("admin:events_event_home", args=[summary.last_year.pk])
            self.stdout.write(f"Last year's dinner, its survey answers per table and follow-up: {site}{home}")
