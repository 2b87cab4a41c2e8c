"""Documentation deadlines count business days: no weekends, no US federal holidays
(as observed), no agency days off."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from sessionlog.core import clock
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


def test_the_shipped_holidays_are_the_holidays_package_s() -> None:
    # resources/us_federal_holidays.json is written from the package by
    # packaging/update_holidays.py; a new package release that changes a date (a new
    # federal holiday by law) fails here until the file is written again.
    shipped = clock._shipped_federal_holidays()
    assert set(shipped) == set(clock.SHIPPED_HOLIDAY_YEARS)
    for year in clock.SHIPPED_HOLIDAY_YEARS:
        assert shipped[year] == clock.federal_holidays_from_package(year), year
    # Juneteenth is a federal holiday from 2021 on; 2022-06-19 is a Sunday, so Monday
    # 2022-06-20 is the day off.
    assert date(2022, 6, 20) in shipped[2022]
    assert date(2020, 6, 19) not in shipped[2020]


def test_a_year_outside_the_shipped_ones_asks_the_package() -> None:
    # 2099-12-25 is a Friday: a holiday, not a business day, from the package itself.
    assert not clock.is_business_day(date(2099, 12, 25))
    assert clock.is_business_day(date(2099, 12, 28))


def test_deadlines_in_the_shipped_years_do_not_load_the_holidays_package() -> None:
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from sessionlog.core import clock\n"
        "assert not clock.is_business_day(date(2026, 7, 3))\n"
        "print('holidays' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
