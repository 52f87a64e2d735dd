"""Emblems uploaded before the names were random get a random name with the extension of their checked type and are
re-encoded (klaster.uploads); the name each had is kept as its original name. Back: nothing to undo (the new names
serve as well)."""

from django.core.files.storage import storages
from django.db import migrations

from klaster.uploads import rename_stored_uploads


def forwards(apps, schema_editor):
    storage = storages["default"]
    model = apps.get_model("members", "Participant")
    alias = schema_editor.connection.alias
    for name in rename_stored_uploads(model, "emblem", source=storage, target=storage, using=alias):
        print(f"\n  Participant.emblem: {name} is not in the storage; its row is left as it was.")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0014_uploads_random_names"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
