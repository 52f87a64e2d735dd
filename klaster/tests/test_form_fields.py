"""Numbers typed the Polish way ("12,5") are read as 12.5 whatever the page's language, and shown again with the page's
decimal separator; the box is a text box with the decimal keyboard, so no browser refuses the comma."""

from decimal import Decimal

import pytest
from django.utils import translation

from klaster.form_fields import DecimalField, read_decimal
from klaster.testing import application_form
from members.forms import ApplicationForm


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("12,5", "12.5"),
        ("12.5", "12.5"),
        ("1 250,5", "1250.5"),
        ("1\u00a0250,5", "1250.5"),
        ("1\u202f250,5", "1250.5"),
        ("1.250,5", "1250.5"),
        ("1,250.5", "1250.5"),
        (" 7 ", "7"),
    ],
)
def test_read_decimal(typed, read):
    assert read_decimal(typed) == read


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("typed", ["12,5", "12.5"])
def test_a_decimal_field_reads_a_comma_and_a_point_in_either_language(language, typed):
    field = DecimalField(max_digits=8, decimal_places=2)
    with translation.override(language):
        assert field.clean(typed) == Decimal("12.5")


def test_a_decimal_field_refuses_what_is_no_number():
    field = DecimalField(max_digits=8, decimal_places=2)
    with translation.override("pl"), pytest.raises(Exception) as refused:
        field.clean("12,5,5")
    assert "liczbę" in " ".join(refused.value.messages)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_form_to_join_reads_the_planned_capacity_typed_with_a_comma(cluster, language):
    with translation.override(language):
        form = ApplicationForm(data=application_form(planned_capacity_kw="12,5"), cluster=cluster)
        assert form.is_valid(), form.errors
    assert form.cleaned_data["planned_capacity_kw"] == Decimal("12.5")


@pytest.mark.django_db
def test_the_box_is_a_text_box_with_the_decimal_keyboard_shown_with_a_polish_comma(cluster):
    with translation.override("pl"):
        form = ApplicationForm(initial={"planned_capacity_kw": Decimal("12.5")}, cluster=cluster)
        html = str(form["planned_capacity_kw"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert 'value="12,5"' in html
