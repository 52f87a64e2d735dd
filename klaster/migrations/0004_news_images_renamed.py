"""News pictures uploaded before the names were random get a random name with the extension of their checked type and
are re-encoded (klaster.uploads); the name each had is kept as its original name. Back: nothing to undo (the new names
serve as well)."""

from django.core.files.storage import storages
from django.db import migrations

from klaster.uploads import rename_stored_uploads


def forwards(apps, schema_editor):
    storage = storages["default"]
    model = apps.get_model("klaster", "NewsItem")
    alias = schema_editor.connection.alias
    for name in rename_stored_uploads(model, "image", source=storage, target=storage, using=alias):
        print(f"\n  NewsItem.image: {name} is not in the storage; its row is left as it was.")


class Migration(migrations.Migration):
    dependencies = [
        ("klaster", "0003_news_image_random_names"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
