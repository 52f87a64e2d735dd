"""Signatures now belong to a version of the agreement.

Each existing agreement gets version 1 (published, effective from the signing date, marked as incomplete text:
the wording was never entered) and its signatures are moved to it. An end date recorded on a signature moves to
the participant's membership, where "who was a party on day X" is answered.
"""

import django.db.models.deletion
from django.db import migrations, models


def signatures_to_versions(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    Version = apps.get_model("agreements", "Version")
    Signature = apps.get_model("agreements", "Signature")
    for agreement in Agreement.objects.all():
        signatures = Signature.objects.filter(agreement=agreement)
        first = signatures.order_by("signed_on").values_list("signed_on", flat=True).first()
        effective_on = agreement.signed_on or first
        if effective_on is None and not signatures.exists():
            continue
        version, _ = Version.objects.get_or_create(
            agreement=agreement,
            number=1,
            defaults={"status": "published", "effective_on": effective_on, "is_placeholder": True},
        )
        for signature in signatures.select_related("participant"):
            signature.version = version
            signature.save(update_fields=["version"])
            participant = signature.participant
            if signature.ended_on and participant.left_on is None:
                participant.left_on = signature.ended_on
                participant.left_reason = participant.left_reason or signature.end_reason
                participant.save(update_fields=["left_on", "left_reason"])


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0003_versions_annexes_pdfs"),
        ("members", "0002_alter_participant_emblem_accountevent_invitation"),
    ]

    operations = [
        migrations.RunPython(signatures_to_versions, migrations.RunPython.noop),
        migrations.RemoveField(model_name="signature", name="agreement"),
        migrations.RemoveField(model_name="signature", name="end_reason"),
        migrations.RemoveField(model_name="signature", name="ended_on"),
        migrations.AlterField(
            model_name="signature",
            name="version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="signatures",
                to="agreements.version",
                verbose_name="wersja porozumienia",
            ),
        ),
        migrations.AddConstraint(
            model_name="signature",
            constraint=models.UniqueConstraint(
                fields=("version", "participant"), name="agreements_signature_unique_party"
            ),
        ),
    ]
