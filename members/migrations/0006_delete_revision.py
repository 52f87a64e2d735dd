from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_revision"),
        ("klaster", "0001_revision"),
    ]

    operations = [
        migrations.DeleteModel(name="Revision"),
    ]
