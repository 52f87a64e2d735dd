"""The coordinator's forms of events: the event, a point of its programme with its speakers, a photo, a material, an
outcome, and the date of a copy."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Annex, Document, Signature, Version
from klaster.concurrency import EditedFromMixin
from klaster.form_fields import model_formfield
from klaster.text import CleanTextMixin
from klaster.uploads import CONTENT_TYPES, DOCUMENT_FORMATS, EXTENSIONS, IMAGE_FORMATS
from members.models import Participant

from .models import (
    NOT_A_DESCRIPTION,
    AgendaItem,
    Event,
    EventMaterial,
    EventOutcome,
    EventParty,
    EventPhoto,
    is_file_name,
)
from .services import AGENDA_FIELDS, EVENT_FIELDS, PROPOSAL_FIELDS

EN_FALLBACK = _("Gdy pola angielskie zostaną puste, strona angielska pokaże tekst po polsku.")


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _parties():
    return Participant.objects.order_by("name")


class NamesField(forms.CharField):
    """Names of outside organisations, one a line: a list without empty lines or repeats."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        names = []
        for line in (super().to_python(value) or "").splitlines():
            name = " ".join(line.split())
            if name and name not in names:
                names.append(name)
        return names

    def validate(self, value):
        super().validate(value)
        for name in value:
            if len(name) > 300:
                raise forms.ValidationError(_("Nazwa organizacji może mieć najwyżej 300 znaków."))


