"""The energy records of the cluster's parties: their metering points (PPE) and the authorisations to read them,
installations and storage, hour-by-hour readings with the import batches that brought them and the aggregate the
balance pages read, and the URE register's conditions as dated rules with the emission factors.

Stored values are English, what a person reads Polish. Times are instants in UTC (timestamptz on PostgreSQL), shown
in Europe/Warsaw: a reading is named by the start of its interval, so the 23-hour March day and the 25-hour October
day need nothing special here (see energy/parsing.py for how the operator's files name their hours).

Audited like the other records (django-auditlog): everything a person enters. Not the readings and the hourly
aggregate, written by the million by imports: each import is an audited ImportBatch (who, which file, which
period, how many readings replaced), and every reading names its batch.
"""

from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from klaster.storage import ConfiguredStorage
from klaster.uploads import UploadField, original_name_field, validate_pdf
from members.models import Participant

from .ppe import PPEField, format_ppe


def plain_decimal(value):
    """A decimal without trailing zeros (30.500 is 30.5, 100.000 is 100), for showing."""
    if value is None:
        return None
    value = Decimal(value)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


NOT_NEGATIVE = [MinValueValidator(Decimal(0))]


def private_storage():
    """Authorisation documents are read only through views that check who may read them, never from /media/."""
    return ConfiguredStorage("private")


def _gmina_choices():
    return {"kind": Participant.Kind.GMINA}


def _check_gmina(record, errors):
    if record.gmina_id and record.gmina.kind != Participant.Kind.GMINA:
        errors["gmina"] = _("Wybierz gminę.")


class MeteringPoint(models.Model):
    """A party's point of consumption or feed-in (punkt poboru energii, PPE), named by the operator's code."""

    class Direction(models.TextChoices):
        CONSUMPTION = "consumption", _("pobór")
        FEED_IN = "feed_in", _("oddawanie do sieci")
        BOTH = "both", _("pobór i oddawanie")

    party = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="metering_points", verbose_name=_("strona porozumienia")
    )
    code = PPEField(
        _("kod PPE"),
        unique=True,
        help_text=_("18 cyfr z faktury, np. 590 3224 … (spacje można pominąć)."),
    )
    old_code = models.CharField(
        _("dawny kod PPE"),
        max_length=50,
        blank=True,
        help_text=_("Kod sprzed numeracji GS1, jeśli punkt go miał: zachowany, by znaleźć punkt w starszych plikach."),
    )
    direction = models.CharField(_("kierunek"), max_length=20, choices=Direction.choices)
    tariff_group = models.CharField(_("grupa taryfowa"), max_length=10, blank=True, help_text=_("np. G11, C11, B21"))
    street = models.CharField(_("ulica i numer"), max_length=200, blank=True)
    postal_code = models.CharField(_("kod pocztowy"), max_length=6, blank=True)
    city = models.CharField(_("miejscowość"), max_length=120, blank=True)
    gmina = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="metering_points_here",
        limit_choices_to=_gmina_choices,
        verbose_name=_("gmina"),
    )
    valid_from = models.DateField(_("obowiązuje od"))
    valid_to = models.DateField(_("obowiązuje do"), null=True, blank=True)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    class Meta:
        verbose_name = _("punkt poboru energii (PPE)")
        verbose_name_plural = _("punkty poboru energii (PPE)")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["old_code"], condition=~Q(old_code=""), name="energy_meteringpoint_unique_old_code"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="energy_meteringpoint_valid_to_after_from",
            ),
        ]

    def __str__(self):
        return format_ppe(self.code)

    @property
    def code_display(self):
        return format_ppe(self.code)

    def clean(self):
        errors = {}
        _check_gmina(self, errors)
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("Punkt nie może przestać obowiązywać, zanim zaczął.")
        if errors:
            raise ValidationError(errors)


