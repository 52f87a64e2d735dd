"""The register file's cells and what they hold: django-import-export widgets that read a cell (and write one on
export). Each raises ValueError with the message the user sees; the resource puts it under the cell's column.

A choice is read from its code ("company"), its name in Polish or English ("przedsiębiorstwo", "business") or one of a
few names people use for it ("gmina" for the category of a gmina), in any case, with or without Polish letters
("czlonek"); `readable` writes the name in the active language, for a file a person reads."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets

from klaster import identifiers
from klaster.slugs import slugify

READ_IN = ("pl", "en")  # the languages whose names of choices a file may use


def choice_key(text):
    """A choice as written, compared: lower case, Polish letters transliterated, spaces, hyphens and underscores alike
    ("Członek" and "czlonek", "jst company" and "jst_company")."""
    return slugify(text, max_length=200, fallback="").replace("_", "-")


def _choice_lookup(choices, aliases):
    """The codes, the names in each of READ_IN and the aliases of TextChoices, by choice_key, to their codes. A code
    comes first, then a name in Polish, in English, then an alias: a name never takes the place of a code."""
    table = {}
    for value in choices.values:
        table.setdefault(choice_key(value), value)
    for language in READ_IN:
        with translation.override(language):
            for value, label in choices.choices:
                table.setdefault(choice_key(str(label)), value)
    for alias, value in aliases.items():
        table.setdefault(choice_key(alias), value)
    return table


class TextWidget(widgets.CharWidget):
    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(TextWidget):
    """A TextChoices code, read from the code, a name or an alias (`_choice_lookup`). An empty cell is `empty`, or a
    problem without one."""

    def __init__(self, choices, empty=None, aliases=None):
        super().__init__()
        self.choices = choices
        self.empty = empty
        self.aliases = aliases or {}
        self._lookup = None

    def lookup(self, value):
        if self._lookup is None:
            self._lookup = _choice_lookup(self.choices, self.aliases)
        return self._lookup.get(choice_key(value))

    def readable(self, value):
        """The name of the code `value` in the active language, for a person; anything else as it is."""
        try:
            return str(self.choices(value).label)
        except ValueError:
            return "" if value is None else str(value)

    def clean(self, value, row=None, **kwargs):
        allowed = ", ".join(f"{label} ({value})" for value, label in self.choices.choices)
        if not value:
            if self.empty is not None:
                return self.empty
            raise ValueError(_("Podaj jedną z wartości: %(allowed)s.") % {"allowed": allowed})
        code = self.lookup(value)
        if code is None:
            raise ValueError(
                _("Nieznana wartość „%(value)s”; dozwolone: %(allowed)s.") % {"value": value, "allowed": allowed}
            )
        return code


class IdentifierWidget(TextWidget):
    """NIP, REGON, KRS or TERYT as people type them; the normalised digits, or the model's message why not."""

    def __init__(self, normalize):
        super().__init__()
        self.normalize = normalize

    def clean(self, value, row=None, **kwargs):
        try:
            return self.normalize(value or "")
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None


class WebsiteWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if value and "://" not in value:
            value = "https://" + value  # "www.firma.pl" as people write it
        return value


class DayWidget(widgets.Widget):
    FORMATS = ("%Y-%m-%d", "%d.%m.%Y")

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        if isinstance(value, date):
            return value
        for pattern in self.FORMATS:
            try:
                return datetime.strptime(value.strip(), pattern).date()
            except ValueError:
                continue
        raise ValueError(_("„%(value)s” nie jest datą; podaj ją jako RRRR-MM-DD, np. 2024-03-31.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class YesNoWidget(widgets.Widget):
    TRUE = {"tak", "t", "yes", "y", "true", "1", "x", "prawda"}
    FALSE = {"nie", "n", "no", "false", "0", "fałsz", "falsz", ""}

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("Wpisz „tak” albo „nie”."))

    def render(self, value, obj=None, **kwargs):
        return "tak" if value else "nie"

    def readable(self, value):
        """Yes or no in the active language ("tak" or "nie" in Polish), which `clean` reads in Polish and English."""
        return _("tak") if value else _("nie")


class GminaWidget(widgets.Widget):
    """The gmina a party is located in, by its TERYT code, among the gminas read before the rows."""

    def __init__(self):
        super().__init__()
        self.gminas = {}

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        try:
            teryt = identifiers.normalize_teryt(value)
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None
        try:
            return self.gminas[teryt]
        except KeyError:
            raise ValueError(_("W rejestrze nie ma gminy o kodzie TERYT %(teryt)s.") % {"teryt": teryt}) from None

    def render(self, value, obj=None, **kwargs):
        return value.teryt if value else ""
