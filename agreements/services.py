"""Workflows on the agreement, its versions, signatures and documents, and on its parties. Each is one transaction.

Each function checks again that `by` may do it (change the gmina, or be the coordinator); who did it is written to
the audit log by the request's audit middleware.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from klaster.uploads import delete_file_on_commit
from members import services as members_services
from members.access import can_change_gmina, is_coordinator
from members.models import Application, ApplicationEvent, Participant

from .models import Agreement, Annex, Document, Section, Signature, Version
from .pdf import content, kept
from .text import sections_from_text


@transaction.atomic
def resolution_save(*, gmina, form, by):
    """Save a council resolution of `gmina` from a valid ResolutionForm (a new one, or a change)."""
    if not can_change_gmina(by, gmina):
        raise PermissionDenied
    return _document_form_save(form, kind=Document.Kind.RESOLUTION, participant=gmina)


def _document_form_save(form, **fields):
    """Save a document from a valid form with `fields` set; a replaced file is removed once committed."""
    document = form.instance
    previous = Document.objects.filter(pk=document.pk).values_list("file", flat=True).first() if document.pk else ""
    document = form.save(commit=False)
    for name, value in fields.items():
        setattr(document, name, value)
    document.save()
    if previous and document.file.name != previous:
        delete_file_on_commit(document.file.storage, previous)
    return document


@transaction.atomic
def resolution_delete(*, document, by):
    if document.kind != Document.Kind.RESOLUTION or not can_change_gmina(by, document.participant):
        raise PermissionDenied
    file = document.file
    document.delete()
    delete_file_on_commit(file.storage, file.name)


# --- the coordinator's workflows on the agreement ---------------------------------------------------------------
#
# Each re-checks that `by` is a coordinator, locks the rows it decides on, and refuses an invalid state with a
# ValidationError whose Polish message the view shows; nothing is half saved.

SIGNATURE_BASES_RECORDED = (Signature.Basis.FOUNDING, Signature.Basis.ACCESSION)
PARTY_END_KINDS = {
    Participant.Status.WITHDRAWN: Document.Kind.WITHDRAWAL,
    Participant.Status.EXCLUDED: Document.Kind.EXCLUSION,
}
AGREEMENT_FIELDS = ("title", "signed_on", "signed_place", "status", "summary_pl", "summary_en")
# Council resolutions are the gminas' (resolution_save); the coordinator manages the other documents.
COORDINATOR_DOCUMENT_KINDS = (
    Document.Kind.RULES,
    Document.Kind.LETTER_OF_INTENT,
    Document.Kind.ANNEX,
    Document.Kind.ACCESSION,
    Document.Kind.WITHDRAWAL,
    Document.Kind.EXCLUSION,
    Document.Kind.OTHER,
)


def _check_coordinator(by):
    if not is_coordinator(by):
        raise PermissionDenied


def _locked_version(version):
    """`version` as the database holds it now, locked until the transaction ends."""
    try:
        return Version.objects.select_for_update(of=("self",)).select_related("annex").get(pk=version.pk)
    except Version.DoesNotExist:
        raise ValidationError(
            _("Tego projektu już nie ma: ktoś go w międzyczasie odrzucił."), code="version_gone"
        ) from None


@transaction.atomic
def agreement_update(*, agreement, data, by):
    """Change the agreement's title, date and place of signing, status and summary (AGREEMENT_FIELDS in `data`)."""
    _check_coordinator(by)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    for name in AGREEMENT_FIELDS:
        if name in data:
            setattr(agreement, name, data[name])
    in_force = Agreement.objects.filter(cluster=agreement.cluster_id, status=Agreement.Status.IN_FORCE)
    if agreement.status == Agreement.Status.IN_FORCE and in_force.exclude(pk=agreement.pk).exists():
        raise ValidationError({"status": _("W tym klastrze obowiązuje już inne porozumienie.")}, code="one_in_force")
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def annex_draft_create(
    *, agreement, number, signed_on, subject, text="", file=None, effective_on=None, change_summary="", by
):
    """An annex and the draft of the version it introduces, numbered after the last one, its text copied from the
    current published version. Refused while another draft waits (one draft at a time) or when the number of the
    annex is taken."""
    _check_coordinator(by)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    draft = agreement.versions.drafts().first()
    if draft is not None:
        raise ValidationError(
            _(
                "Projekt wersji %(number)s czeka już na publikację. Opublikuj go albo odrzuć, zanim dodasz kolejny aneks."
            ),
            code="draft_exists",
            params={"number": draft.number},
        )
    number = " ".join(number.split())
    if agreement.annexes.filter(number__iexact=number).exists():
        raise ValidationError({"number": _("Aneks nr %(number)s jest już zapisany.") % {"number": number}})
    current = agreement.current_version()
    last = agreement.versions.order_by("-number").values_list("number", flat=True).first() or 0
    try:
        with transaction.atomic():
            annex = Annex.objects.create(
                agreement=agreement, number=number, signed_on=signed_on, subject=subject, text=text, file=file or ""
            )
            version = Version.objects.create(
                agreement=agreement,
                number=last + 1,
                status=Version.Status.DRAFT,
                effective_on=effective_on,
                change_summary=change_summary,
                annex=annex,
            )
    except IntegrityError:
        raise ValidationError(
            _("Ktoś w tej chwili dodał aneks lub projekt wersji. Odśwież stronę porozumienia."), code="conflict"
        ) from None
    if current is not None:
        for section in current.sections.all():
            Section.objects.create(version=version, number=section.number, heading=section.heading, body=section.body)
    return version


