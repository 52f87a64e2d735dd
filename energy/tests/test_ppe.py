import pytest
from django.core.exceptions import ValidationError

from energy.ppe import format_ppe, normalize_ppe

# Check digits computed by hand (GS1 mod 10, weights 3, 1, 3, … from the right): for 5903224 0000012345 the weighted
# sum is 80, so the check digit is 0; for 5903224 0000067890 it is 105, so 5.
VALID = "590322400000123450"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (VALID, VALID),
        ("590 3224 0000012345 0", VALID),
        ("590-3224-0000067890-5", "590322400000678905"),
        ("  590322400000123450\n", VALID),
        ("", ""),
    ],
)
def test_a_ppe_code_is_kept_as_its_18_digits(typed, stored):
    assert normalize_ppe(typed) == stored


@pytest.mark.parametrize(
    ("typed", "code", "words"),
    [
        ("590322400000123451", "ppe_checksum", "cyfra kontrolna"),
        ("590322400000678900", "ppe_checksum", "cyfra kontrolna"),
        ("59032240000012345", "ppe_length", "18 cyfr (podano 17)"),
        ("5903224000001234500", "ppe_length", "18 cyfr (podano 19)"),
        ("PLTAUD000012345", "ppe_format", "dawny kod"),
        ("123322400000123453", "ppe_prefix", "590"),
    ],
)
def test_a_wrong_ppe_code_is_refused_with_a_polish_reason(typed, code, words):
    with pytest.raises(ValidationError) as raised:
        normalize_ppe(typed)
    assert raised.value.code == code
    assert words in raised.value.messages[0]


def test_a_ppe_code_is_shown_in_the_groups_of_an_invoice():
    assert format_ppe(VALID) == "590 3224 0000012345 0"
    assert format_ppe("") == ""
