"""Organizers may download a researcher's data and erase it (Admin → Researchers, the two actions).

Recruiters read profiles but neither download nor erase them; door staff have no admin at all.
The audit trail needs no permission of its own: whoever may change an object reads its history
(events/audit.py), and auditlog's global list stays with superusers.
"""
from django.db import migrations

GRANTS = ("download_researcher_data", "anonymize_researcher")


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("attendees")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True  # permissions are otherwise made only after migrate
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    group_model, permission_model = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    organizer = group_model.objects.filter(name="Organizer").first()
    if organizer is not None:
        organizer.permissions.add(*permission_model.objects.filter(
            content_type__app_label="attendees", content_type__model="researcher", codename__in=GRANTS))


def revoke(apps, schema_editor):
    group_model, permission_model = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    organizer = group_model.objects.filter(name="Organizer").first()
    if organizer is not None:
        organizer.permissions.remove(*permission_model.objects.filter(
            content_type__app_label="attendees", content_type__model="researcher", codename__in=GRANTS))


class Migration(migrations.Migration):
    dependencies = [
        ("orga", "0001_roles"),
        ("attendees", "0007_researcher_anonymization"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
