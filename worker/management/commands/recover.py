"""`manage.py recover`: one recovery pass, e.g. from cron when the workers run without `run_worker`."""
from django.core.management.base import BaseCommand, CommandError

from ...recovery import run_recovery


class Command(BaseCommand):
    help = "Retry or fail the emails and seating runs whose worker died; prints what was done."

    def handle(self, *args, **options):
        outcomes = run_recovery()
        for name, outcome in outcomes:
            if isinstance(outcome, Exception):
                self.stderr.write(f"{name}: failed: {type(outcome).__name__}: {outcome}")
            elif outcome:
                self.stdout.write(outcome)
        if not any(outcome for _name, outcome in outcomes):
            self.stdout.write("Nothing to recover.")
        if any(isinstance(outcome, Exception) for _name, outcome in outcomes):
            raise CommandError("A recovery step failed (see above); the others ran.")
