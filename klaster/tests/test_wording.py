"""Wording that speaks to everyone: no text of the portal addresses a man only ("Zapoznałem się", "złożyłeś") where a
woman or an institution may be the one acting, django-allauth's included; and no select offers Django's bare
"---------" as its empty choice."""

import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.db.models import BLANK_CHOICE_DASH
from django.utils import translation

from klaster.wording import ALLAUTH_TEXTS

# A past-tense verb in the masculine second person ("złożyłeś", "podjąłeś") or first person ("zapoznałem", "byłem").
# Nouns in the instrumental that end the same way ("z udziałem", "działem") are no verbs.
MASCULINE_ONLY = re.compile(r"\b\w+(?:łeś|[aiyąę]łem)\b|/am\b", re.IGNORECASE)
NOUNS = {"udziałem", "działem", "kanałem", "materiałem", "potencjałem", "kapitałem", "zapałem", "całem"}


def masculine_words(text):
    return [match.group(0) for match in MASCULINE_ONLY.finditer(text) if match.group(0).lower() not in NOUNS]


def _catalogue_texts(path):
    """Every msgid and msgstr of a .po file, continuation lines joined (the catalogue's own format, nothing more)."""
    texts, current = [], None
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        keyword = re.match(r"^(msgid|msgid_plural|msgstr(?:\[\d+\])?) ", line)
        if keyword:
            current = []
            texts.append(current)
            line = line[keyword.end() :]
        if line.startswith('"') and current is not None:
            current.append(line[1:-1])
    return ["".join(parts) for parts in texts]


@pytest.mark.parametrize("word", ["Zapoznałem", "złożyłeś", "podjąłeś", "Zapisałem/am", "prosiłeś"])
def test_the_check_finds_masculine_forms(word):
    assert masculine_words(f"Tekst: {word} coś.")


@pytest.mark.parametrize("text", ["spółka z udziałem jednostki samorządu", "Potwierdzam zapoznanie się", "Złożono"])
def test_the_check_leaves_neutral_text(text):
    assert masculine_words(text) == []


def test_no_text_of_the_portal_addresses_a_man_only():
    locale = Path(settings.BASE_DIR) / "locale"
    found = {}
    for language in ("pl", "en"):  # the Polish msgids are in both catalogues; Polish translations of allauth in pl
        for text in _catalogue_texts(locale / language / "LC_MESSAGES" / "django.po"):
            if language == "en" and not re.search(r"[ąćęłńóśźż]", text, re.IGNORECASE):
                continue
            if words := masculine_words(text):
                found[text] = words
    assert found == {}


@pytest.mark.parametrize("text", ALLAUTH_TEXTS)
def test_allauth_texts_read_in_polish_without_a_masculine_form(text):
    with translation.override("pl"):
        polish = translation.gettext(text)
    assert polish != text  # translated by the project's catalogue
    assert masculine_words(polish) == []


@pytest.mark.django_db
def test_the_password_reset_page_asks_without_a_masculine_form(client):
    response = client.get("/konto/password/reset/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nie pamiętasz hasła?" in content
    assert "Zapomniałeś" not in content


class _Choices(forms.Form):
    required_kind = forms.ChoiceField(choices=[*BLANK_CHOICE_DASH, ("a", "A")])
    optional_kind = forms.ChoiceField(choices=[*BLANK_CHOICE_DASH, ("a", "A")], required=False)


@pytest.mark.parametrize(
    ("language", "choose", "none"), [("pl", "Wybierz…", "Nie wybrano"), ("en", "Choose…", "None chosen")]
)
def test_the_empty_choice_of_a_select_is_said_in_words(language, choose, none):
    with translation.override(language):
        form = _Choices()
        required, optional = str(form["required_kind"]), str(form["optional_kind"])
    assert "---------" not in required + optional
    assert f'<option value="" selected>{choose}</option>' in required
    assert f'<option value="" selected>{none}</option>' in optional


@pytest.mark.django_db
def test_the_form_to_join_has_no_bare_dashes(client, cluster):
    content = client.get("/dolacz/").content.decode()
    assert "---------" not in content
    assert "Wybierz…" in content