class MeteringAuthorisation(models.Model):
    """A party's authorisation for the coordinator to read the metering data of one of its points (art. 38aa of
    the RES act)."""

    party = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="metering_authorisations",
        verbose_name=_("strona porozumienia"),
    )
    metering_point = models.ForeignKey(
        MeteringPoint, on_delete=models.PROTECT, related_name="authorisations", verbose_name=_("punkt poboru (PPE)")
    )
    document = UploadField(
        _("skan upoważnienia (PDF)"),
        upload_to="authorisations/%Y/",
        storage=private_storage,
        blank=True,
        validators=[validate_pdf],
    )
    document_original_name = original_name_field()
    signed_on = models.DateField(_("data podpisania"))
    withdrawn_on = models.DateField(_("data cofnięcia"), null=True, blank=True)
    created_at = models.DateTimeField(_("dodano"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    class Meta:
        verbose_name = _("upoważnienie do danych pomiarowych")
        verbose_name_plural = _("upoważnienia do danych pomiarowych")
        ordering = ["-signed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("signed_on")),
                name="energy_authorisation_withdrawn_after_signed",
            ),
        ]

    def __str__(self):
        return f"{self.party} – {self.metering_point}"

    def clean(self):
        errors = {}
        if self.party_id and self.metering_point_id and self.metering_point.party_id != self.party_id:
            errors["metering_point"] = _("Upoważnienie daje strona, do której należy ten punkt poboru.")
        if self.signed_on and self.withdrawn_on and self.withdrawn_on < self.signed_on:
            errors["withdrawn_on"] = _("Upoważnienia nie można cofnąć przed jego podpisaniem.")
        if errors:
            raise ValidationError(errors)

    def is_in_force_on(self, day):
        return self.signed_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


class Installation(models.Model):
    """A source of energy or a store of it that a party has or plans."""

    class Technology(models.TextChoices):
        PV = "pv", _("fotowoltaika")
        WIND = "wind", _("elektrownia wiatrowa")
        BIOGAS = "biogas", _("biogazownia")
        BIOMASS = "biomass", _("biomasa")
        CHP = "chp", _("kogeneracja")
        HYDRO = "hydro", _("elektrownia wodna")
        HEAT_PUMP = "heat_pump", _("pompa ciepła")
        STORAGE = "storage", _("magazyn energii")
        OTHER = "other", _("inna")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planowana")
        OPERATING = "operating", _("działa")

    party = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="installations", verbose_name=_("strona porozumienia")
    )
    name = models.CharField(_("nazwa"), max_length=200, blank=True)
    technology = models.CharField(_("technologia"), max_length=20, choices=Technology.choices)
    capacity_kw = models.DecimalField(_("moc (kW)"), max_digits=12, decimal_places=3, validators=NOT_NEGATIVE)
    storage_kwh = models.DecimalField(
        _("pojemność magazynu (kWh)"), max_digits=12, decimal_places=3, null=True, blank=True, validators=NOT_NEGATIVE
    )
    renewable = models.BooleanField(_("odnawialne źródło energii"), default=True)
    status = models.CharField(_("stan"), max_length=20, choices=Status.choices, default=Status.OPERATING)
    commissioned_on = models.DateField(_("data uruchomienia"), null=True, blank=True)
    metering_point = models.ForeignKey(
        MeteringPoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="installations",
        verbose_name=_("punkt poboru, do którego oddaje energię"),
    )
    gmina = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="installations_here",
        limit_choices_to=_gmina_choices,
        verbose_name=_("gmina"),
    )
    created_at = models.DateTimeField(_("dodano"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    class Meta:
        verbose_name = _("instalacja")
        verbose_name_plural = _("instalacje")
        ordering = ["gmina__name", "technology", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity_kw__gte=0), name="energy_installation_capacity_not_negative"),
            models.CheckConstraint(
                condition=Q(storage_kwh__isnull=True) | Q(storage_kwh__gte=0),
                name="energy_installation_storage_not_negative",
            ),
        ]

    def __str__(self):
        return self.name or f"{self.get_technology_display()} {self.capacity_kw_plain} kW"

    @property
    def capacity_kw_plain(self):
        return plain_decimal(self.capacity_kw)

    @property
    def storage_kwh_plain(self):
        return plain_decimal(self.storage_kwh)

    def clean(self):
        errors = {}
        _check_gmina(self, errors)
        if self.metering_point_id and self.party_id and self.metering_point.party_id != self.party_id:
            errors["metering_point"] = _("Wybierz punkt poboru tej samej strony.")
        if self.storage_kwh is not None and self.technology != self.Technology.STORAGE:
            errors["storage_kwh"] = _("Pojemność w kWh podaje się tylko dla magazynu energii.")
        if self.status == self.Status.OPERATING and self.commissioned_on is None:
            errors["commissioned_on"] = _("Podaj datę uruchomienia działającej instalacji.")
        if errors:
            raise ValidationError(errors)


