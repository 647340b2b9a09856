"""Background work of the seating board, run by `manage.py run_worker` (./dev worker)."""
from django_tasks import task

from . import services


@task()
def run_seating(*, run_id):
    """Generate the seating of SeatingRun `run_id` (see tables.services.execute_run); returns its final state."""
    return services.execute_run(run_id=run_id).state
