"""The cluster, its parties (gminas, the coordinating association, stakeholders) and people."""

from datetime import timedelta

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from klaster import identifiers
from klaster.slugs import slugify, unique_slug
from klaster.uploads import validate_image


class ClusterQuerySet(models.QuerySet):
    def main(self):
        """The cluster this portal serves (one row today), or None before `loadcluster` has run."""
        return self.select_related("coordinator").order_by("pk").first()


class Cluster(models.Model):
    name = models.CharField(_("nazwa"), max_length=200)
    slug = models.SlugField(_("identyfikator w adresie"), max_length=100, unique=True)
    tagline = models.CharField(_("krótki opis"), max_length=300, blank=True)
    about = models.TextField(_("czym jest klaster"), blank=True)
    founded_on = models.DateField(_("data utworzenia"), null=True, blank=True)
    founded_place = models.CharField(_("miejsce utworzenia"), max_length=200, blank=True)
    coordinator = models.ForeignKey(
        "Participant",
        verbose_name=_("koordynator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.EmailField(_("adres e-mail"), blank=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    objects = ClusterQuerySet.as_manager()

    class Meta:
        verbose_name = _("klaster")
        verbose_name_plural = _("klastry")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Benefit(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="benefits", verbose_name=_("klaster"))
    position = models.PositiveSmallIntegerField(_("kolejność"))
    text = models.CharField(_("korzyść"), max_length=400)

    class Meta:
        verbose_name = _("korzyść")
        verbose_name_plural = _("korzyści")
        ordering = ["cluster", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "position"], name="members_benefit_unique_position"),
        ]

    def __str__(self):
        return self.text


SLUG_MAX_LENGTH = 120


class ParticipantQuerySet(models.QuerySet):
    def public(self):
        """Current parties a visitor may see: gminas, the coordinator, and consenting stakeholders."""
        return self.filter(status=Participant.Status.ACTIVE).filter(
            ~Q(kind=Participant.Kind.STAKEHOLDER) | Q(public_listing=True)
        )

    def gminas(self):
        return self.filter(kind=Participant.Kind.GMINA)

    def stakeholders(self):
        return self.filter(kind=Participant.Kind.STAKEHOLDER)

    def directory(self):
        """The public stakeholder directory, with what its rows show."""
        return self.public().stakeholders().select_related("located_in").order_by("name")

    def parties_on(self, day):
        """Who was a party to the agreement on `day`: joined on or before it and not gone by then."""
        return self.filter(joined_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gt=day))

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
    emblem = models.ImageField(_("herb lub logo"), upload_to="participants/", blank=True, validators=[validate_image])
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
        if errors:
            raise ValidationError(errors)

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


class Person(models.Model):
    """A person: a representative, a speaker or a contact. People are not organisations."""

    first_name = models.CharField(_("imię"), max_length=100)
    last_name = models.CharField(_("nazwisko"), max_length=100)
    email = models.EmailField(_("adres e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    anonymised_at = models.DateTimeField(
        _("dane kontaktowe usunięto"),
        null=True,
        blank=True,
        help_text=_("Na żądanie osoby; podpisane dokumenty z jej nazwiskiem pozostają."),
    )

    class Meta:
        verbose_name = _("osoba")
        verbose_name_plural = _("osoby")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"


class RoleQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)

    def representatives(self):
        return self.current().filter(is_representative=True).select_related("person")


