"""The agreement and its versions: its facts, an annex with the draft of the version it introduces, the draft's
text, publishing it, discarding it.

Each re-checks that `by` is a coordinator, locks the rows it decides on, and refuses an invalid state with a
ValidationError whose Polish message the view shows; nothing is half saved.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from klaster.uploads import delete_file_on_commit

from ..models import Agreement, Annex, Section, Version
from ..text import sections_from_text
from .access import check_coordinator

AGREEMENT_FIELDS = ("title", "signed_on", "signed_place", "status", "summary_pl", "summary_en")


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
    check_coordinator(by)
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
    check_coordinator(by)
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
    check_coordinator(by)
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
    check_coordinator(by)
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
    check_coordinator(by)
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
