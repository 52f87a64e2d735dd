"""Polish organisation identifiers: NIP, REGON, KRS and TERYT (TERC).

Checksums come from python-stdnum; this module only turns its answers into Django validation
errors in the user's language and stores the normalised digits. People may type spaces, dashes
or a "PL" prefix; we keep digits only and format them for display.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon


def normalize_nip(value: str) -> str:
    """Return the 10 digits of a NIP or raise ValidationError."""
    value = (value or "").strip()
    if not value:
        return ""
    compact = stdnum_nip.compact(value)
    try:
        return stdnum_nip.validate(compact)
    except stdnum_exceptions.InvalidLength:
        raise ValidationError(_("NIP ma 10 cyfr."), code="nip_length") from None
    except stdnum_exceptions.InvalidFormat:
        raise ValidationError(
            _("NIP może zawierać tylko cyfry (oraz spacje, myślniki i przedrostek PL)."), code="nip_format"
        ) from None
    except stdnum_exceptions.ValidationError:
        raise ValidationError(
            _("To nie jest poprawny NIP: suma kontrolna się nie zgadza."), code="nip_checksum"
        ) from None


def normalize_regon(value: str) -> str:
    """Return the 9 or 14 digits of a REGON or raise ValidationError."""
    value = (value or "").strip()
    if not value:
        return ""
    compact = stdnum_regon.compact(value)
    try:
        return stdnum_regon.validate(compact)
    except stdnum_exceptions.InvalidLength:
        raise ValidationError(_("REGON ma 9 albo 14 cyfr."), code="regon_length") from None
    except stdnum_exceptions.InvalidFormat:
        raise ValidationError(_("REGON może zawierać tylko cyfry."), code="regon_format") from None
    except stdnum_exceptions.ValidationError:
        raise ValidationError(
            _("To nie jest poprawny REGON: suma kontrolna się nie zgadza."), code="regon_checksum"
        ) from None


def normalize_krs(value: str) -> str:
    """Return a KRS number as 10 zero-padded digits or raise ValidationError (KRS has no checksum)."""
    value = re.sub(r"[\s-]", "", (value or "").strip())
    if not value:
        return ""
    if value.upper().startswith("KRS"):
        value = value[3:]
    if not value.isdigit() or len(value) > 10 or int(value) == 0:
        raise ValidationError(_("Numer KRS to do 10 cyfr, np. 0000123456."), code="krs_format")
    return value.zfill(10)


def normalize_teryt(value: str) -> str:
    """Return a 7-digit TERYT (TERC) gmina code or raise ValidationError."""
    value = re.sub(r"\s", "", (value or "").strip())
    if not value:
        return ""
    if not re.fullmatch(r"\d{7}", value) or int(value[:2]) % 2 or not 2 <= int(value[:2]) <= 32:
        raise ValidationError(
            _("Kod TERYT gminy ma 7 cyfr: województwo, powiat, gmina i rodzaj, np. 2413082."), code="teryt_format"
        )
    if value[6] not in "12345":
        raise ValidationError(_("Ostatnia cyfra kodu TERYT (rodzaj gminy) musi być od 1 do 5."), code="teryt_kind")
    return value


def format_nip(value: str) -> str:
    return stdnum_nip.format(value) if value else ""


class _IdentifierField(models.CharField):
    """A CharField that accepts what people type and keeps the normalised digits."""

    normalize = staticmethod(lambda value: value)
    typed_length = 24  # room in forms for spaces, dashes and a prefix

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", self.stored_length)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return self.normalize(super().to_python(value) or "")

    def formfield(self, **kwargs):
        return super().formfield(**{"max_length": self.typed_length, **kwargs})


class NIPField(_IdentifierField):
    normalize = staticmethod(normalize_nip)
    stored_length = 10


class REGONField(_IdentifierField):
    normalize = staticmethod(normalize_regon)
    stored_length = 14


class KRSField(_IdentifierField):
    normalize = staticmethod(normalize_krs)
    stored_length = 10


class TERYTField(_IdentifierField):
    normalize = staticmethod(normalize_teryt)
    stored_length = 7