class Role(models.Model):
    """Ties a person to an organisation with a function ("prezes Zarządu", "wójt", "kontakt")."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles", verbose_name=_("osoba"))
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("uczestnik klastra"),
        help_text=_("Puste, gdy osoba działa w instytucji spoza klastra (np. jako prelegent)."),
    )
    function = models.CharField(_("funkcja"), max_length=400)
    is_representative = models.BooleanField(_("reprezentuje uczestnika"), default=False)
    started_on = models.DateField(_("od"), null=True, blank=True)
    ended_on = models.DateField(_("do"), null=True, blank=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("funkcja osoby")
        verbose_name_plural = _("funkcje osób")
        ordering = ["person__last_name", "person__first_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="members_role_ended_after_started",
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.function}"


class StaffMembership(models.Model):
    """What a user does in the portal: the coordinator's office, or the staff of one gmina."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("koordynator")
        STAFF = "staff", _("pracownik gminy")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership", verbose_name=_("użytkownik")
    )
    role = models.CharField(_("rola"), max_length=20, choices=Role.choices)
    gmina = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": Participant.Kind.GMINA},
        related_name="staff",
        verbose_name=_("gmina"),
    )

    class Meta:
        verbose_name = _("rola użytkownika")
        verbose_name_plural = _("role użytkowników")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="staff") & Q(gmina__isnull=False)) | (Q(role="coordinator") & Q(gmina__isnull=True)),
                name="members_staffmembership_staff_has_gmina",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        from django.utils import timezone

        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())

    def expired_within(self, days):
        """Not accepted nor revoked, and expired in the last `days` days."""
        from django.utils import timezone

        now = timezone.now()
        return self.filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__lte=now,
            expires_at__gt=now - timedelta(days=days),
        )


class Invitation(models.Model):
    """An invitation to an account: staff of one gmina, or a coordinator. The link works once, for 7 days.

    Only the SHA-256 of the link's token is stored, so a copy of the database cannot be used to log in.
    """

    email = models.EmailField(_("adres e-mail"))
    role = models.CharField(_("rola"), max_length=20, choices=StaffMembership.Role.choices)
    gmina = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        limit_choices_to={"kind": Participant.Kind.GMINA},
        related_name="invitations",
        verbose_name=_("gmina"),
    )
    language = models.CharField(_("język wiadomości"), max_length=5, choices=settings.LANGUAGES, default="pl")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zaprasza"),
    )
    created_at = models.DateTimeField(_("wysłano"), auto_now_add=True)
    expires_at = models.DateTimeField(_("ważne do"))
    accepted_at = models.DateTimeField(_("przyjęto"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("konto"),
    )
    revoked_at = models.DateTimeField(_("odwołano"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("zaproszenie")
        verbose_name_plural = _("zaproszenia")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="staff") & Q(gmina__isnull=False)) | (Q(role="coordinator") & Q(gmina__isnull=True)),
                name="members_invitation_staff_has_gmina",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="members_invitation_accepted_or_revoked",
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()})"


