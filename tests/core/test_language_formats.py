"""Dates and whole numbers written without Babel (issue 12: its import and locale load were
a share of the app's start) are exactly what Babel writes for each language."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal

from sessionlog.core.language import _DATE_PATTERNS, LOCALES, Language


@pytest.mark.parametrize("code", sorted(LOCALES))
def test_short_dates_are_babel_s(code: str) -> None:
    language = Language(code)
    days = [date(1, 1, 1), date(5, 2, 3), date(999, 12, 31), date(9999, 12, 31)]
    days += [date(2024, 1, 1) + timedelta(days=n) for n in range(0, 800, 7)]
    for day in days:
        assert language.date_text(day) == format_date(
            day, _DATE_PATTERNS[code], locale=LOCALES[code]
        ), day


@pytest.mark.parametrize("code", sorted(LOCALES))
def test_whole_numbers_are_babel_s(code: str) -> None:
    language = Language(code)
    values = [0, 1, 7, 999, 1000, 1001, 9999, 12345, 999999, 1000000, 1234567890]
    for value in values + [-v for v in values]:
        assert language.number(value) == format_decimal(value, locale=LOCALES[code]), value
