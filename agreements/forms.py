"""Forms of the agreements app: a gmina's council resolution."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.forms import https_url_fields

from .models import Document


class ResolutionForm(forms.ModelForm):
    """A council resolution (uchwała rady gminy) of `gmina`. The PDF is checked by the model's validator."""

    class Meta:
        formfield_callback = https_url_fields
        model = Document
        fields = ["number", "date", "title", "url", "file"]
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
            "file": _("Dokument PDF, najwyżej 10 MB."),
        }
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "title": forms.Textarea(attrs={"rows": 3}),
            "file": forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
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
