"""The background worker (bottom floor: imports no app; every app may use it).

`manage.py run_worker` runs django-tasks-db's worker and, beside it in the same process, a
recovery pass every RECOVERY_INTERVAL seconds; `manage.py recover` runs one pass (cron).
A pass sends `signals.recovery_pass`: each app puts right the work a dead worker left behind
(attendees: emails claimed but never finished; tables: seating runs that stopped).
`queue.waiting_calls` tells an app which calls of a task are still waiting in the queue.
"""
