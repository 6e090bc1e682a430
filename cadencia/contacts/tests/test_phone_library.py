"""rphonenumbers (Rust, what we run) must give the answers of phonenumbers (the reference).

A lock update that moves one without the other, or a release of rphonenumbers that drifts,
fails here before it changes which numbers an import accepts.
"""

import random

import phonenumbers
import pytest
import rphonenumbers

from cadencia.contacts.importing.phones import PhoneError, normalise_phone

REGIONS = ["AR", "ES", "MX", "US", "BR", "CO", "CL", "PE", "UY", "GB", "DE", "FR", "IT", "EC"]
NUMBER_TYPES = [phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE]


def _reference(value: str, region: str) -> str | None:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _ours(value: str, region: str) -> str | None:
    try:
        return normalise_phone(value, region)
    except PhoneError:
        return None


def _corpus(rng: random.Random, region: str, size: int) -> list[str]:
    """Numbers as lists hold them: example numbers in every format with changed digits,
    national and international digit runs of any length, punctuation, leading zeros."""
    values = []
    for _ in range(size):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randrange(5, 15)))
        example = phonenumbers.example_number_for_type(region, rng.choice(NUMBER_TYPES))
        shape = rng.randrange(6)
        if shape == 0 and example is not None:
            text = phonenumbers.format_number(example, rng.randrange(3))
            values.append(text[:-4] + digits[:4])
        elif shape == 1:
            values.append("+" + digits)
        elif shape == 2:
            values.append("0" + digits)
        elif shape == 3:
            values.append(f"({digits[:3]}) {digits[3:6]}-{digits[6:]}")
        elif shape == 4:
            values.append("00" + digits)
        else:
            values.append(digits)
    return values


def test_same_metadata_release() -> None:
    assert rphonenumbers.__phonenumbers_version__ == phonenumbers.__version__


@pytest.mark.parametrize("region", REGIONS)
def test_same_answers_as_the_reference(region: str) -> None:
    rng = random.Random(region)  # noqa: S311 - reproducible test data
    differences = [
        (value, _reference(value, region), _ours(value, region))
        for value in _corpus(rng, region, 3_000)
        if _reference(value, region) != _ours(value, region)
    ]
    assert differences == []
