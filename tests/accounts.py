"""Staff accounts in their roles, and logging them in from a browser."""
import importlib

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse


def staff_account(django_user_model, username, role, *events, **fields):
    """An account with one of the roles (groups made by orga's migration), working on `events`.

    Its password is "<username>-pw-for-tests".
    """
    user = (django_user_model or get_user_model()).objects.create_user(
        username, password=f"{username}-pw-for-tests", **fields)
    if not Group.objects.filter(name=role).exists():
        # A transactional test (the browser's) empties the tables, the migration's roles with them.
        # The migrations' functions run here on the real app registry and clear each app's models_module
        # (as a migration's app states have none): put them back, or a later flush no longer recreates
        # the content types that the audit trail's entries point to.
        models_modules = {config: config.models_module for config in apps.get_app_configs()}
        importlib.import_module("orga.migrations.0001_roles").create_roles(apps, None)
        importlib.import_module("orga.migrations.0002_researcher_data_permissions").grant(apps, None)
        importlib.import_module("followup.migrations.0002_roles").grant(apps, None)
        importlib.import_module("orga.migrations.0003_survey_response_permissions").grant(apps, None)
        for config, models_module in models_modules.items():
            config.models_module = models_module
    user.groups.add(Group.objects.get(name=role))
    for event in events:
        event.staff.add(user)
    return user


def log_in_at_the_door(page, user, next_url):
    """Door staff log in on the door's own login page (they have no admin account)."""
    page.goto(reverse("checkin:login") + f"?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", f"{user.username}-pw-for-tests")
    page.click("#door-login button[type=submit]")
