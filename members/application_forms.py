"""The public form "Dołącz do klastra" and the coordinator's decision forms."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Application, Participant
from .workspace_forms import https_url_fields, postal_code_validator

# Gminas join by a council resolution, not through this form.
APPLICANT_CATEGORIES = [(value, label) for value, label in Participant.Category.choices if value != "jst"]
IDENTIFIER_FIELDS = ("nip", "regon", "krs")


class ApplicationForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_("Zapoznałem się z klauzulą informacyjną i zgadzam się na przetwarzanie podanych danych w celu "
                "rozpatrzenia wniosku."),
        error_messages={"required": _("Bez tej zgody nie możemy rozpatrzyć wniosku.")},
    )  # fmt: skip
    # The honeypot: hidden from people (CSS and aria-hidden), left empty by them, filled by bots.
    fax = forms.CharField(
        label=_("Nie wypełniaj tego pola"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        formfield_callback = https_url_fields
        model = Application
        fields = [
            "category",
            "name",
            "nip",
            "regon",
            "krs",
            "street",
            "postal_code",
            "city",
            "gmina",
            "contact_name",
            "email",
            "phone",
            "website",
            "contribution",
            "planned_capacity_kw",
            "public_listing",
        ]
        labels = {
            "name": _("Nazwa organizacji albo imię i nazwisko"),
            "public_listing": _("Zgadzam się na pokazanie nazwy w publicznym katalogu członków klastra (dobrowolne)."),
        }
        help_texts = {
            "nip": _("Dla organizacji podaj co najmniej jeden z numerów: NIP, REGON lub KRS. Osoba fizyczna ich nie "
                     "podaje (nie pytamy też o PESEL)."),
            "gmina": _("Gmina klastra, w której działasz lub planujesz instalację; zostaw puste, jeśli żadna."),
            "contact_name": _("Osoba, z którą koordynator może się skontaktować w sprawie wniosku."),
            "email": _("Na ten adres wyślemy link do sprawdzania stanu wniosku."),
        }  # fmt: skip

    def __init__(self, *args, cluster=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "---------"), *APPLICANT_CATEGORIES]
        gminas = Participant.objects.gminas()
        if cluster is not None:
            gminas = gminas.filter(cluster=cluster)
        self.fields["gmina"].queryset = gminas.order_by("name")
        self.fields["gmina"].empty_label = _("inna gmina lub żadna")
        self.fields["postal_code"].validators.append(postal_code_validator)
        self.fields["email"].required = True
        self.fields["contact_name"].required = True
        for name in IDENTIFIER_FIELDS:
            self.fields[name].widget.attrs.setdefault("inputmode", "numeric")
        self.fields["planned_capacity_kw"].widget.attrs.update({"inputmode": "decimal", "min": "0"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["postal_code"].widget.attrs["autocomplete"] = "postal-code"

    def clean_planned_capacity_kw(self):
        value = self.cleaned_data.get("planned_capacity_kw")
        if value is not None and value < 0:
            raise forms.ValidationError(_("Moc nie może być ujemna."))
        return value

    def clean(self):
        data = super().clean()
        category = data.get("category")
        given = [name for name in IDENTIFIER_FIELDS if data.get(name)]
        if category == Participant.Category.PERSON:
            for name in given:
                self.add_error(name, _("Osoba fizyczna nie podaje numerów NIP, REGON ani KRS."))
        elif category and not given and not any(name in self.errors for name in IDENTIFIER_FIELDS):
            self.add_error("nip", _("Podaj NIP, REGON lub KRS organizacji."))
        return data

    @property
    def is_spam(self):
        return bool(self.data.get(self.add_prefix("fax"), "").strip())

    def application_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Uzasadnienie (wnioskodawca je zobaczy)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )


class AcceptForm(forms.Form):
    signed_on = forms.DateField(
        label=_("Data przystąpienia (podpisania deklaracji)"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Od tego dnia organizacja jest stroną porozumienia."),
    )
    signed_place = forms.CharField(label=_("Miejsce podpisania"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"signed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_signed_on(self):
        value = self.cleaned_data["signed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Data przystąpienia nie może być z przyszłości."))
        return value


class StakeholderForm(ApplicationForm):
    """The coordinator adds a stakeholder directly: the applicant's fields and validation, and the accession date."""

    signed_on = AcceptForm.base_fields["signed_on"]
    signed_place = AcceptForm.base_fields["signed_place"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"signed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        del self.fields["consent"]
        del self.fields["fax"]
        for name in ("email", "contact_name", "contribution"):
            self.fields[name].required = False
        self.fields["contribution"].label = _("Opis (co wnosi do klastra)")
        self.fields["public_listing"].label = _("Zgoda na publikację w publicznym katalogu (udzielona na piśmie)")

    clean_signed_on = AcceptForm.clean_signed_on

    @property
    def is_spam(self):
        return False
