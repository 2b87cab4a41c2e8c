"""Identifiers a claim carries: NPI, tax id, taxonomy code, US postal address.

Pure checks, shared by the interchange parser and the Setup forms, so a value the
form accepts is one the 837P file can carry.
"""

from __future__ import annotations

import re

from sessionlog.core.models import Address
from sessionlog.core.wording import t

# The NPI check digit is a Luhn digit computed over the card-issuer prefix 80840
# followed by the NPI's first nine digits (CMS, "Requirements for NPI check digit").
NPI_PREFIX = "80840"
US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "PR",
        "VI",
        "GU",
        "AS",
        "MP",
    ]
)


def npi_check_digit(first_nine: str) -> int:
    """The Luhn check digit of ``80840`` + the NPI's first nine digits."""
    total = 0
    for position, char in enumerate(reversed(NPI_PREFIX + first_nine)):
        digit = int(char)
        if position % 2 == 0:  # the digit next to the check digit is doubled first
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def npi_problem(npi: str) -> str | None:
    """Why ``npi`` is not a valid NPI, in words; None when it is one."""
    if not re.fullmatch(r"[0-9]{10}", npi):
        return t("{value!r} must be 10 digits", value=npi)
    if npi_check_digit(npi[:9]) != int(npi[9]):
        return t("{value!r} fails the NPI check digit (Luhn with prefix 80840)", value=npi)
    return None


def tax_id_problem(tax_id: str) -> str | None:
    """An EIN is nine digits, written 12-3456789 or 123456789."""
    if not re.fullmatch(r"[0-9]{2}-?[0-9]{7}", tax_id):
        return t("{value!r} must be a 9-digit EIN (12-3456789)", value=tax_id)
    return None


def tax_id_digits(tax_id: str) -> str:
    return tax_id.replace("-", "")


def taxonomy_problem(code: str) -> str | None:
    """A provider taxonomy code is ten characters, e.g. 251S00000X."""
    if not re.fullmatch(r"[0-9]{3}[0-9A-Z]{6}X", code):
        return t("{value!r} must be a 10-character taxonomy code such as 251S00000X", value=code)
    return None


def address_problems(address: Address) -> list[tuple[str, str]]:
    """(field, message) for each part of a US postal address a claim cannot carry."""
    problems: list[tuple[str, str]] = []
    if not address.line1.strip():
        problems.append(("line1", t("must not be empty")))
    if not address.city.strip():
        problems.append(("city", t("must not be empty")))
    if address.state not in US_STATES:
        problems.append(
            ("state", t("{value!r} is not a two-letter US state code", value=address.state))
        )
    if not re.fullmatch(r"[0-9]{5}(-?[0-9]{4})?", address.zip):
        problems.append(("zip", t("{value!r} must be a 5- or 9-digit ZIP code", value=address.zip)))
    return problems


def phone_problem(phone: str) -> str | None:
    """A US telephone number as a claim carries it: ten digits (punctuation allowed)."""
    if not re.fullmatch(r"[0-9 ().+-]+", phone) or len(phone_digits(phone)) != 10:
        return t("{value!r} must be a 10-digit telephone number", value=phone)
    return None


def phone_digits(phone: str) -> str:
    digits = re.sub(r"[^0-9]", "", phone)
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def zip_digits(zip_code: str) -> str:
    return zip_code.replace("-", "")