class ImportBatch(models.Model):
    """One file of readings imported for one metering point: who imported it, what it held, what it replaced."""

    class Format(models.TextChoices):
        ELICZNIK = "elicznik", _("eLicznik (Tauron Dystrybucja), CSV")
        # Made up by `manage.py load_energy_sample` for trying the portal out; while any is stored, every energy page
        # says the figures are not the cluster's.
        SAMPLE = "sample", _("dane przykładowe (nie są danymi klastra)")
        # Readings the coordinator typed in or corrected (energy.services.corrections): no file, but the same record of
        # who wrote what for which period, audited, and deleted with its readings like an import.
        MANUAL = "manual", _("odczyty wpisane ręcznie")

    metering_point = models.ForeignKey(
        MeteringPoint, on_delete=models.PROTECT, related_name="import_batches", verbose_name=_("punkt poboru (PPE)")
    )
    file_format = models.CharField(_("format pliku"), max_length=20, choices=Format.choices)
    file_name = models.CharField(_("nazwa pliku"), max_length=200, blank=True)
    sha256 = models.CharField(_("skrót SHA-256 pliku"), max_length=64)
    period_start = models.DateTimeField(_("początek okresu"))
    period_end = models.DateTimeField(_("koniec okresu"))
    reading_count = models.PositiveIntegerField(_("liczba odczytów"))
    replaced_count = models.PositiveIntegerField(_("liczba zastąpionych odczytów"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kto zaimportował"),
    )
    created_at = models.DateTimeField(_("zaimportowano"), auto_now_add=True)

    class Meta:
        verbose_name = _("import odczytów")
        verbose_name_plural = _("importy odczytów")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.file_name or self.sha256[:12]} ({self.metering_point})"


