from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Participant


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
