"""Signatures and the parties: a founding signature or an accession, the parties' signatures of an annex, and the
end of a party's membership (withdrawal or exclusion). Each re-checks that `by` is a coordinator and locks the
participants it decides on."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

from members.models import Participant

from ..models import Document, Signature, Version
from .access import check_coordinator

SIGNATURE_BASES_RECORDED = (Signature.Basis.FOUNDING, Signature.Basis.ACCESSION)
PARTY_END_KINDS = {
    Participant.Status.WITHDRAWN: Document.Kind.WITHDRAWAL,
    Participant.Status.EXCLUDED: Document.Kind.EXCLUSION,
}


def _check_representative(participant, representative, signed_on):
    """`representative` (a Role, or None) represents `participant` and held the function on `signed_on`."""
    if representative is None:
        return
    if representative.participant_id != participant.pk or not representative.is_representative:
        raise ValidationError(
            {"representative": _("Ta osoba nie reprezentuje wybranej strony. Wybierz osobę z jej funkcji.")},
            code="representative",
        )
    if not representative.covers(signed_on):
        raise ValidationError(
            {"representative": _("Ta osoba nie pełniła tej funkcji w dniu podpisania. Sprawdź datę albo osobę.")},
            code="representative_dates",
        )


@transaction.atomic
def signature_representative_set(*, signature, representative, by):
    """Say who signed for the party on a recorded signature (or that it is not known: None). The founding
    signatures were recorded before anyone knew who signed; the coordinator fills that in afterwards."""
    check_coordinator(by)
    signature = Signature.objects.select_for_update().select_related("participant").get(pk=signature.pk)
    _check_representative(signature.participant, representative, signature.signed_on)
    signature.representative = representative
    signature.save(update_fields=["representative"])
    return signature


def _has_signed(version, participant):
    return Signature.objects.filter(version=version, participant=participant).exists()


def _signature_create(*, version, participant, basis, signed_on, signed_place="", representative=None, scan=None):
    """One signature, in a savepoint: a duplicate (also one written at the same moment) is a ValidationError."""
    refusal = ValidationError(
        {
            "participant": _("%(party)s ma już zapisany podpis wersji %(number)s.")
            % {"party": participant.name, "number": version.number}
        },
        code="duplicate",
    )
    if _has_signed(version, participant):
        raise refusal
    try:
        with transaction.atomic():
            return Signature.objects.create(
                version=version,
                participant=participant,
                basis=basis,
                signed_on=signed_on,
                signed_place=signed_place,
                representative=representative,
                scan=scan or "",
            )
    except IntegrityError:
        raise refusal from None


def _check_signable(version):
    if not version.is_published:
        raise ValidationError(
            {"version": _("Podpisać można tylko opublikowaną wersję porozumienia.")}, code="not_published"
        )


@transaction.atomic
def signature_record(*, version, participant, basis, signed_on, signed_place="", representative=None, scan=None, by):
    """Record that `participant` signed `version`, as a founding party or by accession. A party that had not joined
    yet joins on that day."""
    check_coordinator(by)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    version = Version.objects.select_related("agreement").get(pk=version.pk)
    _check_signable(version)
    if basis not in SIGNATURE_BASES_RECORDED:
        raise ValidationError({"basis": _("Wybierz: strona założycielska albo przystąpienie.")}, code="basis")
    if participant.cluster_id != version.agreement.cluster_id:
        raise ValidationError({"participant": _("Ten uczestnik nie należy do tego klastra.")}, code="cluster")
    _check_representative(participant, representative, signed_on)
    if participant.left_on is not None and signed_on > participant.left_on:
        raise ValidationError(
            {
                "signed_on": _("Członkostwo tej strony zakończyło się %(date)s; podpis nie może być późniejszy.")
                % {"date": formats.date_format(participant.left_on, "j E Y")}
            },
            code="ended",
        )
    signature = _signature_create(
        version=version,
        participant=participant,
        basis=basis,
        signed_on=signed_on,
        signed_place=signed_place,
        representative=representative,
        scan=scan,
    )
    if participant.joined_on is None:
        participant.joined_on = signed_on
        participant.status = Participant.Status.ACTIVE
        participant.save()
    return signature


def current_parties(agreement):
    """The parties of `agreement` today (Agreement.party_participants: signed or acceded, and not left), by name."""
    return agreement.party_participants().order_by("name")


@transaction.atomic
def annex_signatures_record(*, version, participants, signed_on, signed_place="", by):
    """Record that each of `participants` signed the annex that introduced the published `version`. All or none:
    a party that already signed it, or is no longer a party, refuses the whole record."""
    check_coordinator(by)
    version = Version.objects.select_related("agreement", "annex").get(pk=version.pk)
    _check_signable(version)
    if version.annex is None:
        raise ValidationError(
            _("Ta wersja nie została wprowadzona aneksem; podpisy stron zapisz jako założycielskie lub przystąpienia."),
            code="no_annex",
        )
    if not participants:
        raise ValidationError({"participants": _("Zaznacz strony, które podpisały aneks.")}, code="required")
    pks = sorted(participant.pk for participant in participants)
    locked = list(Participant.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
    parties = set(current_parties(version.agreement).filter(pk__in=pks).values_list("pk", flat=True))
    outsiders = [participant.name for participant in locked if participant.pk not in parties]
    if outsiders:
        raise ValidationError(
            {"participants": _("Nie są obecnie stronami porozumienia: %(names)s.") % {"names": ", ".join(outsiders)}},
            code="not_party",
        )
    signatures = []
    for participant in locked:
        try:
            signatures.append(
                _signature_create(
                    version=version,
                    participant=participant,
                    basis=Signature.Basis.ANNEX,
                    signed_on=signed_on,
                    signed_place=signed_place,
                )
            )
        except ValidationError as error:
            raise ValidationError({"participants": error.message_dict["participant"]}, code="duplicate") from None
    return signatures


@transaction.atomic
def party_end(*, agreement, participant, status, left_on, reason, document_number="", document_file=None, by):
    """End a party's membership: withdrawal (wystąpienie) or exclusion (wykluczenie), from `left_on`, with the
    reason and the document that says so. Its signatures stay: the record of who was bound when does not change."""
    check_coordinator(by)
    if status not in PARTY_END_KINDS:
        raise ValidationError({"status": _("Wybierz: wystąpienie albo wykluczenie.")}, code="status")
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.left_on is not None or participant.status in PARTY_END_KINDS:
        raise ValidationError(
            _("Członkostwo strony %(party)s już się zakończyło.") % {"party": participant.name}, code="already_ended"
        )
    if not Signature.objects.filter(version__agreement=agreement, participant=participant).exists():
        raise ValidationError(
            _("%(party)s nie podpisał(a) porozumienia.") % {"party": participant.name}, code="not_party"
        )
    if participant.joined_on is not None and left_on < participant.joined_on:
        raise ValidationError(
            {
                "left_on": _("Członkostwo nie może skończyć się przed przystąpieniem (%(date)s).")
                % {"date": formats.date_format(participant.joined_on, "j E Y")}
            },
            code="before_joined",
        )
    participant.status = status
    participant.left_on = left_on
    participant.left_reason = reason
    participant.save()
    kind = PARTY_END_KINDS[status]
    with translation.override("pl"):  # the record is kept in Polish, whichever language the coordinator uses
        title = f"{str(Document.Kind(kind).label).capitalize()}: {participant.name}"
    document = Document.objects.create(
        kind=kind,
        participant=participant,
        agreement=agreement,
        number=document_number,
        date=left_on,
        title=title,
        file=document_file or "",
    )
    return participant, document
