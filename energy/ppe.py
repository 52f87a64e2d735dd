"""PPE codes (punkt poboru energii): the operator's code of a point of consumption or feed-in.

Polish distribution operators number their points in the GS1 GSRN form: 18 digits = 590 (GS1 Poland) + the
operator's company number (3224 for Tauron Dystrybucja, so its codes begin 5903224) + the point's number + one GS1
mod-10 check digit (weights 3, 1, 3, … from the right, the check digit left out). python-stdnum's EAN module computes
that check digit for a number of any length (`stdnum.ean.calc_check_digit`); its `validate` accepts only the EAN
lengths (8, 12, 13, 14), so the length is checked here. People type the code with spaces or dashes, as invoices
print it; the 18 digits are stored and shown in groups.

Older codes (letters and digits, their forms differ by operator) are kept as an alias as typed, without a check.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum import ean

PPE_LENGTH = 18
GS1_POLAND = "590"


def normalize_ppe(value: str) -> str:
    """The 18 digits of a PPE code, or ValidationError naming what is wrong."""
    compact = re.sub(r"[\s\-.]", "", value or "")
    if not compact:
        return ""
    if not compact.isdigit():
        raise ValidationError(
            _(
                "Kod PPE składa się z cyfr (spacje i myślniki są pomijane); starszy kod z literami wpisz jako dawny kod."
            ),
            code="ppe_format",
        )
    if len(compact) != PPE_LENGTH:
        raise ValidationError(
            _("Kod PPE ma 18 cyfr (podano %(count)s)."), code="ppe_length", params={"count": len(compact)}
        )
    if not compact.startswith(GS1_POLAND):
        raise ValidationError(_("Kod PPE zaczyna się od 590 (prefiks GS1 Polska)."), code="ppe_prefix")
    if ean.calc_check_digit(compact[:-1]) != compact[-1]:
        raise ValidationError(
            _("To nie jest poprawny kod PPE: cyfra kontrolna się nie zgadza. Sprawdź kod na fakturze."),
            code="ppe_checksum",
        )
    return compact


def format_ppe(value: str) -> str:
    """The code in the groups an invoice prints: 590 3224 0000000000 1 (left as it is when not 18 digits)."""
    if not value or len(value) != PPE_LENGTH:
        return value or ""
    return f"{value[:3]} {value[3:7]} {value[7:17]} {value[17]}"


class PPEField(models.CharField):
    """A CharField that accepts what people type and keeps the 18 digits of a valid PPE code."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", PPE_LENGTH)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return normalize_ppe(super().to_python(value) or "")

    def formfield(self, **kwargs):
        return super().formfield(**{"max_length": 30, **kwargs})
