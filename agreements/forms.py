"""Forms of the agreements app: the public version comparison and the upload of a PDF to verify, a gmina's council
resolution, and the coordinator's work on the agreement. They check what a person can correct on the page; the
services check again, under a lock, whatever could change between the page and the click."""

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from klaster.concurrency import EditedFromMixin
from klaster.form_fields import model_formfield
from klaster.text import CleanTextMixin
from klaster.uploads import validate_pdf, validate_pdf_header
from members.forms import ApplicationForm
from members.models import Application, Participant, Role

from .models import Agreement, Annex, Document, Signature
from .services import COORDINATOR_DOCUMENT_KINDS, SIGNATURE_BASES_RECORDED, current_parties
from .services.documents import DOCUMENT_FIELDS, RESOLUTION_FIELDS
from .text import sections_from_text

PDF_HELP = _("Dokument PDF, najwyżej 10 MB.")


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def pdf_field(label, *, required=False):
    return forms.FileField(
        label=label,
        required=required,
        validators=[validate_pdf],
        help_text=PDF_HELP,
        widget=forms.FileInput(attrs={"accept": "application/pdf"}),
    )


class DocumentFileInput(forms.ClearableFileInput):
    """The PDF of a stored Document: a new one replaces it, the box removes it. The current file is linked through the
    view that checks who may read it (agreements:document-file) under its uploaded name: a private file has no address
    of its own, and its stored name is random."""

    class CurrentFile:
        def __init__(self, document):
            self.url = reverse("agreements:document-file", args=[document.pk])
            self.name = document.file_original_name or _("plik PDF")

        def __str__(self):
            return str(self.name)

    def __init__(self, attrs=None):
        super().__init__({"accept": "application/pdf", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = self.CurrentFile(value.instance)
        return context


def version_label(version):
    if version.effective_on:
        return _("wersja %(number)s (obowiązuje od %(date)s)") % {
            "number": version.number,
            "date": formats.date_format(version.effective_on, "j E Y"),
        }
    return _("wersja %(number)s") % {"number": version.number}


# --- the public pages ------------------------------------------------------------------------------------------------


class VersionDiffForm(forms.Form):
    """Which two published versions to compare (GET: od, do)."""

    od = forms.TypedChoiceField(label=_("Wersja wcześniejsza"), coerce=int)
    do = forms.TypedChoiceField(label=_("Wersja późniejsza"), coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(version.number, version_label(version)) for version in versions]
        message = _("Wybierz jedną z opublikowanych wersji porozumienia.")
        for field in self.fields.values():
            field.choices = choices
            field.error_messages["invalid_choice"] = message
            field.error_messages["required"] = message

    def clean(self):
        data = super().clean()
        if data.get("od") is not None and data.get("od") == data.get("do"):
            raise forms.ValidationError(_("Wybierz dwie różne wersje, aby zobaczyć, co się zmieniło."))
        return data


class VerifyUploadForm(forms.Form):
    plik = forms.FileField(
        label=_("Plik PDF do sprawdzenia"),
        validators=[validate_pdf_header],  # parsed only if it is not one of ours (agreements.pdf.verification)
        help_text=_("Plik PDF do 10 MB. Sprawdzamy jego odcisk SHA-256; pliku nie zapisujemy."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


# --- a gmina's council resolutions -----------------------------------------------------------------------------------


class ResolutionForm(CleanTextMixin, EditedFromMixin, forms.ModelForm):
    """A council resolution (uchwała rady gminy) of `gmina`. The PDF is checked by the model's validator. Open it on a
    stored resolution with `edited_from=services.document_values(resolution)`."""

    class Meta:
        formfield_callback = model_formfield
        model = Document
        fields = RESOLUTION_FIELDS
        labels = {
            "number": _("Numer uchwały"),
            "date": _("Data podjęcia"),
            "title": _("Tytuł"),
            "url": _("Adres uchwały w BIP"),
            "file": _("Plik PDF uchwały"),
        }
        help_texts = {
            "number": _("Tak jak w uchwale, na przykład: XXXIV/245/2018."),
            "title": _("Na przykład: w sprawie przystąpienia Gminy do klastra energii."),
            "file": PDF_HELP,
        }
        widgets = {
            "date": date_input(),
            "title": forms.Textarea(attrs={"rows": 3}),
            "file": DocumentFileInput(),
        }

    def __init__(self, *args, gmina, **kwargs):
        super().__init__(*args, **kwargs)
        self.gmina = gmina
        self.instance.kind = Document.Kind.RESOLUTION
        self.instance.participant = gmina
        self.fields["number"].required = True

    def clean_number(self):
        number = " ".join(self.cleaned_data["number"].split())
        taken = Document.objects.resolutions().filter(participant=self.gmina, number__iexact=number)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        existing = taken.first()
        if existing is not None:
            raise forms.ValidationError(
                _("Uchwała o numerze %(number)s jest już zapisana dla tej gminy. Sprawdź numer."),
                code="duplicate_number",
                params={"number": existing.number},
            )
        return number


# --- the coordinator's review of applications to join -------------------------------------------------------------

OPEN = "open"  # the queue's default: the applications still to decide


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Stan"),
        required=False,
        choices=[
            (OPEN, _("do rozstrzygnięcia")),
            ("", _("wszystkie")),
            *Application.Status.choices,
        ],
    )
    gmina = forms.ModelChoiceField(
        label=_("Gmina"),
        required=False,
        queryset=Participant.objects.none(),
        empty_label=_("wszystkie"),
    )
    category = forms.ChoiceField(
        label=_("Kategoria"),
        required=False,
        choices=[("", _("wszystkie")), *Participant.Category.choices],
    )
    q = forms.CharField(label=_("Szukaj (nazwa, NIP, e-mail)"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gmina"].queryset = Participant.objects.gminas().order_by("name")

    def filter(self, applications):
        data = self.cleaned_data if self.is_valid() else {"status": OPEN}
        status = data.get("status", OPEN) if self.data.get("status") is not None else OPEN
        if status == OPEN:
            applications = applications.open()
        elif status:
            applications = applications.filter(status=status)
        if data.get("gmina"):
            applications = applications.filter(gmina=data["gmina"])
        if data.get("category"):
            applications = applications.filter(category=data["category"])
        if data.get("q"):
            q = data["q"].strip()
            digits = "".join(c for c in q if c.isdigit())
            match = Q(name__icontains=q) | Q(email__icontains=q)
            if len(digits) >= 5:
                match |= Q(nip__contains=digits) | Q(regon__contains=digits) | Q(krs__contains=digits)
            applications = applications.filter(match)
        return applications


# --- the coordinator's work on the agreement -------------------------------------------------------------------------


class AgreementForm(CleanTextMixin, forms.ModelForm):
    single_line_fields = ("title",)

    class Meta:
        model = Agreement
        fields = ["title", "signed_on", "signed_place", "status", "summary_pl", "summary_en"]
        labels = {
            "title": _("Tytuł porozumienia"),
            "summary_pl": _("Streszczenie (po polsku)"),
            "summary_en": _("Streszczenie (po angielsku)"),
        }
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "signed_on": date_input(),
            "summary_pl": forms.Textarea(attrs={"rows": 8}),
            "summary_en": forms.Textarea(attrs={"rows": 8}),
        }


class AnnexForm(CleanTextMixin, forms.ModelForm):
    """An annex and the draft of the version it introduces."""

    effective_on = forms.DateField(
        label=_("Nowa wersja obowiązuje od"),
        required=False,
        widget=date_input(),
        help_text=_("Można uzupełnić później; jest wymagana do publikacji."),
    )
    change_summary = forms.CharField(
        label=_("Co się zmienia"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Krótko, dla czytelników historii wersji."),
    )

    class Meta:
        model = Annex
        fields = ["number", "signed_on", "subject", "text", "file"]
        help_texts = {
            "number": _("Tak jak na aneksie, na przykład: 1 albo 1/2025."),
            "text": _("Markdown: akapity, listy, wyróżnienia. Tekst samego aneksu, nie tekst jednolity."),
            "file": PDF_HELP,
        }
        widgets = {
            "signed_on": date_input(),
            "text": forms.Textarea(attrs={"rows": 8}),
            "file": forms.FileInput(attrs={"accept": "application/pdf"}),
        }

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement

    def clean_number(self):
        number = " ".join(self.cleaned_data["number"].split())
        if self.agreement.annexes.filter(number__iexact=number).exists():
            raise forms.ValidationError(
                _("Aneks nr %(number)s jest już zapisany. Sprawdź numer."),
                code="duplicate_number",
                params={"number": number},
            )
        return number


class VersionTextForm(CleanTextMixin, forms.Form):
    """The whole text of a draft in one field, its effective date and summary."""

    text = forms.CharField(
        label=_("Tekst wersji"),
        widget=forms.Textarea(attrs={"rows": 30, "class": "agreement-source", "spellcheck": "true", "lang": "pl"}),
        help_text=_(
            "Każdy paragraf zaczyna się od osobnego wiersza „§ 1. Tytuł paragrafu”, potem jego treść w Markdown "
            "(akapity oddzielone pustym wierszem, listy „1.” lub „-”, **pogrubienie**, *kursywa*)."
        ),
    )
    effective_on = forms.DateField(label=_("Obowiązuje od"), required=False, widget=date_input())
    change_summary = forms.CharField(
        label=_("Co się zmieniło"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_text(self):
        text = self.cleaned_data["text"]
        self.sections = sections_from_text(text)
        return text


class AnnexSignaturesForm(forms.Form):
    """Which of the current parties signed the annex of a published version, when and where."""

    participants = forms.ModelMultipleChoiceField(
        label=_("Strony, które podpisały aneks"),
        queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    signed_on = forms.DateField(label=_("Data podpisania"), widget=date_input())
    signed_place = forms.CharField(label=_("Miejsce podpisania"), max_length=200, required=False)

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = current_parties(version.agreement).exclude(signatures__version=version)


class RepresentativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, role):
        period = f" ({role.period})" if role.period else ""
        return f"{role.participant.name}: {role.person.full_name}, {role.function}{period}"


def not_in_function(role):
    message = _("%(person)s nie pełnił(a) funkcji „%(function)s” w dniu podpisania. Sprawdź datę albo osobę.")
    return message % {"person": role.person.full_name, "function": role.function}


class SignatureRepresentativeForm(forms.Form):
    """Who signed for the party on a recorded signature: one of its representatives, or "not known"."""

    representative = RepresentativeChoiceField(
        label=_("Reprezentowana przez"), queryset=None, required=False, empty_label=_("— nie podano —")
    )

    def __init__(self, *args, signature, **kwargs):
        super().__init__(*args, **kwargs)
        self.signature = signature
        party = signature.participant
        self.fields["representative"].queryset = Role.objects.signatories(party.cluster_id).filter(participant=party)

    def clean_representative(self):
        role = self.cleaned_data["representative"]
        if role is not None and not role.covers(self.signature.signed_on):
            raise forms.ValidationError(not_in_function(role))
        return role


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, version):
        return version_label(version)


class SignatureForm(CleanTextMixin, forms.ModelForm):
    """A founding signature or an accession of one participant to a published version."""

    version = VersionChoiceField(label=_("Wersja porozumienia"), queryset=None, empty_label=None)
    representative = RepresentativeChoiceField(
        label=_("Reprezentowana przez"),
        queryset=None,
        required=False,
        empty_label=_("— nie podano —"),
        help_text=_(
            "Osoba, która reprezentuje wybraną stronę. Brakującą osobę dodasz w panelu, na stronie danych strony "
            "(„Osoby i ich funkcje”)."
        ),
    )

    class Meta:
        model = Signature
        fields = ["participant", "version", "basis", "signed_on", "signed_place", "representative", "scan"]
        help_texts = {"scan": PDF_HELP}
        widgets = {
            "signed_on": date_input(),
            "scan": forms.FileInput(attrs={"accept": "application/pdf"}),
        }

    def __init__(self, *args, agreement, party=None, **kwargs):
        """`party`: the page was opened from this party's page; its representatives alone are offered."""
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = Participant.objects.filter(cluster=agreement.cluster).order_by(
            "kind", "name"
        )
        versions = agreement.versions.published().order_by("-number")
        self.fields["version"].queryset = versions
        self.fields["version"].initial = versions.values_list("pk", flat=True).first()
        self.fields["basis"].choices = [
            (value, label) for value, label in Signature.Basis.choices if value in SIGNATURE_BASES_RECORDED
        ]
        representatives = Role.objects.signatories(agreement.cluster)
        if party is not None and not self.is_bound:
            self.initial["participant"] = party.pk
            representatives = representatives.filter(participant=party)
        self.fields["representative"].queryset = representatives

    def clean(self):
        data = super().clean()
        participant, version, role = data.get("participant"), data.get("version"), data.get("representative")
        if role is not None and participant is not None and role.participant_id != participant.pk:
            self.add_error(
                "representative",
                _("%(person)s nie reprezentuje strony %(party)s. Wybierz osobę z funkcją u tej strony.")
                % {"person": role.person.full_name, "party": participant.name},
            )
        elif role is not None and data.get("signed_on") and not role.covers(data["signed_on"]):
            self.add_error("representative", not_in_function(role))
        if participant and version and Signature.objects.filter(participant=participant, version=version).exists():
            self.add_error(
                "participant",
                _("%(party)s ma już zapisany podpis wersji %(number)s.")
                % {"party": participant.name, "number": version.number},
            )
        return data


class PartyEndForm(CleanTextMixin, forms.Form):
    """Withdrawal or exclusion of a party, with the document that says so."""

    status = forms.ChoiceField(
        label=_("Rodzaj zakończenia"),
        choices=[
            (Participant.Status.WITHDRAWN, _("wystąpienie (oświadczenie strony)")),
            (Participant.Status.EXCLUDED, _("wykluczenie (uchwała o wykluczeniu)")),
        ],
        widget=forms.RadioSelect,
    )
    left_on = forms.DateField(label=_("Członkostwo kończy się z dniem"), widget=date_input())
    reason = forms.CharField(label=_("Powód"), widget=forms.Textarea(attrs={"rows": 3}))
    document_number = forms.CharField(
        label=_("Numer dokumentu"),
        max_length=100,
        required=False,
        help_text=_("Numer oświadczenia o wystąpieniu lub uchwały o wykluczeniu, jeśli go ma."),
    )
    document_file = pdf_field(_("Dokument (PDF)"))

    def __init__(self, *args, participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant

    def clean_left_on(self):
        left_on = self.cleaned_data["left_on"]
        joined_on = self.participant.joined_on
        if joined_on and left_on < joined_on:
            raise forms.ValidationError(
                _("Członkostwo nie może skończyć się przed przystąpieniem (%(date)s)."),
                code="before_joined",
                params={"date": formats.date_format(joined_on, "j E Y")},
            )
        return left_on


class AgreementDocumentForm(CleanTextMixin, EditedFromMixin, forms.ModelForm):
    """A document of the agreement (rules, letter of intent, annex, declaration...); resolutions are the gminas'. Open
    it on a stored document with `edited_from=services.document_values(document)`: a new file then replaces the
    stored one, and none keeps it."""

    single_line_fields = ("title",)

    class Meta:
        formfield_callback = model_formfield
        model = Document
        fields = DOCUMENT_FIELDS
        help_texts = {"file": PDF_HELP}
        widgets = {
            "date": date_input(),
            "title": forms.Textarea(attrs={"rows": 2}),
            "file": DocumentFileInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, label) for value, label in Document.Kind.choices if value in COORDINATOR_DOCUMENT_KINDS
        ]


class RejectForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Uzasadnienie (wnioskodawca je zobaczy)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )


class AcceptForm(CleanTextMixin, forms.Form):
    signed_on = forms.DateField(
        label=_("Data przystąpienia (podpisania deklaracji)"),
        widget=date_input(),  # ISO, the only value an <input type="date"> reads
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


STAKEHOLDER_HELP = {
    "gmina": _("Gmina klastra, w której interesariusz działa lub planuje instalację; zostaw puste, jeśli żadna."),
    "nip": _("Dla organizacji podaj co najmniej jeden z numerów: NIP, REGON lub KRS. Osoba fizyczna ich nie ma."),
    "contact_name": _("Osoba, z którą koordynator kontaktuje się w sprawach interesariusza."),
    "email": _("Adres e-mail interesariusza albo osoby do kontaktu."),
}


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
        # Written to the coordinator, who adds someone else, not to an applicant.
        self.fields["gmina"].label = _("Gmina interesariusza")
        for name, text in STAKEHOLDER_HELP.items():
            self.fields[name].help_text = text

    clean_signed_on = AcceptForm.clean_signed_on

    @property
    def is_spam(self):
        return False
