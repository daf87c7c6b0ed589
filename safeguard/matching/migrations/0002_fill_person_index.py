from django.db import migrations


def fill(apps, schema_editor):
    from safeguard.matching.index import rebuild_person_index

    rebuild_person_index(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_person_index")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
