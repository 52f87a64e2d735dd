from django import forms
from django.utils.translation import gettext_lazy as _

from klaster.concurrency import EditedFromMixin
from klaster.text import CleanTextMixin
from members.models import Participant
from members.register.uploads import MAX_UPLOAD_BYTES

from .models import EmissionFactor, Installation, MeteringAuthorisation, MeteringPoint, Reading, Rule
from .services import authorisations, installations, points, rules
from .services.corrections import ManualEntry, manual_entry_problems


class MeteringPointChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code_display} – {obj.party.display_name} ({obj.gmina.display_name})"


class ReadingsUploadForm(CleanTextMixin, forms.Form):
    metering_point = MeteringPointChoiceField(
        label=_("Punkt poboru (PPE)"),
        queryset=MeteringPoint.objects.select_related("party", "gmina").order_by("code"),
        help_text=_("Plik eLicznika nie podaje kodu punktu: wybierz punkt, z którego licznika pochodzi plik."),
    )
    file = forms.FileField(
        label=_("Plik CSV z eLicznika"),
        help_text=_(
            "Eksport godzinowy z eLicznika Tauron Dystrybucja (CSV, średniki, przecinek dziesiętny); do 20 MB."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Plik jest za duży: najwyżej 20 MB."))
        self.content = upload.read()
        return upload


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeteringPointForm(CleanTextMixin, EditedFromMixin, forms.ModelForm):
    class Meta:
        model = MeteringPoint
        fields = list(points.FIELDS)
        widgets = {"valid_from": _date_input(), "valid_to": _date_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Participant.objects.order_by("name")
        self.fields["gmina"].queryset = Participant.objects.gminas().order_by("name")
        self.fields["code"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})


class RuleForm(CleanTextMixin, EditedFromMixin, forms.ModelForm):
    class Meta:
        model = Rule
        fields = list(rules.RULE_FIELDS)
        localized_fields = ["threshold"]  # 30,5 as Polish is written
        labels = {"name_pl": _("Nazwa po polsku"), "name_en": _("Nazwa po angielsku")}
        help_texts = {
            "legal_source": _("Akt prawny i przepis, np. „ustawa o OZE, art. 38b ust. 1 (Dz.U. 2024 poz. 1361)”."),
            "name_en": _("Gdy zostanie pusta, strona angielska pokaże nazwę po polsku."),
        }
        widgets = {
            "applies_from": _date_input(),
            "applies_to": _date_input(),
            "legal_source": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_pl"].required = True


class EmissionFactorForm(CleanTextMixin, EditedFromMixin, forms.ModelForm):
    class Meta:
        model = EmissionFactor
        fields = list(rules.FACTOR_FIELDS)
        localized_fields = ["kg_per_kwh"]
        help_texts = {"source": _("Np. „KOBiZE, wskaźniki emisyjności CO₂ dla energii elektrycznej, 2024 r.”.")}
        widgets = {"source": forms.Textarea(attrs={"rows": 3})}


class InstallationForm(CleanTextMixin, EditedFromMixin, forms.ModelForm):
    metering_point = MeteringPointChoiceField(
        label=_("Punkt poboru, do którego oddaje energię"),
        queryset=MeteringPoint.objects.select_related("party", "gmina").order_by("code"),
        required=False,
    )

    class Meta:
        model = Installation
        fields = list(installations.FIELDS)
        localized_fields = ["capacity_kw", "storage_kwh"]
        widgets = {"commissioned_on": _date_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Participant.objects.order_by("name")
        self.fields["gmina"].queryset = Participant.objects.gminas().order_by("name")


class AuthorisationForm(CleanTextMixin, EditedFromMixin, forms.ModelForm):
    metering_point = MeteringPointChoiceField(
        label=_("Punkt poboru (PPE)"),
        queryset=MeteringPoint.objects.select_related("party", "gmina").order_by("code"),
    )

    class Meta:
        model = MeteringAuthorisation
        fields = list(authorisations.FIELDS)
        help_texts = {"document": _("Skan podpisanego upoważnienia, PDF do 10 MB; nieobowiązkowy.")}
        widgets = {
            "signed_on": _date_input(),
            "withdrawn_on": _date_input(),
            "document": forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Participant.objects.order_by("name")


class ManualReadingForm(CleanTextMixin, forms.Form):
    """A reading typed in by the coordinator: a point, a direction, a day and its hours, the energy of each hour."""

    metering_point = MeteringPointChoiceField(
        label=_("Punkt poboru (PPE)"),
        queryset=MeteringPoint.objects.select_related("party", "gmina").order_by("code"),
    )
    direction = forms.ChoiceField(label=_("Rodzaj energii"), choices=Reading.Direction.choices)
    day = forms.DateField(label=_("Dzień"), widget=_date_input())
    first_hour = forms.IntegerField(
        label=_("Od godziny"),
        min_value=1,
        max_value=25,
        help_text=_(
            "Godziny numerowane jak w plikach operatora: 1 to 0:00–1:00, 24 to 23:00–24:00; 25 tylko w dniu zmiany czasu w październiku."
        ),
    )
    last_hour = forms.IntegerField(label=_("Do godziny (włącznie)"), min_value=1, max_value=25)
    energy_kwh = forms.DecimalField(
        label=_("Energia w każdej z tych godzin (kWh)"),
        min_value=0,
        max_digits=14,
        decimal_places=4,
        localize=True,
    )

    def clean(self):
        cleaned = super().clean()
        names = ("metering_point", "direction", "day", "first_hour", "last_hour", "energy_kwh")
        if self.errors or any(cleaned.get(name) is None for name in names):
            return cleaned
        self.entry = ManualEntry(**{name: cleaned[name] for name in names})
        for name, message in manual_entry_problems(self.entry).items():
            self.add_error(name, message)
        return cleaned
