"""Contacts get a stored, human-readable reference ("C-2026-000123"), numbered by year in order of
receipt; existing contacts are numbered the same way."""

from django.db import migrations, models
from django.utils import timezone


def number_existing(apps, schema_editor):
    Contact = apps.get_model("frontdoor", "Contact")
    Counter = apps.get_model("frontdoor", "ContactReferenceYear")
    last: dict[int, int] = {}
    batch = []
    for contact in Contact.objects.order_by("received_at", "id").only("id", "received_at").iterator(chunk_size=2000):
        year = timezone.localtime(contact.received_at).year
        last[year] = last.get(year, 0) + 1
        contact.reference = f"C-{year}-{last[year]:06d}"
        batch.append(contact)
        if len(batch) >= 2000:
            Contact.objects.bulk_update(batch, ["reference"])
            batch = []
    if batch:
        Contact.objects.bulk_update(batch, ["reference"])
    Counter.objects.bulk_create([Counter(year=y, last_number=n) for y, n in last.items()])


class Migration(migrations.Migration):
    dependencies = [("frontdoor", "0005_assessment_cin_fields")]

    operations = [
        migrations.CreateModel(
            name="ContactReferenceYear",
            fields=[
                ("year", models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                ("last_number", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.AddField(
            model_name="contact",
            name="reference",
            field=models.CharField(editable=False, max_length=20, null=True),
        ),
        migrations.RunPython(number_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="contact",
            name="reference",
            field=models.CharField(editable=False, max_length=20, unique=True),
        ),
    ]
