"""Instants, dates and zones: the one place that turns text into time and back."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
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


def timezone_names() -> list[str]:
    return sorted(available_timezones())


def to_utc_text(instant: datetime) -> str:
    """Fixed-width UTC text that sorts as time does."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime: an instant needs its offset")
    # isoformat gives the same text as strftime("%Y-%m-%dT%H:%M:%S.%f") for the years
    # the app accepts (1900-2199), three times faster (an import writes tens of
    # thousands of instants).
    return instant.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


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


# The rules below hold from the Uniform Monday Holiday Act (1971) on; earlier years are
# left to the ``holidays`` package. Computing them here spares every caller (an import
# checking late entries, above all) the package's import: it loads the calendars of
# every country, 0.2-0.3 s. tests/core/test_deadlines.py compares the two year by year.
_RULES_FROM_YEAR = 1971


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The ``nth`` (1-based; -1 the last) ``weekday`` (Monday 0) of the month."""
    if nth < 0:
        following = date(year + month // 12, month % 12 + 1, 1)
        last = following - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _observed(day: date) -> date:
    """A Saturday holiday is off on the Friday before, a Sunday one on the Monday after."""
    if day.weekday() == 5:
        return day - timedelta(days=1)
    if day.weekday() == 6:
        return day + timedelta(days=1)
    return day


@lru_cache(maxsize=64)
def _federal_holidays(year: int) -> frozenset[date]:
    """US federal holidays of ``year`` (5 U.S.C. 6103) and the days they are observed."""
    if year < _RULES_FROM_YEAR:
        import holidays  # imported on first use: it builds its calendars lazily anyway

        calendar = holidays.US(years=year, categories=("public",))  # type: ignore[no-untyped-call]
        return frozenset(calendar)
    monday, thursday = 0, 3
    fixed = [date(year, 1, 1), date(year, 7, 4), date(year, 12, 25)]
    if year >= 2021:
        fixed.append(date(year, 6, 19))  # Juneteenth
    if year >= 1978:
        fixed.append(date(year, 11, 11))  # Veterans Day (the fourth Monday of October before)
    # A New Year's Day on a Saturday is observed on December 31 of the year before.
    days = set(fixed) | {_observed(d) for d in fixed if _observed(d).year == year}
    if date(year + 1, 1, 1).weekday() == 5:
        days.add(date(year, 12, 31))
    days |= {
        _nth_weekday(year, 2, monday, 3),  # Washington's Birthday
        _nth_weekday(year, 5, monday, -1),  # Memorial Day
        _nth_weekday(year, 9, monday, 1),  # Labor Day
        _nth_weekday(year, 10, monday, 2),  # Columbus Day
        _nth_weekday(year, 11, thursday, 4),  # Thanksgiving Day
    }
    if year >= 1986:
        days.add(_nth_weekday(year, 1, monday, 3))  # Martin Luther King Jr. Day
    if year <= 1977:
        days.add(_nth_weekday(year, 10, monday, 4))  # Veterans Day, 1971-1977
    return frozenset(days)
