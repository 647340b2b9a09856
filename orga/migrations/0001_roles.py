"""The three roles as groups, each with the permissions its job needs and nothing more.

Organizer: events, registrations, hosts, invitations, email templates and sent emails, seating,
exports, the door. Door staff: the door only (no admin model at all). Recruiter: reads the
registrations and profiles of their events. Which events an account works on is Event.staff.
A later change of a role is a new migration, so every database holds the same roles.
"""
from django.db import migrations

ALL = ("add", "change", "delete", "view")
ORGANIZER = {
    "events": {"event": ("add", "change", "view", "check_in_guests"), "company": ("add", "change", "view"),
               "researcharea": ("add", "change", "view")},
    "attendees": {
        "registration": ("change", "view", "export"), "researcher": ("change", "view"),
        "companyinterest": ALL, "researchinterest": ALL, "host": ALL, "hostexpertise": ALL, "eventhost": ALL,
        "invitation": ALL, "emailtemplate": ALL, "outboundemail": ("change", "view"),
    },
    "tables": {"table": ALL, "round": ALL, "tabletheme": ALL, "seat": ("change", "view"),
               "seatingsettings": ALL, "seatingrun": ("view",)},
}
DOOR_STAFF = {"events": {"event": ("check_in_guests",)}}
RECRUITER = {
    "events": {"event": ("view",), "company": ("view",), "researcharea": ("view",)},
    "attendees": {"registration": ("view",), "researcher": ("view",), "companyinterest": ("view",),
                  "researchinterest": ("view",)},
}
ROLES = {"Organizer": ORGANIZER, "Door staff": DOOR_STAFF, "Recruiter": RECRUITER}


def codenames(actions, model):
    # Custom permissions are written whole ("check_in_guests"); the model's own as "<action>_<model>".
    return [action if "_" in action else f"{action}_{model}" for action in actions]


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():  # permissions are otherwise made only after migrate
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group_model, permission_model = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _created = group_model.objects.get_or_create(name=name)
        wanted = []
        for app_label, models in grants.items():
            for model, actions in models.items():
                for codename in codenames(actions, model):
                    wanted.append(permission_model.objects.get(content_type__app_label=app_label,
                                                               content_type__model=model, codename=codename))
        group.permissions.set(wanted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0004_event_staff_and_door_permission"),
        ("attendees", "0004_registration_export_permission"),
        ("tables", "0002_seating_settings_runs_and_seat_version"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