@transaction.atomic
def version_text_save(*, version, text, effective_on=None, change_summary="", by):
    """Replace the text of a draft with `text` ("§ 1. Heading" lines start sections) and set its effective date and
    summary. Sections whose wording did not change are left alone, so the history shows only real changes."""
    _check_coordinator(by)
    version = _locked_version(version)
    if version.is_published:
        raise ValidationError(
            _("Ta wersja została już opublikowana; jej tekstu nie można zmienić."), code="already_published"
        )
    try:
        parsed = sections_from_text(text)
    except ValidationError as error:
        raise ValidationError({"text": error.messages}) from None
    existing = {section.number: section for section in version.sections.all()}
    for item in parsed:
        section = existing.pop(item.number, None)
        if section is None:
            Section.objects.create(version=version, number=item.number, heading=item.heading, body=item.body)
        elif (section.heading, section.body) != (item.heading, item.body):
            section.heading, section.body = item.heading, item.body
            section.save()
    for section in existing.values():
        section.delete()
    version.effective_on = effective_on
    version.change_summary = change_summary
    version.save()
    return version


def version_publish_problems(version):
    """Why the draft `version` (as stored) cannot be published yet: a list of messages, empty when it can."""
    problems = []
    if not version.sections.exists():
        problems.append(_("Projekt nie ma jeszcze treści: wpisz paragrafy i zapisz projekt."))
    if version.effective_on is None:
        problems.append(_("Podaj datę, od której wersja obowiązuje."))
    if version.number > 1 and version.annex_id is None:
        problems.append(_("Nowa wersja musi być wprowadzona aneksem."))
    previous = version.agreement.versions.published().filter(number__lt=version.number).order_by("-number").first()
    if previous is not None and version.effective_on and previous.effective_on > version.effective_on:
        problems.append(
            _("Wersja nie może obowiązywać wcześniej niż poprzednia (od %(date)s).")
            % {"date": formats.date_format(previous.effective_on, "j E Y")}
        )
    return problems


