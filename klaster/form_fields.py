"""How a model's field becomes a form field, the same in every form of the portal (`formfield_callback` of a
ModelForm's Meta): addresses typed without a scheme are taken as https:// (Django 6's default, chosen now), and
decimal numbers are read the way people type them."""

from django import forms
from django.db import models


class DecimalField(forms.DecimalField):
    """A decimal number typed the Polish way ("12,5", "1 250,5") or the English way ("12.5"), whatever the page's
    language and whatever the browser's: a text box with the decimal keyboard on phones (a number box lets the browser
    refuse a comma, depending on its own language), shown again with the page's decimal separator."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.is_localized = True  # shown as the page's language writes it; read below, whatever the language

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["inputmode"] = "decimal"
        return attrs

    def to_python(self, value):
        if isinstance(value, str):
            value = read_decimal(value)
        return super().to_python(value)


def read_decimal(text):
    """The digits of a number as Python reads them: spaces (also non-breaking ones) between thousands dropped, a
    decimal comma taken as a point; with both marks ("1.250,5" or "1,250.5") the last one is the decimal one."""
    text = "".join(text.split()).replace("\u202f", "")
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "")
    return text.replace(",", ".")


def model_formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    if isinstance(field, models.DecimalField):
        kwargs["form_class"] = DecimalField
    return field.formfield(**kwargs)
