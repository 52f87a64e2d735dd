"""Forms of the gmina workspace: the gmina's profile and its contact people."""

from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from klaster.uploads import IMAGE_FORMATS

from .models import Participant, Person, Role

postal_code_validator = RegexValidator(r"^\d{2}-\d{3}$", _("Podaj kod pocztowy w postaci 00-000."))


def https_url_fields(field, **kwargs):
    """Addresses typed without a scheme are taken as https:// (Django 6's default, chosen now)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class GminaProfileForm(forms.ModelForm):
    # A plain file field: the content is checked by the model field's validator (klaster.uploads.validate_image),
    # whose messages say what is wrong, rather than by Django's generic ImageField message.
    emblem = forms.FileField(
        label=_("Herb gminy"),
        required=False,
        help_text=_("Obraz JPEG, PNG lub WebP, najwyżej 10 MB. Pliki SVG nie są przyjmowane."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMAGE_FORMATS.values())}),
    )

    class Meta:
        formfield_callback = https_url_fields
        model = Participant
        fields = [
            "description_pl",
            "description_en",
            "website",
            "bip_url",
            "email",
            "phone",
            "street",
            "postal_code",
            "city",
            "emblem",
            "emblem_alt_pl",
            "emblem_alt_en",
        ]
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

    def clean(self):
        cleaned_data = super().clean()
        emblem = cleaned_data.get("emblem")
        if emblem and not cleaned_data.get("emblem_alt_pl"):
            self.add_error(
                "emblem_alt_pl",
                _("Opisz herb tekstem alternatywnym po polsku: osoby niewidome usłyszą ten opis zamiast obrazu."),
            )
        return cleaned_data


class ContactForm(forms.Form):
    """A contact person of a gmina: the person and their function there."""

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
    is_representative = forms.BooleanField(
        label=_("Reprezentuje gminę (np. wójt lub zastępca wójta)"),
        required=False,
        help_text=_("Osoby reprezentujące gminę są wymienione na jej publicznej stronie."),
    )

    @classmethod
    def initial_for(cls, role):
        person = role.person
        return {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "phone": person.phone,
            "function_pl": role.function_pl,
            "function_en": role.function_en,
            "is_representative": role.is_representative,
        }
