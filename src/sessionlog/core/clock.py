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
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


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


@lru_cache(maxsize=64)
def _federal_holidays(year: int) -> frozenset[date]:
    import holidays  # imported on first use: it builds its calendars lazily anyway

    # The holidays package ships no type hints for its country classes.
    calendar = holidays.US(years=year, categories=("public",))  # type: ignore[no-untyped-call]
    return frozenset(calendar)
