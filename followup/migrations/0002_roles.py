"""The roles and the follow-up (groups from orga/migrations/0001_roles.py).

Organizer: everything of the follow-up, the export too. Recruiter: follows researchers up (stages,
owners, notes) at its events, without deleting or exporting. Host (new, no staff status, like the
door staff): the hosts' phone page only, to add notes and set stages for the guests of its tables.
Door staff: nothing of it, never a note.
"""
from django.db import migrations

ORGANIZER = {"followup": ("add_followup", "change_followup", "delete_followup", "view_followup",
                          "export_followup", "add_hostnote", "delete_hostnote", "view_hostnote")}
RECRUITER = {"followup": ("add_followup", "change_followup", "view_followup", "add_hostnote", "view_hostnote")}
HOST = {"followup": ("add_followup", "change_followup", "view_followup", "add_hostnote", "view_hostnote")}
GRANTS = {"Organizer": ORGANIZER, "Recruiter": RECRUITER}
NEW_ROLES = {"Host": HOST}


def _permissions(apps, grants):
    permission_model = apps.get_model("auth", "Permission")
    return [permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codenames in grants.items() for codename in codenames]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("followup")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True  # permissions are otherwise made only after migrate
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    group_model = apps.get_model("auth", "Group")
    for name, grants in GRANTS.items():
        group = group_model.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*_permissions(apps, grants))
    for name, grants in NEW_ROLES.items():
        group, _created = group_model.objects.get_or_create(name=name)
        group.permissions.set(_permissions(apps, grants))


def revoke(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    for name, grants in GRANTS.items():
        group = group_model.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, grants))
    group_model.objects.filter(name__in=NEW_ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0001_initial"),
        ("orga", "0002_researcher_data_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
