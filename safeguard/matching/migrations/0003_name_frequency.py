from django.db import migrations, models


def fill(apps, schema_editor):
    from safeguard.matching.index import refresh_name_frequencies

    refresh_name_frequencies(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("matching", "0002_fill_person_index")]

    operations = [
        migrations.CreateModel(
            name="NameFrequency",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("column", models.CharField(max_length=20)),
                ("value", models.CharField(max_length=100)),
                ("people", models.PositiveIntegerField()),
                ("share", models.FloatField()),
                ("refreshed_at", models.DateTimeField()),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("column", "value"), name="name_frequency_unique")],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
