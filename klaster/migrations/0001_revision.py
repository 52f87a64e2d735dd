"""The data revision moves from members to klaster (members never knew what its changes are used for); the counter
is carried over, so that what is kept under the old value is never taken for current."""

from django.db import migrations, models


def carry_over(apps, schema_editor):
    Old = apps.get_model("members", "Revision")
    New = apps.get_model("klaster", "Revision")
    old = Old.objects.filter(pk=1).first()
    if old is not None:
        New.objects.update_or_create(pk=1, defaults={"counter": old.counter})


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("members", "0005_revision"),
    ]

    operations = [
        migrations.CreateModel(
            name="Revision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("counter", models.PositiveBigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "wersja danych",
                "verbose_name_plural": "wersje danych",
            },
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
    ]
