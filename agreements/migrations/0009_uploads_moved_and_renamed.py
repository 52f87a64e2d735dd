"""Files uploaded before the names were random: every annex scan, signature scan and document moves from the public
storage to the private one under a random name with the extension of its checked type (klaster.uploads); the name it
had is kept as its original name. Back: the files return to the public storage under the names they have."""

from django.core.files.storage import storages
from django.db import migrations

from klaster.uploads import rename_stored_uploads

FIELDS = [("Annex", "file"), ("Signature", "scan"), ("Document", "file")]


def _move(apps, schema_editor, *, source, target, rename):
    for model_name, field_name in FIELDS:
        model = apps.get_model("agreements", model_name)
        missing = rename_stored_uploads(
            model,
            field_name,
            source=storages[source],
            target=storages[target],
            rename=rename,
            using=schema_editor.connection.alias,
        )
        for name in missing:
            print(f"\n  {model_name}.{field_name}: {name} is not in the {source} storage; its row is left as it was.")


def forwards(apps, schema_editor):
    _move(apps, schema_editor, source="default", target="private", rename=True)


def backwards(apps, schema_editor):
    _move(apps, schema_editor, source="private", target="default", rename=False)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0008_uploads_random_names_private"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
