"""Races for real: several calls in their own threads (and database connections) at the same moment."""
import threading

from django.db import connection


def run_at_once(functions):
    """Start every function in its own thread (own database connection) at the same moment."""
    barrier = threading.Barrier(len(functions))
    errors = []

    def run(function):
        barrier.wait()
        try:
            function()
        except Exception as error:  # collected: the test asserts there were none
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(function,)) for function in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
