"""The parties to the agreement (gminas, the coordinating association, stakeholders) and the addresses they had."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klaster import identifiers
from klaster.slugs import slugify, unique_slug
from klaster.uploads import UploadImageField, original_name_field, validate_image

from .cluster import Cluster

SLUG_MAX_LENGTH = 120


# What a visitor may see of a party or of a person, in one place, for every page, PDF, sitemap, feed and export for
# the public (the test klaster/tests/test_privacy.py walks all of them with a natural person who consented to nothing):
# - a party is named (listed) when it is a gmina or the coordinator, or a stakeholder that consented to the public
#   listing (`public_listing`); a natural person (category "osoba fizyczna") is a stakeholder like any other;
# - a party that is not listed is left out of every list for the public, which may say how many were left out (as the
#   PDFs do: "strony, które nie zgodziły się na publikację danych"); where a page must say who it is (the
#   organisation of a speaker, an organiser of an event) it shows only its category (`public_name`: "osoba fizyczna");
# - public (its own page, links to it): listed, and a party now (status active);
# - a person (members.Person) is named only in a function of a listed party or of an organisation outside the cluster
#   (RoleQuerySet.public, Role.is_public), and their e-mail and phone only with their consent (Person.public_email).
# The queryset methods and the properties below say the same; tests compare them.

# The bases of a signature (agreements.Signature.Basis) that make a party of the agreement: founding and accession,
# not the signature of an annex. members is a leaf and does not import agreements; the values are the same.
PARTY_SIGNATURE_BASES = ("founding", "accession")
# The agreement whose signatures count: the one in force (agreements.Agreement.Status.IN_FORCE; one per cluster).
AGREEMENT_IN_FORCE = "in_force"


def _listed():
    return ~Q(kind=Participant.Kind.STAKEHOLDER) | Q(public_listing=True)


def _signed_by(day):
    """The parties that signed the agreement in force as a founding party or acceded to it on or before `day`."""
    signed = Participant.objects.filter(
        signatures__basis__in=PARTY_SIGNATURE_BASES,
        signatures__signed_on__lte=day,
        signatures__version__agreement__status=AGREEMENT_IN_FORCE,
    )
    return Q(pk__in=signed.values("pk"))


def _agreement_party_on(day):
    return _signed_by(day) & ~Q(left_on__lte=day)


class ParticipantQuerySet(models.QuerySet):
    def listed(self):
        """The parties a visitor may see named (whatever their status): gminas, the coordinator, consenting
        stakeholders. The register of a past day lists these."""
        return self.filter(_listed())

    def not_listed(self):
        """The parties a visitor may not see named: left out of every list for the public (only counted)."""
        return self.exclude(_listed())

    def public(self):
        """Current parties a visitor may see: gminas, the coordinator, and consenting stakeholders."""
        return self.filter(status=Participant.Status.ACTIVE).filter(_listed())

    def gminas(self):
        return self.filter(kind=Participant.Kind.GMINA)

    def stakeholders(self):
        return self.filter(kind=Participant.Kind.STAKEHOLDER)

    def directory(self):
        """The public stakeholder directory, with what its rows show."""
        return self.public().stakeholders().select_related("located_in").order_by("name")

    def agreement_parties(self, day=None):
        """THE parties of the agreement on `day` (today by default), the one definition every list of parties uses
        (the panel's register, the agreement's pages, the PDFs): who signed the agreement in force as a founding party
        or acceded to it on or before that day, and had not left by then (withdrawn or excluded: `left_on`). The
        register may also hold entries that are not parties yet (`register_on`, `with_party_flag`)."""
        return self.filter(_agreement_party_on(day or timezone.localdate()))

    def with_party_flag(self, day=None):
        """These parties, each with `is_agreement_party`: whether it is a party of the agreement on `day`
        (agreement_parties), in the same query."""
        party = _agreement_party_on(day or timezone.localdate())
        return self.annotate(
            is_agreement_party=models.Case(
                models.When(party, then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )

    def register_on(self, day):
        """The entries of the register on `day`: a party of the agreement then (agreement_parties), or an entry that
        joined on or before that day by the register's own dates and had not left, though it has not signed (not a
        party yet: the panel's register shows it as such)."""
        registered = Q(joined_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))
        return self.filter(registered | _agreement_party_on(day))

    def membership_since(self, day):
        """The last day on or before `day` on which the parties of the agreement among these changed (one signed as a
        founding party, acceded or left), or None when none had signed by then: from that day until the next change,
        `agreement_parties` gives the same answer. The register PDF of any day of such a period is one and the same
        document."""
        signed = Q(
            signatures__basis__in=PARTY_SIGNATURE_BASES, signatures__version__agreement__status=AGREEMENT_IN_FORCE
        )
        joined = self.aggregate(
            joined=models.Max("signatures__signed_on", filter=signed & Q(signatures__signed_on__lte=day))
        )["joined"]
        if joined is None:
            return None
        left = self.filter(_signed_by(day)).aggregate(left=models.Max("left_on", filter=Q(left_on__lte=day)))["left"]
        return max(change for change in (joined, left) if change)

    def free_slug(self, name):
        """A slug for a new party called `name` that no party has now or had before (klaster.slugs)."""
        base = slugify(name, max_length=SLUG_MAX_LENGTH - 6)
        taken = set(Participant.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        taken |= set(PreviousSlug.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        return unique_slug(name, taken, max_length=SLUG_MAX_LENGTH)


class Participant(models.Model):
    """A party to the cluster agreement: a gmina, the coordinating association or a stakeholder."""

    class Kind(models.TextChoices):
        GMINA = "gmina", _("gmina")
        COORDINATOR = "coordinator", _("koordynator")
        STAKEHOLDER = "stakeholder", _("interesariusz")

    class Category(models.TextChoices):
        JST = "jst", _("gmina lub inna jednostka samorządu terytorialnego")
        JST_COMPANY = "jst_company", _("spółka z udziałem jednostki samorządu")
        COMPANY = "company", _("przedsiębiorstwo")
        COOPERATIVE = "cooperative", _("spółdzielnia")
        NGO = "ngo", _("stowarzyszenie lub fundacja")
        SCIENCE = "science", _("jednostka naukowa lub uczelnia")
        RESEARCH_INSTITUTE = "research_institute", _("instytut badawczy")
        PERSON = "person", _("osoba fizyczna")
        ENERGY_COMPANY = "energy_company", _("przedsiębiorstwo energetyczne lub OSD")

    class Status(models.TextChoices):
        APPLIED = "applied", _("złożył wniosek")
        ACTIVE = "active", _("członek")
        WITHDRAWN = "withdrawn", _("wystąpił")
        EXCLUDED = "excluded", _("wykluczony")

    class GminaKind(models.TextChoices):
        RURAL = "rural", _("gmina wiejska")
        URBAN = "urban", _("gmina miejska")
        MIXED = "urban_rural", _("gmina miejsko-wiejska")

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="participants", verbose_name=_("klaster")
    )
    kind = models.CharField(_("rodzaj"), max_length=20, choices=Kind.choices)
    category = models.CharField(_("kategoria"), max_length=30, choices=Category.choices)
    name = models.CharField(_("nazwa"), max_length=300)
    short_name = models.CharField(_("nazwa skrócona"), max_length=120, blank=True)
    slug = models.SlugField(_("identyfikator w adresie"), max_length=SLUG_MAX_LENGTH, unique=True)

    nip = identifiers.NIPField(_("NIP"))
    regon = identifiers.REGONField(_("REGON"))
    krs = identifiers.KRSField(_("KRS"))
    teryt = identifiers.TERYTField(_("kod TERYT"))

    street = models.CharField(_("ulica i numer"), max_length=200, blank=True)
    postal_code = models.CharField(_("kod pocztowy"), max_length=6, blank=True)
    city = models.CharField(_("miejscowość"), max_length=120, blank=True)
    located_in = models.ForeignKey(
        "self",
        verbose_name=_("gmina"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": Kind.GMINA},
        related_name="located_here",
    )
    website = models.URLField(_("strona internetowa"), blank=True)
    email = models.EmailField(_("adres e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    description = models.TextField(_("opis"), blank=True)
    emblem = UploadImageField(_("herb lub logo"), upload_to="participants/", blank=True, validators=[validate_image])
    emblem_original_name = original_name_field()
    emblem_alt = models.CharField(_("tekst alternatywny herbu lub logo"), max_length=300, blank=True)
    public_listing = models.BooleanField(
        _("zgoda na publikację w katalogu"),
        default=False,
        help_text=_("Interesariusz zgodził się na pokazanie go w publicznym katalogu."),
    )

    # Facts of a gmina (empty for other parties).
    powiat = models.CharField(_("powiat"), max_length=100, blank=True)
    voivodeship = models.CharField(_("województwo"), max_length=100, blank=True)
    gmina_kind = models.CharField(_("rodzaj gminy"), max_length=20, choices=GminaKind.choices, blank=True)
    area_km2 = models.DecimalField(_("powierzchnia (km²)"), max_digits=8, decimal_places=2, null=True, blank=True)
    population = models.PositiveIntegerField(_("liczba ludności"), null=True, blank=True)
    population_date = models.DateField(_("stan ludności na dzień"), null=True, blank=True)
    bip_url = models.URLField(_("Biuletyn Informacji Publicznej"), blank=True)

    # Membership in time.
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.APPLIED)
    joined_on = models.DateField(_("data przystąpienia"), null=True, blank=True)
    left_on = models.DateField(_("data zakończenia członkostwa"), null=True, blank=True)
    left_reason = models.TextField(_("powód zakończenia członkostwa"), blank=True)

    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("uczestnik klastra")
        verbose_name_plural = _("uczestnicy klastra")
        ordering = ["name"]
        # Lists in order of name (the directory, the register) read one page of the index, not every party sorted.
        indexes = [models.Index(fields=["name"], name="members_participant_name_idx")]
        constraints = [
            models.UniqueConstraint(fields=["nip"], condition=~Q(nip=""), name="members_participant_unique_nip"),
            models.UniqueConstraint(fields=["regon"], condition=~Q(regon=""), name="members_participant_unique_regon"),
            models.UniqueConstraint(fields=["krs"], condition=~Q(krs=""), name="members_participant_unique_krs"),
            models.UniqueConstraint(fields=["teryt"], condition=~Q(teryt=""), name="members_participant_unique_teryt"),
            models.UniqueConstraint(
                fields=["cluster"],
                condition=Q(kind="coordinator"),
                name="members_participant_one_coordinator",
            ),
            models.CheckConstraint(
                condition=~Q(kind="gmina") | (Q(category="jst") & ~Q(teryt="")),
                name="members_participant_gmina_has_teryt",
            ),
            models.CheckConstraint(
                condition=Q(kind="gmina") | Q(teryt=""),
                name="members_participant_teryt_only_gmina",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(joined_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="members_participant_left_after_joined",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        if self.kind == self.Kind.GMINA:
            return reverse("members:gmina", kwargs={"slug": self.slug})
        if self.kind == self.Kind.COORDINATOR:
            return reverse("members:coordinator")
        return reverse("members:stakeholder", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.kind == self.Kind.GMINA:
            if self.category != self.Category.JST:
                errors["category"] = _("Gmina należy do kategorii jednostek samorządu terytorialnego.")
            if not self.teryt:
                errors["teryt"] = _("Podaj kod TERYT gminy.")
        elif self.teryt:
            errors["teryt"] = _("Kod TERYT podaje się tylko dla gminy.")
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            errors["left_on"] = _("Członkostwo nie może skończyć się przed przystąpieniem.")
        if self.emblem and not self.emblem_alt_pl:
            errors["emblem_alt_pl"] = _(
                "Opisz herb tekstem alternatywnym po polsku: osoby niewidome usłyszą ten opis zamiast obrazu."
            )
        for key, message in self._membership_problems().items():
            errors.setdefault(key, message)
        if errors:
            raise ValidationError(errors)

    def _membership_problems(self):
        """The rules for a status and its dates: a party that applied has no dates yet, a member has joined and not
        left, a party that withdrew or was excluded has left."""
        errors = {}
        if self.status == self.Status.APPLIED and (self.joined_on or self.left_on):
            errors["status"] = _(
                "Strona z datą przystąpienia albo zakończenia nie ma statusu „applied” (złożył wniosek)."
            )
        if self.status == self.Status.ACTIVE:
            if not self.joined_on:
                errors["joined_on"] = _("Członek klastra (status „active”) ma datę przystąpienia.")
            if self.left_on:
                errors["left_on"] = _("Członek klastra (status „active”) nie ma daty zakończenia; zmień też status.")
        if self.status in (self.Status.WITHDRAWN, self.Status.EXCLUDED) and not self.left_on:
            errors["left_on"] = _("Podaj datę wystąpienia albo wykluczenia.")
        return errors

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def nip_display(self):
        return identifiers.format_nip(self.nip)

    @property
    def address(self):
        place = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)

    @property
    def is_listed(self):
        """A visitor may see this party named (ParticipantQuerySet.listed)."""
        return self.kind != self.Kind.STAKEHOLDER or self.public_listing

    @property
    def is_public(self):
        """A visitor may open this party's page (ParticipantQuerySet.public)."""
        return self.status == self.Status.ACTIVE and self.is_listed

    @property
    def public_name(self):
        """What a visitor may read of who this party is: its name when it is listed, else only its category
        ("osoba fizyczna"), never its name."""
        return self.name if self.is_listed else self.get_category_display()

    def is_party_on(self, day):
        return bool(self.joined_on and self.joined_on <= day and (self.left_on is None or self.left_on > day))


class PreviousSlug(models.Model):
    """An address a party had before: it keeps answering, with a permanent redirect to the party's address now
    (members.redirects.follow_previous_slug). No other party may take it."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="previous_slugs", verbose_name=_("strona")
    )
    slug = models.SlugField(_("dawny identyfikator w adresie"), max_length=SLUG_MAX_LENGTH, unique=True)
    replaced_at = models.DateTimeField(_("zmieniono"), auto_now_add=True)

    class Meta:
        verbose_name = _("dawny adres strony")
        verbose_name_plural = _("dawne adresy stron")
        ordering = ["slug"]

    def __str__(self):
        return self.slug
