"""Organizers read the survey's answers (Admin → Survey responses); nobody changes them but the researcher."""
from django.db import migrations

GRANTS = ("view_surveyresponse",)


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
            content_type__app_label="attendees", content_type__model="surveyresponse", codename__in=GRANTS))


def revoke(apps, schema_editor):
    group_model, permission_model = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    organizer = group_model.objects.filter(name="Organizer").first()
    if organizer is not None:
        organizer.permissions.remove(*permission_model.objects.filter(
            content_type__app_label="attendees", content_type__model="surveyresponse", codename__in=GRANTS))


class Migration(migrations.Migration):
    dependencies = [
        ("orga", "0002_researcher_data_permissions"),
        ("attendees", "0009_survey_and_thank_you"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