@transaction.atomic
def version_publish(*, version, by):
    """Publish a draft: it becomes the consolidated text in force. The parties keep the version they signed (each
    is bound by its latest signature) until they sign this one's annex. A second publish is refused."""
    _check_coordinator(by)
    version = _locked_version(version)
    if version.is_published:
        raise ValidationError(_("Ta wersja została już opublikowana."), code="already_published")
    problems = version_publish_problems(version)
    if problems:
        raise ValidationError(problems, code="not_ready")
    version.status = Version.Status.PUBLISHED
    version.is_placeholder = False
    version.published_at = timezone.now()
    version.save()
    return version


@transaction.atomic
def version_discard(*, version, by):
    """Throw away a draft with its sections and its annex (and the annex's scan). Published versions stay."""
    _check_coordinator(by)
    version = _locked_version(version)
    if version.is_published:
        raise ValidationError(
            _("Opublikowanej wersji nie można odrzucić: jest częścią historii porozumienia."), code="published"
        )
    annex = version.annex
    version.sections.all().delete()
    version.delete()
    if annex is not None:
        file = annex.file
        annex.delete()
        delete_file_on_commit(file.storage, file.name)


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
    _check_coordinator(by)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    version = Version.objects.select_related("agreement").get(pk=version.pk)
    _check_signable(version)
    if basis not in SIGNATURE_BASES_RECORDED:
        raise ValidationError({"basis": _("Wybierz: strona założycielska albo przystąpienie.")}, code="basis")
    if participant.cluster_id != version.agreement.cluster_id:
        raise ValidationError({"participant": _("Ten uczestnik nie należy do tego klastra.")}, code="cluster")
    if representative is not None and representative.participant_id != participant.pk:
        raise ValidationError(
            {"representative": _("Ta osoba nie reprezentuje wybranej strony. Wybierz osobę z jej funkcji.")},
            code="representative",
        )
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
    """The participants that signed `agreement` and have not left it."""
    return (
        Participant.objects.filter(signatures__version__agreement=agreement, left_on__isnull=True)
        .distinct()
        .order_by("name")
    )


@transaction.atomic
def annex_signatures_record(*, version, participants, signed_on, signed_place="", by):
    """Record that each of `participants` signed the annex that introduced the published `version`. All or none:
    a party that already signed it, or is no longer a party, refuses the whole record."""
    _check_coordinator(by)
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
    _check_coordinator(by)
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


@transaction.atomic
def document_save(*, agreement, form, by):
    """Save a document of the agreement from a valid AgreementDocumentForm (a new one, or a change)."""
    _check_coordinator(by)
    if form.cleaned_data.get("kind", form.instance.kind) not in COORDINATOR_DOCUMENT_KINDS:
        raise ValidationError({"kind": _("Uchwały rad gmin dodają gminy w swoim panelu.")}, code="kind")
    return _document_form_save(form, agreement=agreement)


@transaction.atomic
def document_delete(*, document, by):
    """Delete a document of the agreement and, once committed, its file."""
    _check_coordinator(by)
    if document.kind not in COORDINATOR_DOCUMENT_KINDS:
        raise PermissionDenied
    file = document.file
    document.delete()
    delete_file_on_commit(file.storage, file.name)


# --- accession of a new stakeholder ----------------------------------------------------------------------------------
#
# Accepting an application records an accession, so it lives here (agreements depends on members, not the reverse).


