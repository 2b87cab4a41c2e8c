"""Documentation deadlines count business days: no weekends, no US federal holidays
(as observed), no agency days off."""

from __future__ import annotations

from datetime import date

from sessionlog.core.clock import add_business_days, is_business_day
from sessionlog.core.completeness import documentation_deadline, is_late
from sessionlog.core.models import Payer


def _payer(days: int) -> Payer:
    return Payer("p", "Medicaid", "midpoint", "day", {}, {}, True, None, days)


def test_thanksgiving_and_a_weekend_are_skipped() -> None:
    # Wednesday 2026-11-25 + 2 business days: Thursday is Thanksgiving, then Friday,
    # then the weekend, then Monday.
    assert documentation_deadline(date(2026, 11, 25), _payer(2)) == date(2026, 11, 30)


def test_an_observed_holiday_is_skipped() -> None:
    # 2026-07-04 is a Saturday: Friday 2026-07-03 is the observed federal holiday.
    assert not is_business_day(date(2026, 7, 3))
    assert add_business_days(date(2026, 7, 2), 1) == date(2026, 7, 6)


def test_agency_days_off_are_skipped_too() -> None:
    friday_after_thanksgiving = date(2026, 11, 27)
    deadline = documentation_deadline(
        date(2026, 11, 25), _payer(2), days_off={friday_after_thanksgiving}
    )
    assert deadline == date(2026, 12, 1)
    assert is_late(date(2026, 11, 25), date(2026, 12, 1), _payer(2)) is True
    assert not is_late(
        date(2026, 11, 25), date(2026, 12, 1), _payer(2), days_off={friday_after_thanksgiving}
    )


def test_an_ordinary_week_is_unchanged() -> None:
    assert documentation_deadline(date(2026, 3, 2), _payer(2)) == date(2026, 3, 4)
    assert documentation_deadline(date(2026, 3, 6), _payer(2)) == date(2026, 3, 10)


def test_federal_holidays_match_the_holidays_package_year_by_year() -> None:
    # The app computes the federal calendar itself (importing the package costs an import
    # 0.2-0.3 s); it must name the same days the package does wherever the package has a
    # calendar (it stops at 2100; the statute's rules go on).
    import holidays

    from sessionlog.core.clock import _federal_holidays

    for year in range(1971, 2101):
        expected = frozenset(holidays.US(years=year, categories=("public",)))  # type: ignore[no-untyped-call]
        assert _federal_holidays(year) == expected, year
    assert date(2101, 7, 4) in _federal_holidays(2101)
    assert date(1960, 7, 4) in _federal_holidays(1960)  # earlier years: the package's rules
