"""Invisible characters in what people type: right-to-left overrides, zero-width and control characters are cleaned
from every name and text a form takes (klaster.text), Polish text and the line breaks of long texts stay."""

import pytest
from django.urls import reverse

from agreements.forms import AgreementDocumentForm, RejectForm, StakeholderForm
from klaster.text import clean_text
from members.forms import ApplicationForm, ContactForm, GminaProfileForm, ParticipantForm
from members.models import Application

POLISH = "Zażółć gęślą jaźń – ŁÓDŹ, Świętochłowice „Źródło”"
HOSTILE = "\u202eGmina\u200b Tworóg\u2066\u00ad\ufeff\x07\x1b[31m"  # shown as "Gmina Tworóg[31m" once cleaned


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("Gmina \u202eTworóg", "Gmina Tworóg"),  # right-to-left override
        ("Spół\u200bdzielnia\u200c\u200d", "Spółdzielnia"),  # zero-width space, non-joiner, joiner
        ("\ufeffFirma\u2060 \u2066A\u2069 \u200eB\u200f", "Firma A B"),  # BOM, word joiner, isolates, marks
        ("Ener\u00adgia\x00\x07\x1b", "Energia"),  # soft hyphen, NUL, bell, escape
        ("Linia\npierwsza\tdruga\r\n", "Linia pierwsza druga "),  # one line: breaks and tabs are spaces
        ("Lo\u0301dz\u0301", "Lódź"),  # combining accents composed
        (POLISH, POLISH),
    ],
)
def test_invisible_characters_are_cleaned_and_polish_text_stays(typed, cleaned):
    assert clean_text(typed) == cleaned


def test_a_long_text_keeps_its_line_breaks_and_tabs():
    typed = "Akapit pierwszy\u202e.\r\n\r\nAkapit drugi:\n\t- punkt\u2028koniec\u200b"
    assert clean_text(typed, multiline=True) == "Akapit pierwszy.\n\nAkapit drugi:\n\t- punkt\nkoniec"
    assert clean_text(POLISH + "\n" + POLISH, multiline=True) == POLISH + "\n" + POLISH


def test_an_application_with_hidden_characters_in_its_names_is_saved_cleaned(client, cluster):
    data = {
        "category": "cooperative",
        "name": "Spółdzielnia \u202eEnergetyczna\u200b Słoneczny Tworóg",
        "nip": "526-000-12-46",
        "street": "ul. Słoneczna 1\u2066",
        "postal_code": "42-690",
        "city": "Twor\u200bóg",
        "contact_name": "Anna\u200b Kowalska\u202e",
        "email": "anna@example.org",
        "contribution": "Farma\u202e fotowoltaiczna.\n\nNa gruntach spółdzielni.",
        "consent": "on",
        "fax": "",
    }
    response = client.post(reverse("members:apply"), data, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.name == "Spółdzielnia Energetyczna Słoneczny Tworóg"
    assert (application.contact_name, application.city, application.street) == (
        "Anna Kowalska",
        "Tworóg",
        "ul. Słoneczna 1",
    )
    assert application.contribution == "Farma fotowoltaiczna.\n\nNa gruntach spółdzielni."


def test_a_name_of_nothing_but_invisible_characters_is_refused_in_polish(client, cluster):
    form = ContactForm({"first_name": "\u200b\u202e", "last_name": "\u2066\u00ad", "function_pl": "wójt"})
    assert not form.is_valid()
    assert form.errors["first_name"] == ["To pole jest wymagane."]
    assert form.errors["last_name"] == ["To pole jest wymagane."]


def test_every_form_that_takes_names_and_texts_cleans_them(cluster, tworog):
    contact = ContactForm({"first_name": HOSTILE, "last_name": "Nowak", "function_pl": "wójt\u202e gminy"})
    assert contact.is_valid(), contact.errors
    assert (contact.cleaned_data["first_name"], contact.cleaned_data["function_pl"]) == (
        "Gmina Tworóg[31m",
        "wójt gminy",
    )

    profile = GminaProfileForm({"description_pl": "Opis\u202e.\n\nDrugi\u200b akapit.", "city": "Twor\u200bóg"})
    profile.is_valid()
    assert profile.data["description_pl"] == "Opis.\n\nDrugi akapit." and profile.data["city"] == "Tworóg"

    party = ParticipantForm({"name": HOSTILE, "city": "Twor\u200bóg"}, instance=tworog)
    assert (party.data["name"], party.data["city"]) == ("Gmina Tworóg[31m", "Tworóg")

    application = ApplicationForm({"name": HOSTILE, "contact_name": "Jan\u200b"}, cluster=cluster)
    stakeholder = StakeholderForm({"name": HOSTILE, "city": "\u202eLubliniec"}, cluster=cluster)
    assert application.data["name"] == stakeholder.data["name"] == "Gmina Tworóg[31m"
    assert stakeholder.data["city"] == "Lubliniec"

    document = AgreementDocumentForm({"title": "Regulamin\u202e\nklastra\u200b", "number": "1/2024\u2066"})
    assert (document.data["title"], document.data["number"]) == ("Regulamin klastra", "1/2024")
    assert RejectForm({"reason": "Brak\u200b zgody.\nPowód\u202e drugi."}).data["reason"] == "Brak zgody.\nPowód drugi."


def test_passwords_are_never_changed(cluster):
    from django import forms

    from klaster.text import CleanTextMixin

    class PasswordForm(CleanTextMixin, forms.Form):
        password = forms.CharField(widget=forms.PasswordInput)

    assert PasswordForm({"password": "ab\u200bc\x07"}).data["password"] == "ab\u200bc\x07"
