from django.db import migrations, models


def announce_published_rounds(apps, schema_editor):
    # Rounds published before this field existed had their emails written then: nothing is owed.
    Round = apps.get_model("tables", "Round")
    Round.objects.filter(published_at__isnull=False).update(announced_at=models.F("published_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("tables", "0003_seating_run_fresh_steps_moved"),
    ]

    operations = [
        migrations.AddField(
            model_name="round",
            name="announced_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="emails stored at"),
        ),
        migrations.RunPython(announce_published_rounds, migrations.RunPython.noop),
    ]