class ImportJob(models.Model):
    """A large file of readings checked (the preview) or imported on the task queue instead of in the request
    (energy.services.jobs): its state and progress, which the preview page shows, and its outcome. The uploaded file
    waits in the private storage under `token` (members.register.uploads) until it is imported or discarded."""

    class Action(models.TextChoices):
        PREVIEW = "preview", _("sprawdzenie pliku")
        IMPORT = "import", _("zapis odczytów")

    class State(models.TextChoices):
        QUEUED = "queued", _("w kolejce")
        RUNNING = "running", _("w toku")
        DONE = "done", _("gotowe")
        FAILED = "failed", _("nieudane")

    class Failure(models.TextChoices):
        PROBLEMS = "problems", _("plik ma problemy")
        GONE = "gone", _("pliku nie ma już na serwerze")
        ERROR = "error", _("błąd serwera")

    token = models.CharField(_("plik"), max_length=32, db_index=True)
    action = models.CharField(_("zadanie"), max_length=10, choices=Action.choices)
    metering_point = models.ForeignKey(
        MeteringPoint, on_delete=models.CASCADE, related_name="+", verbose_name=_("punkt poboru (PPE)")
    )
    file_name = models.CharField(_("nazwa pliku"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kto zlecił"),
    )
    state = models.CharField(_("stan"), max_length=10, choices=State.choices, default=State.QUEUED)
    rows_done = models.PositiveIntegerField(_("przetworzone wiersze"), default=0)
    rows_total = models.PositiveIntegerField(_("wiersze w pliku"), default=0)
    # The preview's figures (rows, period, days, totals per direction, readings replaced) and the file's problems.
    result = models.JSONField(_("wynik"), default=dict, blank=True)
    failure = models.CharField(_("przyczyna niepowodzenia"), max_length=10, choices=Failure.choices, blank=True)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("import")
    )
    created_at = models.DateTimeField(_("zlecono"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    class Meta:
        verbose_name = _("zadanie importu odczytów")
        verbose_name_plural = _("zadania importu odczytów")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.action} {self.file_name or self.token[:8]}: {self.state}"

    @property
    def finished(self):
        return self.state in {self.State.DONE, self.State.FAILED}

    @property
    def percent(self):
        return min(100, self.rows_done * 100 // self.rows_total) if self.rows_total else 0


class Reading(models.Model):
    """The energy of one metering point in one direction over one interval (an hour or 15 minutes), named by the
    interval's start in UTC."""

    class Direction(models.TextChoices):
        CONSUMPTION = "consumption", _("pobór")
        FEED_IN = "feed_in", _("oddanie")
        CONSUMPTION_BALANCED = "consumption_balanced", _("pobór po zbilansowaniu")
        FEED_IN_BALANCED = "feed_in_balanced", _("oddanie po zbilansowaniu")

    class Interval(models.IntegerChoices):
        HOUR = 60, _("godzina")
        QUARTER = 15, _("15 minut")

    class Source(models.TextChoices):
        IMPORT = "import", _("import z pliku")
        MANUAL = "manual", _("wpisany ręcznie")
        ESTIMATE = "estimate", _("szacunek")
        SAMPLE = "sample", _("dane przykładowe")

    metering_point = models.ForeignKey(
        MeteringPoint,
        on_delete=models.PROTECT,
        related_name="readings",
        verbose_name=_("punkt poboru (PPE)"),
        db_index=False,  # the key (metering point, direction, start) serves it; one index less to fill on COPY
    )
    direction = models.CharField(_("rodzaj"), max_length=24, choices=Direction.choices)
    interval_minutes = models.PositiveSmallIntegerField(_("okres"), choices=Interval.choices, default=Interval.HOUR)
    start = models.DateTimeField(_("początek okresu"))
    energy_kwh = models.DecimalField(_("energia (kWh)"), max_digits=14, decimal_places=4, validators=NOT_NEGATIVE)
    source = models.CharField(_("źródło"), max_length=20, choices=Source.choices, default=Source.IMPORT)
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="readings",
        verbose_name=_("import"),
    )

    class Meta:
        verbose_name = _("odczyt")
        verbose_name_plural = _("odczyty")
        constraints = [
            models.UniqueConstraint(
                fields=["metering_point", "direction", "start"], name="energy_reading_one_per_interval"
            ),
            models.CheckConstraint(condition=Q(energy_kwh__gte=0), name="energy_reading_not_negative"),
        ]

    def __str__(self):
        return f"{self.metering_point} {self.direction} {self.start:%Y-%m-%d %H:%M} UTC: {self.energy_kwh} kWh"


class HourlyBalance(models.Model):
    """The sum of the readings of a party's metering points in one gmina, per direction and hour (UTC): what the
    balance pages read instead of summing millions of readings. Kept up to date by the import
    (energy.services.balances)."""

    party = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("strona"),
        db_index=False,  # the key (party, gmina, direction, hour) serves it
    )
    gmina = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+", verbose_name=_("gmina"))
    direction = models.CharField(_("rodzaj"), max_length=24, choices=Reading.Direction.choices)
    hour = models.DateTimeField(_("godzina"))
    energy_kwh = models.DecimalField(_("energia (kWh)"), max_digits=18, decimal_places=4)

    class Meta:
        verbose_name = _("bilans godzinowy")
        verbose_name_plural = _("bilanse godzinowe")
        constraints = [
            models.UniqueConstraint(fields=["party", "gmina", "direction", "hour"], name="energy_hourly_balance_key"),
        ]
        indexes = [models.Index(fields=["hour", "direction"], name="energy_balance_hour")]

    def __str__(self):
        return f"{self.party_id}/{self.gmina_id} {self.direction} {self.hour:%Y-%m-%d %H:%M} UTC: {self.energy_kwh} kWh"


