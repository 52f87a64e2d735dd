"""The seed's summary of the 2018 agreement began with its own notice that the full text is unpublished, which the
agreement page and the PDF already give: said three times in the PDF. The notice paragraph is removed where it is
still word for word what the seed wrote (a summary the coordinator has changed is left alone)."""

from django.db import migrations

NOTICES = {
    "summary_pl": (
        "Streszczenie tego, co wiadomo publicznie; pełny tekst porozumienia i regulaminu nie został opublikowany "
        "i wprowadzi go koordynator.\n\n"
    ),
    "summary_en": (
        "A summary of what is publicly known; the full text of the agreement and of the rules has not been "
        "published and will be entered by the coordinator.\n\n"
    ),
}


def remove_notice(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    for agreement in Agreement.objects.all():
        changed = []
        for field, notice in NOTICES.items():
            value = getattr(agreement, field) or ""
            if value.startswith(notice):
                setattr(agreement, field, value.removeprefix(notice))
                changed.append(field)
        if changed:
            agreement.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0009_uploads_moved_and_renamed")]

    operations = [migrations.RunPython(remove_notice, migrations.RunPython.noop)]
