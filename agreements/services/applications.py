"""The decision on an application to join, and the accession of a new stakeholder: starting the review, rejecting,
accepting (an accession to the agreement), or the coordinator adding a stakeholder directly. The decision lives here
because acceptance is an accession (agreements depends on members, not the reverse); submitting an application and
telling the applicant where it stands are members.services.applications'.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from members import services as members_services
from members.models import Application, ApplicationEvent, Participant

from ..models import Agreement, Signature
from ..pdf import content, kept
from .access import check_coordinator
from .signatures import _signature_create


def _application_locked(application):
    """The application re-read under a row lock: a decision is taken on what is in the database now."""
    return Application.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def application_start_review(*, application, by):
    check_coordinator(by)
    application = _application_locked(application)
    if application.status != Application.Status.RECEIVED:
        return application
    application.status = Application.Status.UNDER_REVIEW
    application.save(update_fields=["status", "updated_at"])
    ApplicationEvent.objects.create(application=application, status=application.status, by=by)
    return application


@transaction.atomic
def application_reject(*, application, reason, by, base_url=None, send=True):
    """Reject an open application with a reason the applicant will read. A decided application stays as decided:
    a second coordinator deciding at the same moment gets a ValidationError saying what happened."""
    check_coordinator(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Podaj uzasadnienie odrzucenia; wnioskodawca je zobaczy."))
    application = _application_locked(application)
    if not application.is_open:
        raise ValidationError(application_already_decided_message(application))
    application.status = Application.Status.REJECTED
    application.decided_at = timezone.now()
    application.decided_by = by
    application.decision_reason = reason
    application.save(update_fields=["status", "decided_at", "decided_by", "decision_reason", "updated_at"])
    ApplicationEvent.objects.create(application=application, status=application.status, by=by, note=reason)
    if send and application.email:
        link = members_services.application_status_link(application, base_url=base_url)
        transaction.on_commit(lambda: members_services.application_notify(application=application, link=link))
    return application


def application_already_decided_message(application):
    """What a coordinator deciding an application already decided is told."""
    return _("Ten wniosek został już rozstrzygnięty (%(status)s, %(when)s); nic nie zmieniono.") % {
        "status": application.get_status_display(),
        "when": timezone.localtime(application.decided_at).strftime("%d.%m.%Y %H:%M") if application.decided_at else "",
    }


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


def _stakeholder_accede(*, cluster, fields, signed_on, signed_place, public_listing, base_url=None):
    """Create the stakeholder from validated `fields`, sign its accession to the version in force, issue its
    accession declaration PDF (its verification address at `base_url`, else SITE_URL). Runs inside the caller's
    transaction."""
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
        slug=Participant.objects.free_slug(fields["name"]),
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
    kept.issue(content.accession_export(agreement, participant, base_url=base_url))
    return participant


@transaction.atomic
def application_accept(*, application, by, signed_on, signed_place="", base_url=None, send=True):
    """Accept an open application: the applicant becomes a party by accession to the version in force, its accession
    declaration PDF is issued, and the applicant is told. One transaction; a second decision on the same application
    (a double click, two coordinators at once) waits for the first and is refused with what happened."""
    check_coordinator(by)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_open:
        raise ValidationError(application_already_decided_message(application), code="decided")
    fields = {field: getattr(application, field) for field in ACCESSION_FIELDS}
    participant = _stakeholder_accede(
        cluster=application.cluster,
        fields=fields,
        signed_on=signed_on,
        signed_place=signed_place,
        public_listing=application.public_listing,
        base_url=base_url,
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
def stakeholder_add(*, cluster, fields, signed_on, signed_place="", by, base_url=None):
    """The coordinator adds a stakeholder directly (no application), with the same validation as the public form."""
    check_coordinator(by)
    return _stakeholder_accede(
        cluster=cluster,
        fields=fields,
        signed_on=signed_on,
        signed_place=signed_place,
        public_listing=fields.get("public_listing", False),
        base_url=base_url,
    )


ACCESSION_FIELDS = (
    "category", "name", "nip", "regon", "krs", "street", "postal_code", "city", "gmina", "website", "email", "phone",
    "contribution",
)  # fmt: skip
