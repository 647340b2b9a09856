from django.dispatch import Signal

recovery_pass = Signal()
"""Sent by `worker.recovery.run_recovery` (every RECOVERY_INTERVAL seconds in each `run_worker`
process, and by `manage.py recover`), outside any transaction.

Receivers get `now` (an aware datetime) and find the work whose worker died (killed, machine
restarted) to retry it or mark it failed; they return a one-line summary for the log. Several
processes run passes at the same time, so a receiver must be idempotent and must lock or update
conditionally: two passes never retry the same thing twice. A receiver that raises is logged and
does not stop the others.
"""
