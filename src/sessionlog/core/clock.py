"""Instants, dates and zones: the one place that turns text into time and back."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


def is_valid_timezone(name: str) -> bool:
    if not name or not isinstance(name, str) or len(name) > 64:
        return False
    try:
        ZoneInfo(name)
    # A name is looked up as a file: "America" is a folder, a very long one is too long
    # for the file system; neither is a zone.
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


@lru_cache(maxsize=1)
def timezone_names() -> tuple[str, ...]:
    """Every IANA zone name, sorted. Read from the tzdata package's list of its zones
    (~1 ms): ``zoneinfo.available_timezones()`` opens every file under the system's
    zone folders, 35-50 ms, and the Setup window's zone boxes wait for it (issue 12).
    Every name listed there opens (tzdata is where ``ZoneInfo`` looks when the system
    has no such file). Without that list, the scan."""
    try:
        import tzdata  # the package's file list beside it; importlib.resources costs 25 ms

        listed = Path(tzdata.__file__).with_name("zones").read_text(encoding="utf-8")
    except (ImportError, OSError, TypeError):  # TypeError: no __file__ (a frozen app)
        return tuple(sorted(available_timezones()))
    return tuple(sorted(name for name in listed.split() if name))


def to_utc_text(instant: datetime) -> str:
    """Fixed-width UTC text that sorts as time does."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime: an instant needs its offset")
    # isoformat gives the same text as strftime("%Y-%m-%dT%H:%M:%S.%f") for the years
    # the app accepts (1900-2199), three times faster (an import writes tens of
    # thousands of instants).
    if instant.tzinfo is not UTC:  # already UTC (an instant read or made here): no convert
        instant = instant.astimezone(UTC)
    return instant.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def from_utc_text(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant *with* offset (``...Z`` or ``...-05:00``), as UTC."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError("has no UTC offset")
    return value.astimezone(UTC)


def format_instant(instant: datetime, zone: str) -> str:
    """ISO 8601 with the zone's offset, seconds precision unless sub-second matters."""
    local = instant.astimezone(ZoneInfo(zone))
    spec = "seconds" if local.microsecond == 0 else "microseconds"
    return local.isoformat(timespec=spec)


def local(instant: datetime, zone: str) -> datetime:
    return instant.astimezone(ZoneInfo(zone))


def time_span(start: datetime, end: datetime | None, zone: str, open_end: str = "now") -> str:
    """A stretch of time as the client's clock read it: "09:00–10:05". When the zone's
    abbreviation changed in between (a daylight-saving change), both times carry it,
    "01:58 CDT – 01:00 CST", so an end that reads earlier than the start is not a puzzle."""
    first = local(start, zone)
    if end is None:
        return f"{first:%H:%M}–{open_end}"
    last = local(end, zone)
    if first.tzname() != last.tzname():
        return f"{first:%H:%M %Z} – {last:%H:%M %Z}"
    return f"{first:%H:%M}–{last:%H:%M}"


def local_date(instant: datetime, zone: str) -> date:
    return local(instant, zone).date()


def parse_date(text: str) -> date:
    return date.fromisoformat(text)


def day_bounds_utc(day: date, zone: str) -> tuple[datetime, datetime]:
    """The UTC instants at which a local calendar day begins and ends."""
    tz = ZoneInfo(zone)
    start = datetime.combine(day, datetime.min.time(), tz)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def is_business_day(day: date, days_off: Collection[date] = ()) -> bool:
    """A weekday that is neither a US federal holiday (as observed: a Saturday holiday
    is off on the Friday before, a Sunday one on the Monday after) nor one of the
    agency's own ``days_off``."""
    return day.weekday() < 5 and day not in _federal_holidays(day.year) and day not in days_off


def add_business_days(day: date, count: int, days_off: Collection[date] = ()) -> date:
    """``count`` business days after ``day`` (see ``is_business_day``)."""
    current = day
    remaining = count
    while remaining > 0:
        current += timedelta(days=1)
        if is_business_day(current, days_off):
            remaining -= 1
    return current


# The years whose holidays ship in resources/us_federal_holidays.json (written from the
# `holidays` package by packaging/update_holidays.py): importing the package loads every
# country's calendar, 0.3-0.6 s that each import and `units` run would otherwise pay.
# A year outside them asks the package itself.
SHIPPED_HOLIDAY_YEARS = range(1990, 2061)


@lru_cache(maxsize=64)
def _federal_holidays(year: int) -> frozenset[date]:
    if year in SHIPPED_HOLIDAY_YEARS:
        return _shipped_federal_holidays().get(year, frozenset())
    return federal_holidays_from_package(year)


@lru_cache(maxsize=1)
def _shipped_federal_holidays() -> dict[int, frozenset[date]]:
    import json

    from sessionlog.assets import resource_path

    data = json.loads(resource_path("us_federal_holidays.json").read_text(encoding="utf-8"))
    return {
        int(year): frozenset(date.fromisoformat(day) for day in days) for year, days in data.items()
    }


def federal_holidays_from_package(year: int) -> frozenset[date]:
    """The US federal holidays of ``year`` as observed, from the `holidays` package."""
    import holidays  # imported on first use: loading it costs a few tenths of a second

    calendar = holidays.US(years=year, categories=("public",))  # type: ignore[no-untyped-call]
    return frozenset(calendar)
