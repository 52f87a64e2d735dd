"""The forms of members: the public directory's filter and the form to join, a gmina's profile and contact
people, inviting a person to an account, and the coordinator's decisions on applications."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from klaster.concurrency import EditedFromMixin
from klaster.form_fields import model_formfield
from klaster.text import CleanTextMixin
from klaster.uploads import IMAGE_FORMATS

from .models import Application, Benefit, Participant, Person, Role, StaffMembership
from .services.gminas import PROFILE_FIELDS
from .services.parties import duplicate_identifier, party_fields

postal_code_validator = RegexValidator(r"^\d{2}-\d{3}$", _("Podaj kod pocztowy w postaci 00-000."))


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GminaProfileForm(CleanTextMixin, EditedFromMixin, forms.ModelForm):
    # A plain file field: the content is checked by the model field's validator (klaster.uploads.validate_image),
    # whose messages say what is wrong, rather than by Django's generic ImageField message.
    emblem = forms.FileField(
        label=_("Herb gminy"),
        required=False,
        help_text=_("Obraz JPEG, PNG lub WebP, najwyżej 10 MB. Pliki SVG nie są przyjmowane."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMAGE_FORMATS.values())}),
    )

    class Meta:
        formfield_callback = model_formfield
        model = Participant
        fields = [*PROFILE_FIELDS, "emblem"]  # what staff may change on their gmina, as the service says
        labels = {
            "description_pl": _("Opis gminy po polsku"),
            "description_en": _("Opis gminy po angielsku"),
            "website": _("Strona internetowa"),
            "bip_url": _("Biuletyn Informacji Publicznej (adres)"),
            "email": _("Adres e-mail urzędu"),
            "phone": _("Telefon urzędu"),
            "street": _("Ulica i numer"),
            "postal_code": _("Kod pocztowy"),
            "city": _("Miejscowość"),
            "emblem_alt_pl": _("Tekst alternatywny herbu po polsku"),
            "emblem_alt_en": _("Tekst alternatywny herbu po angielsku"),
        }
        help_texts = {
            "description_en": _("Gdy zostanie puste, strona angielska pokaże opis po polsku."),
            "emblem_alt_pl": _("Wymagany, gdy jest herb. Na przykład: „Herb gminy: złoty dąb na zielonym polu”."),
        }
        widgets = {
            "description_pl": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postal_code"].validators.append(postal_code_validator)
        self.order_fields([name for name in PROFILE_FIELDS if not name.startswith("emblem_alt")] + ["emblem"])


class ContactForm(CleanTextMixin, EditedFromMixin, forms.Form):
    """A person in a party (a gmina, the coordinator, a stakeholder): the person and their function there, with dates.
    Open it on a stored contact with `edited_from=services.people.contact_values(role)`."""

    first_name = forms.CharField(label=_("Imię"), max_length=Person._meta.get_field("first_name").max_length)
    last_name = forms.CharField(label=_("Nazwisko"), max_length=Person._meta.get_field("last_name").max_length)
    function_pl = forms.CharField(
        label=_("Funkcja po polsku"),
        max_length=Role._meta.get_field("function").max_length,
        help_text=_("Na przykład: wójt gminy, inspektor ds. energii."),
    )
    function_en = forms.CharField(
        label=_("Funkcja po angielsku"),
        max_length=Role._meta.get_field("function").max_length,
        required=False,
        help_text=_("Gdy zostanie puste, strona angielska pokaże funkcję po polsku."),
    )
    email = forms.EmailField(label=_("Adres e-mail"), required=False)
    phone = forms.CharField(
        label=_("Telefon"),
        max_length=Person._meta.get_field("phone").max_length,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    contact_public = forms.BooleanField(
        label=_("Osoba zgodziła się na pokazanie jej adresu e-mail i telefonu na publicznej stronie"),
        required=False,
        help_text=_("Bez tej zgody dane kontaktowe osoby widzą tylko koordynator i pracownicy gminy."),
    )
    is_representative = forms.BooleanField(
        label=_("Reprezentuje stronę porozumienia (np. wójt, prezes zarządu)"),
        required=False,
        help_text=_("Osoby reprezentujące są wymienione na publicznej stronie i można je wskazać przy podpisie."),
    )
    started_on = forms.DateField(label=_("Pełni funkcję od"), required=False, widget=date_input())
    ended_on = forms.DateField(
        label=_("Pełni funkcję do"),
        required=False,
        widget=date_input(),
        help_text=_("Zostaw puste, dopóki osoba pełni funkcję."),
    )

    def clean(self):
        data = super().clean()
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("Funkcja nie może się skończyć, zanim się zaczęła."))
        return data

    @classmethod
    def initial_for(cls, role):
        person = role.person
        return {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "phone": person.phone,
            "contact_public": person.contact_public,
            "function_pl": role.function_pl,
            "function_en": role.function_en,
            "is_representative": role.is_representative,
            "started_on": role.started_on,
            "ended_on": role.ended_on,
        }


class ParticipantForm(CleanTextMixin, EditedFromMixin, forms.ModelForm):
    """The coordinator's form of a party's record: the fields of its kind (services.parties.party_fields)."""

    emblem = forms.FileField(
        label=_("Herb lub logo"),
        required=False,
        help_text=_("Obraz JPEG, PNG lub WebP, najwyżej 10 MB. Pliki SVG nie są przyjmowane."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMAGE_FORMATS.values())}),
    )

    class Meta:
        formfield_callback = model_formfield
        model = Participant
        fields = [*party_fields(Participant.Kind.GMINA), "category", "located_in", "public_listing", "emblem"]
        labels = {
            "description_pl": _("Opis po polsku"),
            "description_en": _("Opis po angielsku"),
            "emblem_alt_pl": _("Tekst alternatywny herbu lub logo po polsku"),
            "emblem_alt_en": _("Tekst alternatywny herbu lub logo po angielsku"),
            "located_in": _("Gmina interesariusza"),
            "public_listing": _("Zgoda na pokazanie w publicznym katalogu interesariuszy"),
        }
        help_texts = {
            "description_en": _("Gdy zostanie puste, strona angielska pokaże opis po polsku."),
            "emblem_alt_pl": _("Wymagany, gdy jest herb lub logo. Na przykład: „Logo spółdzielni: zielony liść”."),
        }
        widgets = {
            "description_pl": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "type": "tel"}),
            "population_date": date_input(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep = {*party_fields(self.instance.kind), "emblem", "edited_from"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.fields["postal_code"].validators.append(postal_code_validator)
        if "located_in" in self.fields:
            self.fields["located_in"].queryset = Participant.objects.gminas().order_by("name")
            self.fields["located_in"].empty_label = _("inna gmina lub żadna")
        if "category" in self.fields:
            self.fields["category"].choices = [
                (value, label) for value, label in Participant.Category.choices if value != Participant.Category.JST
            ]
        for name in ("nip", "regon", "krs", "teryt"):
            if name in self.fields:
                self.fields[name].widget.attrs.setdefault("inputmode", "numeric")

    def _update_errors(self, errors):
        # The model's rules may name a field this form does not have (a status's dates): say it above the form.
        if hasattr(errors, "error_dict"):
            placed = {}
            for name, messages in errors.error_dict.items():
                placed.setdefault(name if name in self.fields else NON_FIELD_ERRORS, []).extend(messages)
            errors = ValidationError(placed)
        super()._update_errors(errors)

    def _clean_identifier(self, name):
        value = self.cleaned_data.get(name)
        other = duplicate_identifier(self.instance, name, value)
        if other is not None:
            raise forms.ValidationError(_("Ten numer ma już inna strona: %(name)s.") % {"name": other.name})
        return value

    def clean_nip(self):
        return self._clean_identifier("nip")

    def clean_regon(self):
        return self._clean_identifier("regon")

    def clean_krs(self):
        return self._clean_identifier("krs")

    def clean_teryt(self):
        return self._clean_identifier("teryt")


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Szukaj"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Kategoria"), required=False)
    gmina = forms.ModelChoiceField(
        label=_("Gmina"),
        queryset=Participant.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("wszystkie"),
    )

    def __init__(self, *args, gminas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("wszystkie")), *Participant.Category.choices]
        self.fields["gmina"].queryset = gminas

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(name__icontains=data["q"])
        if data["category"]:
            queryset = queryset.filter(category=data["category"])
        if data["gmina"]:
            queryset = queryset.filter(located_in=data["gmina"])
        return queryset


def active_account_with_role(email, role, gmina):
    """The active account of `email` that already has `role` (in `gmina`), or None."""
    return (
        get_user_model()
        .objects.filter(
            email__iexact=email.strip(),
            is_active=True,
            membership__role=role,
            membership__gmina=gmina,
        )
        .first()
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Adres e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(label=_("Rola"), choices=StaffMembership.Role.choices)
    gmina = forms.ModelChoiceField(
        label=_("Gmina"),
        queryset=Participant.objects.none(),
        required=False,
        empty_label=_("— bez gminy (koordynator) —"),
        help_text=_("Wymagana dla pracownika gminy; koordynator klastra nie jest przypisany do gminy."),
    )
    language = forms.ChoiceField(
        label=_("Język wiadomości"),
        choices=settings.LANGUAGES,
        initial="pl",
        help_text=_("W tym języku wyślemy zaproszenie i otworzy się strona ustawienia hasła."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gmina"].queryset = Participant.objects.gminas().order_by("name")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        role, gmina = data.get("role"), data.get("gmina")
        if role == StaffMembership.Role.STAFF and gmina is None:
            self.add_error("gmina", _("Wskaż gminę, w której pracuje zapraszana osoba."))
        elif role == StaffMembership.Role.COORDINATOR and gmina is not None:
            self.add_error(
                "gmina",
                _(
                    "Koordynator klastra nie jest przypisany do gminy. Zostaw pole „Gmina” puste albo wybierz rolę pracownika gminy."
                ),
            )
        elif role and data.get("email") and active_account_with_role(data["email"], role, gmina):
            self.add_error(
                "email",
                _("Konto %(email)s jest już aktywne z tą rolą. Nie trzeba go zapraszać ponownie.")
                % {"email": data["email"]},
            )
        return data


# Gminas join by a council resolution, not through this form.
APPLICANT_CATEGORIES = [(value, label) for value, label in Participant.Category.choices if value != "jst"]
IDENTIFIER_FIELDS = ("nip", "regon", "krs")


class ApplicationForm(CleanTextMixin, forms.ModelForm):
    consent = forms.BooleanField(
        label=_("Potwierdzam zapoznanie się z klauzulą informacyjną i zgadzam się na przetwarzanie podanych danych w celu "
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
        formfield_callback = model_formfield
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


class BenefitForm(CleanTextMixin, EditedFromMixin, forms.ModelForm):
    class Meta:
        model = Benefit
        fields = ["text_pl", "text_en"]
        labels = {"text_pl": _("Korzyść po polsku"), "text_en": _("Korzyść po angielsku")}
        help_texts = {"text_en": _("Gdy zostanie puste, strona angielska pokaże tekst po polsku.")}
        widgets = {"text_pl": forms.Textarea(attrs={"rows": 3}), "text_en": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text_pl"].required = True
