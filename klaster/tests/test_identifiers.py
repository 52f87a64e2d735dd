import pytest
from django.core.exceptions import ValidationError

from klaster import identifiers


@pytest.mark.parametrize("typed", ["1234563218", "123-456-32-18", "PL 123 456 32 18", " pl1234563218 "])
def test_nip_accepts_what_people_type_and_keeps_the_digits(typed):
    assert identifiers.normalize_nip(typed) == "1234563218"


def test_nip_is_shown_formatted():
    assert identifiers.format_nip("1234563218") == "123-456-32-18"


@pytest.mark.parametrize(
    ("typed", "code"),
    [("1234563217", "nip_checksum"), ("12345", "nip_length"), ("12345abcde", "nip_format")],
)
def test_wrong_nip_is_refused_with_a_reason(typed, code):
    with pytest.raises(ValidationError) as caught:
        identifiers.normalize_nip(typed)
    assert caught.value.code == code


def test_regon_of_9_and_14_digits_is_checked():
    assert identifiers.normalize_regon("123-456-785") == "123456785"
    assert identifiers.normalize_regon("12345678512347") == "12345678512347"
    with pytest.raises(ValidationError) as caught:
        identifiers.normalize_regon("123456786")
    assert caught.value.code == "regon_checksum"


def test_krs_is_zero_padded_to_ten_digits():
    assert identifiers.normalize_krs("123456") == "0000123456"
    assert identifiers.normalize_krs("KRS 0000123456") == "0000123456"
    for wrong in ("12345678901", "12a", "0"):
        with pytest.raises(ValidationError):
            identifiers.normalize_krs(wrong)


def test_teryt_must_be_a_gmina_code():
    assert identifiers.normalize_teryt("2413082") == "2413082"
    for wrong in ("241308", "2413087", "3313082", "ab13082"):
        with pytest.raises(ValidationError):
            identifiers.normalize_teryt(wrong)


def test_empty_identifiers_stay_empty():
    assert identifiers.normalize_nip("") == identifiers.normalize_regon(" ") == identifiers.normalize_krs("") == ""
