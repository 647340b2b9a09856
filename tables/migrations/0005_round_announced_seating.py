from django.db import migrations, models


def remember_announced_tables(apps, schema_editor):
    # Rounds announced before this field existed emailed their current tables: publishing them again
    # should email only those moved since, not everyone.
    Round = apps.get_model("tables", "Round")
    Seat = apps.get_model("tables", "Seat")
    for round in Round.objects.filter(announced_at__isnull=False):
        round.announced_seating = {
            str(registration_id): table_id
            for registration_id, table_id in Seat.objects.filter(round=round, registration__isnull=False)
            .values_list("registration_id", "table_id")
        }
        round.save(update_fields=["announced_seating"])


class Migration(migrations.Migration):

    dependencies = [
        ("tables", "0004_round_announced_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="round",
            name="announced_seating",
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name="tables last emailed"),
        ),
        migrations.RunPython(remember_announced_tables, migrations.RunPython.noop),
    ]