class ClusterHourlyBalance(models.Model):
    """The hourly aggregate summed over every party and gmina, per direction and hour (UTC): the cluster's hours, at
    most 8,784 a year in each direction however many points there are, which the balance pages read. `parts` counts
    the HourlyBalance rows in the sum. Summed again from HourlyBalance for each year an import marked stale
    (StaleBalanceYear; energy.services.balances.balances_settle)."""

    direction = models.CharField(_("rodzaj"), max_length=24, choices=Reading.Direction.choices)
    hour = models.DateTimeField(_("godzina"))
    energy_kwh = models.DecimalField(_("energia (kWh)"), max_digits=20, decimal_places=4)
    parts = models.PositiveIntegerField(_("liczba sum stron"), default=0)

    class Meta:
        verbose_name = _("bilans godzinowy klastra")
        verbose_name_plural = _("bilanse godzinowe klastra")
        constraints = [
            models.UniqueConstraint(fields=["direction", "hour"], name="energy_cluster_balance_key"),
        ]
        indexes = [models.Index(fields=["hour"], name="energy_cluster_balance_hour")]

    def __str__(self):
        return f"{self.direction} {self.hour:%Y-%m-%d %H:%M} UTC: {self.energy_kwh} kWh"


class MonthlyBalance(models.Model):
    """The hourly aggregate of a party in a gmina summed per direction and month of Warsaw's calendar (`month`: its
    first day): the feed-in of each party, month by month, that the renewable share splits. Summed again with the
    cluster's hours (ClusterHourlyBalance)."""

    party = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+", verbose_name=_("strona"))
    gmina = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+", verbose_name=_("gmina"))
    direction = models.CharField(_("rodzaj"), max_length=24, choices=Reading.Direction.choices)
    month = models.DateField(_("miesiąc"))
    energy_kwh = models.DecimalField(_("energia (kWh)"), max_digits=18, decimal_places=4)

    class Meta:
        verbose_name = _("bilans miesięczny")
        verbose_name_plural = _("bilanse miesięczne")
        constraints = [
            models.UniqueConstraint(fields=["party", "gmina", "direction", "month"], name="energy_monthly_balance_key"),
        ]
        indexes = [models.Index(fields=["month", "direction"], name="energy_monthly_balance_month")]

    def __str__(self):
        return f"{self.party_id}/{self.gmina_id} {self.direction} {self.month:%Y-%m}: {self.energy_kwh} kWh"


class StaleBalanceYear(models.Model):
    """A year (of Warsaw's calendar) whose cluster hours and monthly sums are to be summed again, marked by the import
    that changed its hourly aggregate; `version` grows with each mark, so a mark made while the year was being summed
    is not lost."""

    year = models.PositiveSmallIntegerField(_("rok"), unique=True)
    version = models.PositiveIntegerField(_("wersja"), default=1)

    class Meta:
        verbose_name = _("rok do przeliczenia")
        verbose_name_plural = _("lata do przeliczenia")

    def __str__(self):
        return f"{self.year} (v{self.version})"


