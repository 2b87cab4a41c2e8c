"""Writes resources/us_federal_holidays.json from the `holidays` package.

Documentation deadlines skip US federal holidays as observed. The dates come from the
`holidays` package, but importing it loads every country's calendar (0.3-0.6 s), which
every import and every `units` run would pay; so the dates for the years SessionLog
records (dates of service from 1990 to a year ahead, deadlines a few weeks later) are
written here once and shipped. tests/core/test_deadlines.py fails when the installed
package disagrees with the shipped file: run this script and commit the file.

    python packaging/update_holidays.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sessionlog.core.clock import SHIPPED_HOLIDAY_YEARS, federal_holidays_from_package  # noqa: E402


def main() -> None:
    by_year = {
        str(year): sorted(day.isoformat() for day in federal_holidays_from_package(year))
        for year in SHIPPED_HOLIDAY_YEARS
    }
    out = ROOT / "resources" / "us_federal_holidays.json"
    # One line per year: a change of the package reads as a one-line diff.
    lines = [f"  {json.dumps(year)}: {json.dumps(days)}" for year, days in by_year.items()]
    out.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}: {len(by_year)} years")


if __name__ == "__main__":
    main()