class EventForm(CleanTextMixin, EditedFromMixin, forms.ModelForm):
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organizatorzy – strony klastra"),
        queryset=Participant.objects.none(),
        required=False,
        help_text=_("Można wybrać kilka (z klawiszem Ctrl lub Cmd)."),
    )
    organiser_names = NamesField(
        label=_("Organizatorzy spoza klastra"), required=False, help_text=_("Nazwa organizacji w każdym wierszu.")
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partnerzy – strony klastra"), queryset=Participant.objects.none(), required=False
    )
    partner_names = NamesField(
        label=_("Partnerzy spoza klastra"),
        required=False,
        help_text=_("Nazwa organizacji w każdym wierszu, na przykład: Tauron Dystrybucja."),
    )

    class Meta:
        formfield_callback = model_formfield
        model = Event
        fields = EVENT_FIELDS
        labels = {
            "title_pl": _("Tytuł po polsku"),
            "title_en": _("Tytuł po angielsku"),
            "cancellation_reason_pl": _("Powód odwołania po polsku"),
            "cancellation_reason_en": _("Powód odwołania po angielsku"),
            "place_pl": _("Nazwa miejsca po polsku"),
            "place_en": _("Nazwa miejsca po angielsku"),
            "venue_accessibility_pl": _("Dostępność miejsca po polsku"),
            "venue_accessibility_en": _("Dostępność miejsca po angielsku"),
            "summary_pl": _("Opis po polsku"),
            "summary_en": _("Opis po angielsku"),
            "published": _("Opublikowane (widoczne na stronie)"),
        }
        help_texts = {
            "title_en": EN_FALLBACK,
            "cancellation_reason_pl": _("Wymagany, gdy wydarzenie jest odwołane; pokazywany publicznie."),
            "venue_accessibility_pl": _("Na przykład: wejście bez schodów, winda, pętla indukcyjna, toaleta dostępna."),
        }
        widgets = {
            "starts_on": _date_input(),
            "ends_on": _date_input(),
            "starts_at": _time_input(),
            "ends_at": _time_input(),
            "status": forms.RadioSelect,
            "cancellation_reason_pl": forms.Textarea(attrs={"rows": 2}),
            "cancellation_reason_en": forms.Textarea(attrs={"rows": 2}),
            "venue_accessibility_pl": forms.Textarea(attrs={"rows": 2}),
            "venue_accessibility_en": forms.Textarea(attrs={"rows": 2}),
            "summary_pl": forms.Textarea(attrs={"rows": 6}),
            "summary_en": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_pl"].required = True
        self.fields["host"].queryset = _parties()
        self.fields["host"].empty_label = _("żadna")
        for name in ("organisers", "partners"):
            self.fields[name].queryset = _parties()
        if self.instance.pk and not self.is_bound:
            for role, (participants, names) in {
                EventParty.Role.ORGANISER: ("organisers", "organiser_names"),
                EventParty.Role.PARTNER: ("partners", "partner_names"),
            }.items():
                parties = [p for p in self.instance.parties.all() if p.role == role]
                self.initial[participants] = [p.participant_id for p in parties if p.participant_id]
                self.initial[names] = "\n".join(p.name for p in parties if not p.participant_id)


class ProposalForm(CleanTextMixin, forms.ModelForm):
    """What a gmina's staff give when they propose an event: the coordinator completes and publishes it."""

    class Meta:
        formfield_callback = model_formfield
        model = Event
        fields = PROPOSAL_FIELDS
        labels = {
            "title_pl": _("Tytuł po polsku"),
            "place_pl": _("Nazwa miejsca po polsku"),
            "summary_pl": _("Opis po polsku"),
        }
        help_texts = {"summary_pl": _("Co się wydarzy i dla kogo. Koordynator może tekst uzupełnić przed publikacją.")}
        widgets = {
            "starts_on": _date_input(),
            "ends_on": _date_input(),
            "starts_at": _time_input(),
            "ends_at": _time_input(),
            "summary_pl": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_pl"].required = True


class AgendaItemForm(CleanTextMixin, EditedFromMixin, forms.ModelForm):
    class Meta:
        formfield_callback = model_formfield
        model = AgendaItem
        fields = AGENDA_FIELDS
        labels = {
            "title_pl": _("Tytuł po polsku"),
            "title_en": _("Tytuł po angielsku"),
            "description_pl": _("Opis po polsku"),
            "description_en": _("Opis po angielsku"),
        }
        help_texts = {"title_en": EN_FALLBACK}
        widgets = {
            "starts_at": _time_input(),
            "ends_at": _time_input(),
            "description_pl": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }


class SpeakerForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Imię i nazwisko"), max_length=200, required=False)
    function_pl = forms.CharField(label=_("Funkcja po polsku"), max_length=400, required=False)
    function_en = forms.CharField(label=_("Funkcja po angielsku"), max_length=400, required=False)
    organisation = forms.CharField(label=_("Organizacja"), max_length=300, required=False)
    participant = forms.ModelChoiceField(
        label=_("Strona klastra"),
        queryset=Participant.objects.none(),
        required=False,
        empty_label=_("organizacja spoza klastra albo brak"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = _parties()

    def clean(self):
        data = super().clean()
        if self.is_filled() and not (data.get("name") or data.get("organisation") or data.get("participant")):
            raise forms.ValidationError(_("Podaj imię i nazwisko albo organizację prelegenta."))
        return data

    def is_filled(self):
        return any(
            self.cleaned_data.get(name)
            for name in ("name", "function_pl", "function_en", "organisation", "participant")
        )


class BaseSpeakerFormSet(forms.BaseFormSet):
    def speakers(self):
        """The speakers typed, in order: empty and removed rows left out."""
        return [form.cleaned_data for form in self.forms if form.is_filled() and not self._should_delete_form(form)]


SpeakerFormSet = forms.formset_factory(SpeakerForm, formset=BaseSpeakerFormSet, extra=2, can_delete=True)


def speaker_initial(item):
    return [
        {
            "name": speaker.name,
            "function_pl": speaker.function_pl,
            "function_en": speaker.function_en,
            "organisation": speaker.organisation,
            "participant": speaker.participant_id,
        }
        for speaker in item.speakers.all()
    ]


class PhotoForm(CleanTextMixin, forms.Form):
    # A plain file field: the content is checked by the model field's validator (klaster.uploads.validate_image).
    image = forms.FileField(
        label=_("Zdjęcie"),
        help_text=_("Obraz JPEG, PNG lub WebP, najwyżej 10 MB. Pliki SVG nie są przyjmowane."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMAGE_FORMATS.values())}),
    )
    alt_text = forms.CharField(
        label=_("Tekst alternatywny"),
        max_length=EventPhoto._meta.get_field("alt_text").max_length,
        help_text=_("Co widać na zdjęciu, dla osób, które go nie widzą (czytane przez czytniki ekranu)."),
    )
    caption = forms.CharField(label=_("Podpis"), max_length=300, required=False)
    credit = forms.CharField(label=_("Autor / źródło"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        image, alt_text = data.get("image"), data.get("alt_text")
        if alt_text and is_file_name(alt_text, getattr(image, "name", "")):
            self.add_error("alt_text", NOT_A_DESCRIPTION)
        return data


# --- registration -------------------------------------------------------------------------------------------------


class RegistrationSettingsForm(CleanTextMixin, forms.Form):
    """The coordinator opens or closes registration for an event."""

    is_open = forms.BooleanField(label=_("Zapisy otwarte"), required=False)
    capacity = forms.IntegerField(
        label=_("Liczba miejsc"), min_value=1, max_value=100000, help_text=_("Kolejne osoby trafią na listę rezerwową.")
    )
    deadline = forms.DateTimeField(
        label=_("Zapisy do"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Czas polski. Puste: zapisy trwają do rozpoczęcia wydarzenia."),
    )
    question_1 = forms.CharField(
        label=_("Pytanie 1"),
        max_length=300,
        required=False,
        help_text=_(
            "Na przykład: „Czy potrzebujesz tłumaczenia na polski język migowy?”. Odpowiedź jest krótkim tekstem."
        ),
    )
    question_2 = forms.CharField(label=_("Pytanie 2"), max_length=300, required=False)
    question_3 = forms.CharField(label=_("Pytanie 3"), max_length=300, required=False)

    @classmethod
    def initial_for(cls, registration_settings):
        if registration_settings is None:
            return {"is_open": False}
        initial = {
            "is_open": registration_settings.is_open,
            "capacity": registration_settings.capacity,
            "deadline": registration_settings.deadline,
        }
        for number, question in enumerate(registration_settings.questions, start=1):
            initial[f"question_{number}"] = question
        return initial

    def questions(self):
        return [self.cleaned_data[f"question_{number}"] for number in range(1, 4)]


class AnswersMixin:
    """One optional text field for each of the event's questions (answer_0, answer_1, ...)."""

    def add_answers(self, questions):
        for index, question in enumerate(questions):
            self.fields[f"answer_{index}"] = forms.CharField(label=question, max_length=1000, required=False)

    def answer_fields(self):
        return [self[name] for name in self.fields if name.startswith("answer_")]

    def answers(self):
        return [self.cleaned_data[name] for name in self.fields if name.startswith("answer_")]


class RegistrationForm(AnswersMixin, CleanTextMixin, forms.Form):
    """A visitor registers: name, e-mail, organisation, the answers, consent to the information clause."""

    name = forms.CharField(label=_("Imię i nazwisko"), max_length=200)
    email = forms.EmailField(
        label=_("Adres e-mail"), help_text=_("Na ten adres wyślemy potwierdzenie z plikiem kalendarza.")
    )
    organisation = forms.CharField(label=_("Organizacja lub instytucja"), max_length=300, required=False)
    consent = forms.BooleanField(
        label=_("Potwierdzam zapoznanie się z klauzulą informacyjną i zgadzam się na przetwarzanie podanych danych w celu "
                "zapisu na wydarzenie."),
        error_messages={"required": _("Bez tej zgody nie możemy przyjąć zapisu.")},
    )  # fmt: skip
    # The honeypot, as on the contact form: hidden from people (CSS and aria-hidden), filled by bots.
    fax = forms.CharField(
        label=_("Nie wypełniaj tego pola"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.add_answers(questions)

    @property
    def is_spam(self):
        return bool(self.data.get(self.add_prefix("fax"), "").strip())


class MemberRegistrationForm(AnswersMixin, CleanTextMixin, forms.Form):
    """A signed-in member of the portal registers with the account's name and address: only the answers, if any."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_answers(questions)


class RegistrationMessageForm(CleanTextMixin, forms.Form):
    """The coordinator writes to the registered people."""

    RECIPIENTS = {
        "confirmed": ("confirmed",),
        "all": ("confirmed", "waiting"),
    }

    recipients = forms.ChoiceField(
        label=_("Do kogo"),
        choices=[
            ("confirmed", _("do osób z potwierdzonym udziałem")),
            ("all", _("do osób z potwierdzonym udziałem i z listy rezerwowej")),
        ],
        widget=forms.RadioSelect,
        initial="confirmed",
    )
    subject = forms.CharField(label=_("Temat"), max_length=200)
    body = forms.CharField(label=_("Treść"), max_length=10000, widget=forms.Textarea(attrs={"rows": 10}))
    single_line_fields = ()

    def statuses(self):
        return self.RECIPIENTS[self.cleaned_data["recipients"]]


class PhotoTextForm(CleanTextMixin, forms.ModelForm):
    """The texts of a photo already added: its text alternative (required, not a file's name: EventPhoto.clean),
    caption and credit."""

    class Meta:
        model = EventPhoto
        fields = ["alt_text_pl", "alt_text_en", "caption_pl", "caption_en", "credit"]
        labels = {
            "alt_text_pl": _("Tekst alternatywny po polsku"),
            "alt_text_en": _("Tekst alternatywny po angielsku"),
            "caption_pl": _("Podpis po polsku"),
            "caption_en": _("Podpis po angielsku"),
            "credit": _("Autor / źródło"),
        }
        help_texts = {
            "alt_text_pl": _("Co widać na zdjęciu, dla osób, które go nie widzą (czytane przez czytniki ekranu)."),
            "alt_text_en": EN_FALLBACK,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alt_text_pl"].required = True


_DOCUMENT_ACCEPT = ",".join(
    [EXTENSIONS[fmt] for fmt in DOCUMENT_FORMATS] + [CONTENT_TYPES[EXTENSIONS[fmt]] for fmt in DOCUMENT_FORMATS]
)


class MaterialForm(CleanTextMixin, forms.ModelForm):
    """A material of an event. Adding needs the file; changing may replace it (`replacing`). The file's content is
    checked by the model field's validator (klaster.uploads.validate_document), through the service."""

    file = forms.FileField(
        label=_("Plik"),
        help_text=_("PDF, PPTX, ODP, DOCX lub XLSX, najwyżej 10 MB. Sprawdzamy zawartość pliku, nie jego nazwę."),
        widget=forms.ClearableFileInput(attrs={"accept": _DOCUMENT_ACCEPT}),
    )

    class Meta:
        model = EventMaterial
        fields = ["title_pl", "title_en", "kind", "is_public"]
        labels = {
            "title_pl": _("Tytuł po polsku"),
            "title_en": _("Tytuł po angielsku"),
            "is_public": _("Publiczny (do pobrania na stronie wydarzenia)"),
        }
        help_texts = {"title_en": EN_FALLBACK}

    def __init__(self, *args, replacing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_pl"].required = True
        if replacing:
            self.fields["file"].required = False
            self.fields["file"].label = _("Nowy plik (zastąpi obecny)")
            self.fields["file"].help_text = _("Zostaw puste, aby zachować obecny plik.")


class OutcomeForm(CleanTextMixin, forms.ModelForm):
    """What an event produced: exactly one of a version, an annex, a signature or a document, with a description."""

    class Meta:
        model = EventOutcome
        fields = ["version", "annex", "signature", "document", "description_pl", "description_en"]
        labels = {
            "version": _("Wersja porozumienia"),
            "annex": _("Aneks"),
            "signature": _("Podpis"),
            "document": _("Dokument"),
            "description_pl": _("Krótki opis po polsku"),
            "description_en": _("Krótki opis po angielsku"),
        }
        help_texts = {
            "version": _("Wybierz jedno z czterech: wersję, aneks, podpis albo dokument."),
            "description_en": EN_FALLBACK,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = Version.objects.select_related("agreement").order_by("agreement", "number")
        self.fields["annex"].queryset = Annex.objects.order_by("signed_on", "number")
        self.fields["signature"].queryset = Signature.objects.select_related(
            "participant", "version__agreement"
        ).order_by("signed_on", "participant__name")
        self.fields["document"].queryset = Document.objects.order_by("-date", "-pk")
        for name in EventOutcome.TARGETS:
            self.fields[name].empty_label = _("żaden")

    def clean(self):
        data = super().clean()
        if sum(1 for name in EventOutcome.TARGETS if data.get(name)) != 1:
            raise forms.ValidationError(
                _("Wybierz dokładnie jedno: wersję porozumienia, aneks, podpis albo dokument, który przyniosło.")
            )
        return data


class DuplicateForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Data rozpoczęcia kopii"),
        help_text=_("Kopia powstaje jako nieopublikowany szkic; pozostałe dane można zmienić po skopiowaniu."),
        widget=_date_input(),
    )
