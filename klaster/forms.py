"""Forms of the site's own pages: the texts and the news the coordinator edits in the panel, the contact form, the request
for an accessible version."""

from django import forms
from django.utils.translation import gettext_lazy as _

from klaster.concurrency import EditedFromMixin
from klaster.news import NewsItem
from klaster.text import CleanTextMixin
from klaster.uploads import IMAGE_FORMATS
from members.models import AccessibilityRequest, Cluster, ContactMessage


class NewsItemForm(CleanTextMixin, EditedFromMixin, forms.ModelForm):
    # A plain file field: the content is checked by the model field's validator (klaster.uploads.validate_image),
    # whose messages say what is wrong, rather than by Django's generic ImageField message.
    image = forms.FileField(
        label=_("Zdjęcie"),
        required=False,
        help_text=_("Obraz JPEG, PNG lub WebP, najwyżej 10 MB. Pliki SVG nie są przyjmowane."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMAGE_FORMATS.values())}),
    )

    class Meta:
        model = NewsItem
        fields = [
            "title_pl",
            "lead_pl",
            "text_pl",
            "title_en",
            "lead_en",
            "text_en",
            "image",
            "image_alt_pl",
            "image_alt_en",
            "published_on",
            "status",
        ]
        labels = {
            "title_pl": _("Tytuł po polsku"),
            "title_en": _("Tytuł po angielsku"),
            "lead_pl": _("Zajawka po polsku"),
            "lead_en": _("Zajawka po angielsku"),
            "text_pl": _("Treść po polsku"),
            "text_en": _("Treść po angielsku"),
            "image_alt_pl": _("Tekst alternatywny zdjęcia po polsku"),
            "image_alt_en": _("Tekst alternatywny zdjęcia po angielsku"),
            "published_on": _("Data publikacji"),
            "status": _("Stan"),
        }
        help_texts = {
            "title_en": _("Gdy pola angielskie zostaną puste, strona angielska pokaże tekst po polsku."),
            "image_alt_pl": _("Wymagany, gdy jest zdjęcie. Na przykład: „Wójt i mieszkańcy przy nowej instalacji PV”."),
            "published_on": _("Opublikowana aktualność z datą w przyszłości pokaże się tego dnia."),
        }
        widgets = {
            "lead_pl": forms.Textarea(attrs={"rows": 2}),
            "lead_en": forms.Textarea(attrs={"rows": 2}),
            "text_pl": forms.Textarea(attrs={"rows": 12}),
            "text_en": forms.Textarea(attrs={"rows": 12}),
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "status": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("title_pl", "lead_pl"):
            self.fields[name].required = True


class ContactForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Imię i nazwisko"), max_length=200)
    email = forms.EmailField(label=_("Adres e-mail"), help_text=_("Na ten adres odpowie koordynator."))
    message = forms.CharField(label=_("Wiadomość"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    consent = forms.BooleanField(
        label=_("Potwierdzam zapoznanie się z klauzulą informacyjną i zgadzam się na przetwarzanie podanych danych w celu "
                "odpowiedzi na wiadomość."),
        error_messages={"required": _("Bez tej zgody nie możemy odpowiedzieć na wiadomość.")},
    )  # fmt: skip
    # The honeypot, as on the application form: hidden from people (CSS and aria-hidden), filled by bots.
    fax = forms.CharField(
        label=_("Nie wypełniaj tego pola"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    @property
    def is_spam(self):
        return bool(self.data.get(self.add_prefix("fax"), "").strip())


class AccessibilityRequestForm(CleanTextMixin, forms.Form):
    """A request to make something of the portal accessible, or to give it in another form (the statute's art. 18)."""

    name = forms.CharField(label=_("Imię i nazwisko"), max_length=200)
    email = forms.EmailField(label=_("Adres e-mail"), help_text=_("Na ten adres odpowie koordynator."))
    subject = forms.CharField(
        label=_("Czego dotyczy żądanie"),
        max_length=3000,
        help_text=_("Wskaż stronę, dokument lub element (na przykład jego adres) i opisz, czego nie da się odczytać."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    preferred_form = forms.ChoiceField(
        label=_("Preferowany sposób udostępnienia"),
        choices=AccessibilityRequest.Form.choices,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_("Potwierdzam zapoznanie się z klauzulą informacyjną i zgadzam się na przetwarzanie podanych danych w celu "
                "rozpatrzenia żądania."),
        error_messages={"required": _("Bez tej zgody nie możemy rozpatrzyć żądania.")},
    )  # fmt: skip
    # The honeypot, as on the contact form: hidden from people (CSS and aria-hidden), filled by bots.
    fax = forms.CharField(
        label=_("Nie wypełniaj tego pola"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    @property
    def is_spam(self):
        return bool(self.data.get(self.add_prefix("fax"), "").strip())


class ContactStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Stan"), choices=ContactMessage.Status.choices, widget=forms.RadioSelect)


class SiteTextsForm(CleanTextMixin, EditedFromMixin, forms.ModelForm):
    """The cluster's own texts: the home page's introduction, "Czym jest klaster?" and how to join."""

    class Meta:
        model = Cluster
        fields = [
            "tagline_pl",
            "tagline_en",
            "about_pl",
            "about_en",
            "joining_pl",
            "joining_en",
            "accessibility_published_on",
            "accessibility_updated_on",
            "accessibility_notes_pl",
            "accessibility_notes_en",
            "accessibility_contact_name",
            "accessibility_contact_email",
            "accessibility_contact_phone",
            "accessibility_architecture_pl",
            "accessibility_architecture_en",
        ]
        labels = {
            "tagline_pl": _("Krótki opis klastra po polsku"),
            "tagline_en": _("Krótki opis klastra po angielsku"),
            "about_pl": _("„Czym jest klaster?” po polsku"),
            "about_en": _("„Czym jest klaster?” po angielsku"),
            "joining_pl": _("„Jak dołączyć do klastra?” po polsku"),
            "joining_en": _("„Jak dołączyć do klastra?” po angielsku"),
            "accessibility_published_on": _("Deklaracja dostępności: data publikacji strony"),
            "accessibility_updated_on": _("Deklaracja dostępności: data ostatniej aktualizacji"),
            "accessibility_notes_pl": _("Deklaracja dostępności: treści niedostępne i wyłączenia po polsku"),
            "accessibility_notes_en": _("Deklaracja dostępności: treści niedostępne i wyłączenia po angielsku"),
            "accessibility_contact_name": _("Deklaracja dostępności: osoba kontaktowa"),
            "accessibility_contact_email": _("Deklaracja dostępności: e-mail osoby kontaktowej"),
            "accessibility_contact_phone": _("Deklaracja dostępności: telefon osoby kontaktowej"),
            "accessibility_architecture_pl": _("Deklaracja dostępności: dostępność architektoniczna po polsku"),
            "accessibility_architecture_en": _("Deklaracja dostępności: dostępność architektoniczna po angielsku"),
        }
        help_texts = {
            "tagline_pl": _("Pierwsze zdanie strony głównej i opis strony w wyszukiwarkach."),
            "about_pl": _("Na stronie głównej pod krótkim opisem i na początku strony „Czym jest klaster?”."),
            "joining_pl": _(
                "Na stronie głównej, nad przyciskiem „Dołącz do klastra”. Akapity oddziel pustym wierszem; "
                "*kursywa*, **pogrubienie**, listy z „- ”, odnośniki [tekst](adres)."
            ),
            "tagline_en": _("Gdy pola angielskie zostaną puste, strona angielska pokaże tekst po polsku."),
            "accessibility_contact_name": _(
                "Imię i nazwisko osoby, która odpowiada na żądania dostępności. Puste: deklaracja poda adres e-mail i "
                "telefon koordynatora."
            ),
            "accessibility_contact_email": _("Puste: adres e-mail koordynatora."),
            "accessibility_contact_phone": _("Puste: telefon koordynatora."),
            "accessibility_architecture_pl": _(
                "Siedziba koordynatora: wejście, schody, winda, toalety, parking, pętla indukcyjna, tłumacz języka "
                "migowego. Puste: deklaracja odeśle do osoby kontaktowej."
            ),
        }
        widgets = {
            "tagline_pl": forms.Textarea(attrs={"rows": 2}),
            "tagline_en": forms.Textarea(attrs={"rows": 2}),
            "about_pl": forms.Textarea(attrs={"rows": 5}),
            "about_en": forms.Textarea(attrs={"rows": 5}),
            "joining_pl": forms.Textarea(attrs={"rows": 6}),
            "joining_en": forms.Textarea(attrs={"rows": 6}),
            "accessibility_published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "accessibility_updated_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "accessibility_notes_pl": forms.Textarea(attrs={"rows": 4}),
            "accessibility_notes_en": forms.Textarea(attrs={"rows": 4}),
            "accessibility_architecture_pl": forms.Textarea(attrs={"rows": 4}),
            "accessibility_architecture_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("tagline_pl", "about_pl", "joining_pl", "accessibility_published_on", "accessibility_updated_on"):
            self.fields[name].required = True


class LegalTextForm(CleanTextMixin, EditedFromMixin, forms.Form):
    """A new version of the privacy policy or of an information clause (it never changes a published one)."""

    body_pl = forms.CharField(label=_("Treść po polsku"), widget=forms.Textarea(attrs={"rows": 16}))
    body_en = forms.CharField(
        label=_("Treść po angielsku"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Gdy zostanie pusta, strona angielska pokaże tekst po polsku."),
    )