class AccountEvent(models.Model):
    """What happened to accounts: logins, failed logins, invitations, role changes, deactivations."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("logowanie")
        LOGIN_FAILED = "login_failed", _("nieudane logowanie")
        LOGOUT = "logout", _("wylogowanie")
        INVITED = "invited", _("wysłano zaproszenie")
        INVITATION_REVOKED = "invitation_revoked", _("odwołano zaproszenie")
        INVITATION_ACCEPTED = "invitation_accepted", _("przyjęto zaproszenie")
        ROLE_CHANGED = "role_changed", _("zmiana roli")
        DEACTIVATED = "deactivated", _("wyłączono konto")
        REACTIVATED = "reactivated", _("włączono konto")

    kind = models.CharField(_("zdarzenie"), max_length=30, choices=Kind.choices)
    email = models.EmailField(_("konto"), help_text=_("Adres konta, którego dotyczy zdarzenie."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account_events",
        verbose_name=_("użytkownik"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wykonał"),
    )
    detail = models.JSONField(_("szczegóły"), default=dict, blank=True)
    at = models.DateTimeField(_("kiedy"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("zdarzenie konta")
        verbose_name_plural = _("zdarzenia kont")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.email}"


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        """Waiting for a decision: received or under review."""
        return self.filter(status__in=[Application.Status.RECEIVED, Application.Status.UNDER_REVIEW])

    def from_gmina(self, gmina):
        return self.filter(gmina=gmina)

    def for_queue(self):
        return self.select_related("gmina", "decided_by", "participant")


class Application(models.Model):
    """What a would-be stakeholder submitted through "Dołącz do klastra", and the decision on it.

    No account is needed: the applicant follows a signed, expiring status link. Consent to the information clause is
    recorded with the clause's version and the time; personal contact data is erased on request (`anonymised_at`)
    and, for rejected applications, a year after the decision.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("złożony")
        UNDER_REVIEW = "under_review", _("w trakcie rozpatrywania")
        ACCEPTED = "accepted", _("przyjęty")
        REJECTED = "rejected", _("odrzucony")

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="applications", verbose_name=_("klaster")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    category = models.CharField(_("kategoria"), max_length=30, choices=Participant.Category.choices)
    name = models.CharField(_("nazwa lub imię i nazwisko"), max_length=300)
    nip = identifiers.NIPField(_("NIP"))
    regon = identifiers.REGONField(_("REGON"))
    krs = identifiers.KRSField(_("KRS"))
    street = models.CharField(_("ulica i numer"), max_length=200, blank=True)
    postal_code = models.CharField(_("kod pocztowy"), max_length=6, blank=True)
    city = models.CharField(_("miejscowość"), max_length=120)
    gmina = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": Participant.Kind.GMINA},
        related_name="applications_from_here",
        verbose_name=_("gmina"),
    )
    contact_name = models.CharField(_("osoba do kontaktu"), max_length=200, blank=True)
    email = models.EmailField(_("adres e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    website = models.URLField(_("strona internetowa"), blank=True)
    contribution = models.TextField(
        _("co wnosi do klastra"),
        help_text=_("Na przykład planowane instalacje, ich moc, zużycie energii, doświadczenie."),
    )
    planned_capacity_kw = models.DecimalField(
        _("planowana moc instalacji (kW)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    public_listing = models.BooleanField(_("zgoda na publikację w katalogu"), default=False)
    consent_clause_version = models.CharField(_("wersja klauzuli informacyjnej"), max_length=20)
    consent_given_at = models.DateTimeField(_("zgoda wyrażona"))
    access_key = models.CharField(max_length=32, unique=True, editable=False)
    language = models.CharField(_("język"), max_length=5, choices=settings.LANGUAGES, default="pl")

    submitted_at = models.DateTimeField(_("złożono"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)
    decided_at = models.DateTimeField(_("rozstrzygnięto"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rozstrzygnął"),
    )
    decision_reason = models.TextField(_("uzasadnienie"), blank=True)
    participant = models.OneToOneField(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("strona porozumienia"),
    )
    anonymised_at = models.DateTimeField(_("dane osobowe usunięto"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("wniosek o przystąpienie")
        verbose_name_plural = _("wnioski o przystąpienie")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["received", "under_review"]) | Q(decided_at__isnull=False),
                name="members_application_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="members_application_rejected_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(participant__isnull=False),
                name="members_application_accepted_has_party",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.status in (self.Status.RECEIVED, self.Status.UNDER_REVIEW)


class ApplicationEvent(models.Model):
    """One step in an application's history: submitted, taken for review, accepted, rejected, anonymised."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("wniosek")
    )
    status = models.CharField(_("status"), max_length=20, choices=Application.Status.choices)
    at = models.DateTimeField(_("kiedy"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kto"),
    )
    note = models.TextField(_("uwagi"), blank=True)

    class Meta:
        verbose_name = _("zdarzenie wniosku")
        verbose_name_plural = _("historia wniosku")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.application}: {self.get_status_display()}"


auditlog.register(Cluster)
auditlog.register(Benefit)
auditlog.register(Participant)
auditlog.register(Person)
auditlog.register(Role)
auditlog.register(StaffMembership)
auditlog.register(Invitation, exclude_fields=["token_hash"])
auditlog.register(Application, exclude_fields=["access_key"])
