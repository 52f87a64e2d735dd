"""The cluster agreement: its versions (numbered sections), the annexes that introduce them, who signed which
version, the documents of the agreement, and the PDFs the portal has issued.

A party is bound by the latest version it signed (founding, by accession, or by signing an annex); its membership
in time (joined, withdrawn or excluded, with a reason) lives on the participant, so "who was a party on day X"
stays one query there.
"""

from dataclasses import dataclass

from auditlog.registry import auditlog
from django.db import models
from django.db.models import Case, Min, Q, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from klaster.storage import ConfiguredStorage
from klaster.uploads import UploadField, original_name_field, validate_pdf
from members.models import Cluster, Participant, Role


class AgreementQuerySet(models.QuerySet):
    def current(self):
        """The agreement in force for a cluster (one per cluster today)."""
        return self.filter(status=Agreement.Status.IN_FORCE).select_related("cluster")


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("projekt")
        IN_FORCE = "in_force", _("obowiązuje")
        TERMINATED = "terminated", _("rozwiązane")

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("klaster"))
    title = models.CharField(_("tytuł"), max_length=400)
    slug = models.SlugField(_("identyfikator w adresie"), max_length=100, unique=True)
    signed_on = models.DateField(_("data podpisania"), null=True, blank=True)
    signed_place = models.CharField(_("miejsce podpisania"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(
        _("streszczenie"),
        blank=True,
        help_text=_("Co wiadomo o porozumieniu; pełny tekst wprowadza koordynator."),
    )
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("porozumienie")
        verbose_name_plural = _("porozumienia")
        ordering = ["-signed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster"], condition=Q(status="in_force"), name="agreements_agreement_one_in_force"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def signatures(self):
        return Signature.objects.filter(version__agreement=self)

    def signatures_for_display(self):
        return self.signatures.select_related("participant", "representative__person", "version").order_by(
            "signed_on", "participant__kind", "participant__name"
        )

    def current_version(self):
        """The latest published version: the consolidated text in force."""
        return self.versions.published().order_by("-number").first()

    def party_participants(self, day=None, *, listed_only=False):
        """The parties of this agreement on `day` (today by default): ParticipantQuerySet.agreement_parties, the one
        definition (signed as a founding party or acceded, and not left). `listed_only`: only those a visitor may see
        named (ParticipantQuerySet.listed), as every page and PDF for the public shows them."""
        participants = Participant.objects.filter(cluster_id=self.cluster_id).agreement_parties(day)
        return participants.listed() if listed_only else participants

    def parties(self, day=None, *, listed_only=False):
        """The parties (party_participants), in order of joining, as `Party` rows: how each joined (founding or
        accession, when, where, represented by whom), the latest version it signed (the one it is bound by), and
        whether its membership ends. One query whatever the number of parties."""
        signatures = list(
            self.signatures.filter(participant__in=self.party_participants(day, listed_only=listed_only))
            .select_related("participant", "representative__person", "version")
            .order_by("signed_on", "version__number", "pk")
        )
        by_party = {}
        for signature in signatures:
            by_party.setdefault(signature.participant_id, []).append(signature)
        parties = [Party(signatures=tuple(group)) for group in by_party.values()]
        return sorted(parties, key=lambda p: (p.joined.signed_on, p.participant.kind != "gmina", p.participant.name))

    def party_list(self, *, listed_only=False):
        """The parties as parties() orders them, read a page at a time (PartyList): for a Paginator."""
        return PartyList(self, listed_only=listed_only)


class PartyList:
    """An agreement's parties (Agreement.party_participants) in order of joining (the day of the founding or accession
    signature, gminas first, then by name), for a Paginator: count() and each slice cost a constant number of queries,
    whatever the number of parties; a slice reads only its parties' signatures and gives `Party` rows as
    Agreement.parties() does. `listed_only`: the list for the public (`not_listed` then counts those left out)."""

    def __init__(self, agreement, *, listed_only=False):
        self.agreement = agreement
        self.listed_only = listed_only

    def _participants(self):
        return self.agreement.party_participants(listed_only=self.listed_only)

    def _ordered(self):
        of_agreement = Q(signatures__version__agreement=self.agreement)
        joined_by = of_agreement & Q(
            signatures__basis__in=[b for b in Signature.Basis.values if b != Signature.Basis.ANNEX]
        )
        return (
            self._participants()
            .annotate(
                party_joined_on=Coalesce(
                    Min("signatures__signed_on", filter=joined_by), Min("signatures__signed_on", filter=of_agreement)
                ),
                party_not_gmina=Case(When(kind=Participant.Kind.GMINA, then=0), default=1),
            )
            .order_by("party_joined_on", "party_not_gmina", "name", "pk")
        )

    def count(self):
        return self._participants().count()

    def not_listed(self):
        """How many parties the list for the public leaves out: those a visitor may not see named (one query)."""
        return self.agreement.party_participants().not_listed().count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = list(self._ordered().values_list("pk", flat=True)[index])
        by_party = {pk: [] for pk in ids}
        signatures = self.agreement.signatures.filter(participant_id__in=ids).select_related(
            "participant", "representative__person", "version"
        )
        for signature in signatures.order_by("signed_on", "version__number", "pk"):
            by_party[signature.participant_id].append(signature)
        return [Party(signatures=tuple(group)) for group in by_party.values() if group]


@dataclass(frozen=True)
class Party:
    """One party of an agreement with its signatures, oldest first (see Agreement.parties)."""

    signatures: tuple

    @property
    def participant(self):
        return self.signatures[0].participant

    @property
    def joined(self):
        """The signature that made it a party: founding or accession (else its first)."""
        for signature in self.signatures:
            if signature.basis != Signature.Basis.ANNEX:
                return signature
        return self.signatures[0]

    @property
    def bound_version(self):
        """The latest version this party signed."""
        return max((s.version for s in self.signatures), key=lambda v: v.number)

    @property
    def has_ended(self):
        return self.participant.left_on is not None

    def is_bound_by(self, version):
        return self.bound_version.pk == version.pk


def private_storage():
    """Files served only by views that check who may read them (agreements/files.py), never from /media/: uploads
    of the agreement and the kept PDFs. The storage the settings name "private", looked up on each use."""
    return ConfiguredStorage("private")


class Annex(models.Model):
    """A written change to the agreement (aneks); a published annex introduces a new version."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="annexes", verbose_name=_("porozumienie")
    )
    number = models.CharField(_("numer aneksu"), max_length=50)
    signed_on = models.DateField(_("data aneksu"))
    subject = models.CharField(_("przedmiot aneksu"), max_length=500)
    text = models.TextField(_("treść aneksu"), blank=True, help_text=_("Markdown: akapity, listy, wyróżnienia."))
    file = UploadField(
        _("skan podpisanego aneksu (PDF)"),
        upload_to="annexes/%Y/",
        storage=private_storage,
        blank=True,
        validators=[validate_pdf],
    )
    file_original_name = original_name_field()
    created_at = models.DateTimeField(_("dodano"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    class Meta:
        verbose_name = _("aneks")
        verbose_name_plural = _("aneksy")
        ordering = ["signed_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreements_annex_unique_number"),
        ]

    def __str__(self):
        return _("Aneks nr %(number)s") % {"number": self.number}

    @property
    def file_is_public(self):
        """The scan is public once the version the annex introduces is published (agreements/files.py)."""
        version = getattr(self, "version", None)
        return version is not None and version.is_published


class VersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Version.Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Version.Status.DRAFT)


class Version(models.Model):
    """One wording of the agreement. Version 1 is the signed text; each later one comes from an annex."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("projekt")
        PUBLISHED = "published", _("opublikowana")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="versions", verbose_name=_("porozumienie")
    )
    number = models.PositiveSmallIntegerField(_("numer wersji"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    effective_on = models.DateField(_("obowiązuje od"), null=True, blank=True)
    change_summary = models.TextField(_("co się zmieniło"), blank=True)
    is_placeholder = models.BooleanField(
        _("tekst niepełny"),
        default=False,
        help_text=_("Zaznaczone, gdy wersja nie zawiera pełnej treści porozumienia, a jedynie to, co o niej wiadomo."),
    )
    annex = models.OneToOneField(
        Annex,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="version",
        verbose_name=_("wprowadzona aneksem"),
    )
    published_at = models.DateTimeField(_("opublikowano"), null=True, blank=True)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("wersja porozumienia")
        verbose_name_plural = _("wersje porozumienia")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreements_version_unique_number"),
            models.UniqueConstraint(
                fields=["agreement"], condition=Q(status="draft"), name="agreements_version_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(effective_on__isnull=False),
                name="agreements_version_published_has_date",
            ),
        ]

    def __str__(self):
        return _("%(agreement)s, wersja %(number)s") % {"agreement": self.agreement, "number": self.number}

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class Section(models.Model):
    """A numbered paragraph (§) of one version; the body is a safe subset of Markdown."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="sections", verbose_name=_("wersja"))
    number = models.PositiveSmallIntegerField(_("numer paragrafu"))
    heading = models.CharField(_("tytuł paragrafu"), max_length=300, blank=True)
    body = models.TextField(_("treść"), help_text=_("Markdown: akapity, listy numerowane, wyróżnienia."))

    class Meta:
        verbose_name = _("paragraf")
        verbose_name_plural = _("paragrafy")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="agreements_section_unique_number"),
        ]

    def __str__(self):
        return f"§ {self.number}" + (f". {self.heading}" if self.heading else "")


class Signature(models.Model):
    class Basis(models.TextChoices):
        FOUNDING = "founding", _("strona założycielska")
        ACCESSION = "accession", _("przystąpienie")
        ANNEX = "annex", _("podpisanie aneksu")

    version = models.ForeignKey(
        Version, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("wersja porozumienia")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("strona")
    )
    basis = models.CharField(_("podstawa"), max_length=20, choices=Basis.choices)
    signed_on = models.DateField(_("data podpisania"))
    signed_place = models.CharField(_("miejsce podpisania"), max_length=200, blank=True)
    representative = models.ForeignKey(
        Role,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name=_("reprezentowany przez"),
    )
    scan = UploadField(
        _("skan podpisanej strony (PDF)"),
        upload_to="signatures/%Y/",
        storage=private_storage,
        blank=True,
        validators=[validate_pdf],
    )
    scan_original_name = original_name_field()
    created_at = models.DateTimeField(_("dodano"), auto_now_add=True)

    class Meta:
        verbose_name = _("podpis")
        verbose_name_plural = _("podpisy")
        ordering = ["signed_on", "participant__name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "participant"], name="agreements_signature_unique_party"),
        ]

    def __str__(self):
        return f"{self.participant} – {self.version}"


class DocumentQuerySet(models.QuerySet):
    def resolutions(self):
        return self.filter(kind=Document.Kind.RESOLUTION)

    def public(self):
        """The documents whose files are for anyone (Document.PUBLIC_FILE_KINDS, the rule of agreements/files.py)."""
        return self.filter(kind__in=Document.PUBLIC_FILE_KINDS)

    def public_resolutions_of(self, gmina):
        """The council resolutions of `gmina` a visitor may read, newest first, as the gmina's public page lists them."""
        return self.resolutions().public().filter(participant=gmina).order_by("-date", "-pk")


class Document(models.Model):
    """A document of the agreement or of a party: rules, letter of intent, declarations, council resolutions."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("porozumienie")
        RULES = "rules", _("regulamin")
        ANNEX = "annex", _("aneks")
        ACCESSION = "accession", _("deklaracja przystąpienia")
        RESOLUTION = "resolution", _("uchwała rady gminy")
        LETTER_OF_INTENT = "letter_of_intent", _("list intencyjny")
        WITHDRAWAL = "withdrawal", _("oświadczenie o wystąpieniu")
        EXCLUSION = "exclusion", _("uchwała o wykluczeniu")
        OTHER = "other", _("inny dokument")

    PUBLIC_FILE_KINDS = frozenset({Kind.AGREEMENT, Kind.RULES, Kind.ANNEX, Kind.RESOLUTION, Kind.LETTER_OF_INTENT})

    kind = models.CharField(_("rodzaj"), max_length=30, choices=Kind.choices)
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("strona"),
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("porozumienie"),
    )
    number = models.CharField(_("numer"), max_length=100, blank=True)
    date = models.DateField(_("data"))
    title = models.CharField(_("tytuł"), max_length=500)
    url = models.URLField(_("adres w BIP lub w sieci"), blank=True)
    file = UploadField(
        _("plik PDF"), upload_to="documents/%Y/", storage=private_storage, blank=True, validators=[validate_pdf]
    )
    file_original_name = original_name_field()
    created_at = models.DateTimeField(_("dodano"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenty")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "number"],
                condition=Q(kind="resolution") & ~Q(number=""),
                name="agreements_document_unique_resolution_number",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}".strip() + f": {self.title}"

    @property
    def file_is_public(self):
        """The agreement's own documents and the councils' resolutions are public; declarations, statements and
        other documents of a party may carry personal data (agreements/files.py)."""
        return self.kind in self.PUBLIC_FILE_KINDS


class IssuedPdf(models.Model):
    """A PDF the portal rendered and keeps: what it is, of which content, and the fingerprints to verify it.

    `content_sha256` identifies what was rendered (the agreement version, its parties and annexes, the language...):
    the same content is rendered once and the kept file served after. `file_sha256` is the fingerprint of the file
    itself, which the verification page compares with an uploaded copy.
    """

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("porozumienie (tekst jednolity)")
        ACCESSION = "accession", _("deklaracja przystąpienia")
        REGISTER = "register", _("rejestr członków")
        # Issued by energy (energy/report.py) through this pipeline; agreements never imports energy.
        ENERGY_REPORT = "energy_report", _("roczny raport energetyczny")

    identifier = models.CharField(_("identyfikator dokumentu"), max_length=40, unique=True)
    kind = models.CharField(_("rodzaj"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tytuł"), max_length=500)
    language = models.CharField(_("język"), max_length=10)
    subject_key = models.CharField(
        _("czego dotyczy"), max_length=200, help_text=_("Np. porozumienie i wersja, strona, dzień rejestru.")
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, null=True, blank=True, related_name="pdfs", verbose_name=_("porozumienie")
    )
    version = models.ForeignKey(
        Version, on_delete=models.PROTECT, null=True, blank=True, related_name="pdfs", verbose_name=_("wersja")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="pdfs", verbose_name=_("strona")
    )
    as_of = models.DateField(_("stan na dzień"), null=True, blank=True)
    content_sha256 = models.CharField(_("odcisk treści (SHA-256)"), max_length=64)
    file_sha256 = models.CharField(_("odcisk pliku (SHA-256)"), max_length=64, unique=True)
    file = models.FileField(_("plik"), upload_to="pdf/", storage=private_storage)
    size = models.PositiveIntegerField(_("rozmiar w bajtach"))
    issued_at = models.DateTimeField(_("wydano"))

    class Meta:
        verbose_name = _("wydany dokument PDF")
        verbose_name_plural = _("wydane dokumenty PDF")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "content_sha256"], name="agreements_issuedpdf_unique_content"),
        ]

    def __str__(self):
        return f"{self.identifier}: {self.title}"


auditlog.register(Agreement)
auditlog.register(Annex)
auditlog.register(Version)
auditlog.register(Section)
auditlog.register(Signature)
auditlog.register(Document)