class Rule(models.Model):
    """A condition of entry in the URE register of energy clusters, as data: its name, the formula the portal
    computes, the threshold it is compared with, the period it applies to and its legal source. The enacted
    thresholds are not verified in the project (domain.md): the coordinator enters or confirms them, and the portal
    shows which rules are unverified."""

    class Formula(models.TextChoices):
        DEMAND_COVERAGE = "demand_coverage", _("roczna produkcja członków jako % ich rocznego zapotrzebowania")
        HOURLY_COVERAGE = (
            "hourly_coverage",
            _("energia wytworzona i zużyta przez członków w tej samej godzinie jako % ich zapotrzebowania"),
        )
        RENEWABLE_SHARE = "renewable_share", _("udział OZE w energii wytworzonej i oddanej do sieci (%)")
        STORAGE_SHARE = "storage_share", _("moc magazynów jako % mocy zainstalowanej")
        INSTALLED_CAPACITY = "installed_capacity", _("łączna moc zainstalowana (MW)")

    class Comparison(models.TextChoices):
        AT_LEAST = "at_least", _("co najmniej")
        AT_MOST = "at_most", _("najwyżej")

    name = models.CharField(_("nazwa"), max_length=200)
    formula = models.CharField(_("wzór"), max_length=30, choices=Formula.choices)
    comparison = models.CharField(_("warunek"), max_length=10, choices=Comparison.choices, default=Comparison.AT_LEAST)
    threshold = models.DecimalField(
        _("próg"), max_digits=12, decimal_places=3, help_text=_("W jednostce wzoru: procent albo MW.")
    )
    applies_from = models.DateField(_("obowiązuje od"), null=True, blank=True)
    applies_to = models.DateField(_("obowiązuje do"), null=True, blank=True)
    legal_source = models.TextField(_("podstawa prawna"))
    verified = models.BooleanField(
        _("sprawdzony"), default=False, help_text=_("Próg sprawdzono w ogłoszonym tekście aktu prawnego.")
    )
    created_at = models.DateTimeField(_("dodano"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    class Meta:
        verbose_name = _("warunek rejestru klastrów")
        verbose_name_plural = _("warunki rejestru klastrów")
        ordering = ["formula", "applies_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(applies_to__isnull=True)
                | Q(applies_from__isnull=True)
                | Q(applies_to__gte=F("applies_from")),
                name="energy_rule_period_in_order",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def threshold_plain(self):
        return plain_decimal(self.threshold)

    @property
    def unit(self):
        """The unit of the formula's value and of the threshold."""
        return "MW" if self.formula == self.Formula.INSTALLED_CAPACITY else "%"

    def clean(self):
        if self.applies_from and self.applies_to and self.applies_to < self.applies_from:
            raise ValidationError({"applies_to": _("Okres obowiązywania nie może skończyć się przed początkiem.")})


class EmissionFactor(models.Model):
    """A yearly CO₂ emission factor for electricity (KOBiZE publishes them), for the CO₂ the members' sources avoid."""

    year = models.PositiveSmallIntegerField(_("rok"), unique=True)
    kg_per_kwh = models.DecimalField(
        _("wskaźnik (kg CO₂/kWh)"), max_digits=7, decimal_places=4, validators=NOT_NEGATIVE
    )
    source = models.TextField(_("źródło"))
    created_at = models.DateTimeField(_("dodano"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    class Meta:
        verbose_name = _("wskaźnik emisji CO₂")
        verbose_name_plural = _("wskaźniki emisji CO₂")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(kg_per_kwh__gte=0), name="energy_emission_factor_not_negative"),
        ]

    def __str__(self):
        return f"{self.year}: {self.kg_per_kwh_plain} kg CO₂/kWh"

    @property
    def kg_per_kwh_plain(self):
        return plain_decimal(self.kg_per_kwh)


auditlog.register(MeteringPoint)
auditlog.register(MeteringAuthorisation)
auditlog.register(Installation)
auditlog.register(ImportBatch)
auditlog.register(Rule)
auditlog.register(EmissionFactor)