def _unique_slug(name):
    base = slugify(name)[:100] or "interesariusz"
    taken = set(Participant.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _same_organisation(fields):
    """Parties already in the register with one of the identifiers in `fields`."""
    match = Q()
    for name in ("nip", "regon", "krs"):
        if fields.get(name):
            match |= Q(**{name: fields[name]})
    return Participant.objects.filter(match) if match else Participant.objects.none()


def _accession_version(cluster, signed_on):
    agreement = Agreement.objects.current().filter(cluster=cluster).first()
    version = agreement.current_version() if agreement else None
    if version is None:
        raise ValidationError(_("Nie ma obowiązującego porozumienia, do którego można przystąpić."), code="no_version")
    if signed_on < version.effective_on:
        raise ValidationError(
            {
                "signed_on": _("Wersja %(number)s porozumienia obowiązuje od %(date)s; przystąpienie nie może być "
                               "wcześniejsze.")
                % {"number": version.number, "date": formats.date_format(version.effective_on, "j E Y")}
            },
            code="before_version",
        )  # fmt: skip
    return agreement, version


def _stakeholder_accede(*, cluster, fields, signed_on, signed_place, public_listing):
    """Create the stakeholder from validated `fields`, sign its accession to the version in force, issue its
    accession declaration PDF. Runs inside the caller's transaction."""
    agreement, version = _accession_version(cluster, signed_on)
    existing = _same_organisation(fields).first()
    if existing is not None:
        raise ValidationError(
            _("%(name)s jest już w rejestrze (%(status)s) z tym samym NIP, REGON lub KRS; nic nie zmieniono.")
            % {"name": existing.name, "status": existing.get_status_display()},
            code="duplicate",
        )
    person = fields.get("category") == Participant.Category.PERSON
    participant = Participant(
        cluster=cluster,
        kind=Participant.Kind.STAKEHOLDER,
        category=fields["category"],
        name=fields["name"],
        slug=_unique_slug(fields["name"]),
        nip=fields.get("nip", ""),
        regon=fields.get("regon", ""),
        krs=fields.get("krs", ""),
        # A natural person's home address and contacts are not the register's business.
        street="" if person else fields.get("street", ""),
        postal_code=fields.get("postal_code", ""),
        city=fields.get("city", ""),
        located_in=fields.get("gmina"),
        website=fields.get("website", ""),
        email="" if person else fields.get("email", ""),
        phone="" if person else fields.get("phone", ""),
        description=fields.get("contribution", ""),
        public_listing=public_listing,
        status=Participant.Status.ACTIVE,
        joined_on=signed_on,
    )
    participant.full_clean()
    participant.save()
    _signature_create(
        version=version,
        participant=participant,
        basis=Signature.Basis.ACCESSION,
        signed_on=signed_on,
        signed_place=signed_place,
    )
    kept.issue(content.accession_export(agreement, participant))
    return participant


@transaction.atomic
def application_accept(*, application, by, signed_on, signed_place="", base_url=None, send=True):
    """Accept an open application: the applicant becomes a party by accession to the version in force, its accession
    declaration PDF is issued, and the applicant is told. One transaction; a second decision on the same application
    (a double click, two coordinators at once) waits for the first and is refused with what happened."""
    _check_coordinator(by)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_open:
        raise ValidationError(members_services.application_already_decided_message(application), code="decided")
    fields = {field: getattr(application, field) for field in ACCESSION_FIELDS}
    participant = _stakeholder_accede(
        cluster=application.cluster,
        fields=fields,
        signed_on=signed_on,
        signed_place=signed_place,
        public_listing=application.public_listing,
    )
    application.status = Application.Status.ACCEPTED
    application.decided_at = timezone.now()
    application.decided_by = by
    application.participant = participant
    application.save(update_fields=["status", "decided_at", "decided_by", "participant", "updated_at"])
    ApplicationEvent.objects.create(application=application, status=application.status, by=by)
    if send and application.email:
        link = members_services.application_status_link(application, base_url=base_url)
        transaction.on_commit(lambda: members_services.application_notify(application=application, link=link))
    return participant


@transaction.atomic
def stakeholder_add(*, cluster, fields, signed_on, signed_place="", by):
    """The coordinator adds a stakeholder directly (no application), with the same validation as the public form."""
    _check_coordinator(by)
    return _stakeholder_accede(
        cluster=cluster,
        fields=fields,
        signed_on=signed_on,
        signed_place=signed_place,
        public_listing=fields.get("public_listing", False),
    )


ACCESSION_FIELDS = (
    "category", "name", "nip", "regon", "krs", "street", "postal_code", "city", "gmina", "website", "email", "phone",
    "contribution",
)  # fmt: skip
