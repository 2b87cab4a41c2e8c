"""Dates, times and numbers as the GUI shows them: in the user's locale (US English
12/01/2026 9:15 AM, Mexican Spanish 01/12/2026 9:15 a.m.).

Only for display: files (CSV, JSON, 837, file names) and sort roles keep ISO values.
Dates always show a four-digit year and two-digit day and month, whatever the locale's
short pattern says, so a column of dates lines up and 01/02/26 never has to be guessed.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, time

from PySide6.QtCore import QDate, QLocale, QTime
from PySide6.QtGui import QFontMetrics

from sessionlog.core.clock import local

# Qt's "C" locale (no LANG, as in tests and minimal containers) formats like no one;
# the app's first audience is US agencies.
_FALLBACK = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def locale() -> QLocale:
    current = QLocale()
    return _FALLBACK if current.language() == QLocale.Language.C else current


def date_pattern(loc: QLocale | None = None) -> str:
    """The locale's short date pattern with dd, MM and yyyy (e.g. MM/dd/yyyy, dd/MM/yyyy)."""
    return _full_width((loc or locale()).dateFormat(QLocale.FormatType.ShortFormat))


@functools.lru_cache(maxsize=32)
def _full_width(pattern: str) -> str:
    # Cached: a History page formats 200 dates, and the three substitutions were a third
    # of each (issue 12).
    pattern = re.sub(r"(?<![dy])y{1,4}(?!y)", "yyyy", pattern)
    pattern = re.sub(r"(?<!M)M(?!M)", "MM", pattern)
    return re.sub(r"(?<!d)d(?!d)", "dd", pattern)


def time_pattern(loc: QLocale | None = None, seconds: bool = False) -> str:
    """The locale's short time pattern (h:mm AP, H:mm…), with seconds when asked."""
    # CLDR puts a narrow no-break space before AM/PM: a plain space reads the same and
    # every font has it.
    pattern = (loc or locale()).timeFormat(QLocale.FormatType.ShortFormat).replace("\u202f", " ")
    return pattern.replace("mm", "mm:ss", 1) if seconds else pattern


def date_text(day: date) -> str:
    loc = locale()
    return loc.toString(QDate(day.year, day.month, day.day), date_pattern(loc))


def weekday_date_text(day: date | None, long: bool = False) -> str:
    """The weekday and date ("Tue 12/01/2026", "Tuesday 12/01/2026"); "" for no day."""
    if day is None:
        return ""
    loc = locale()
    form = QLocale.FormatType.LongFormat if long else QLocale.FormatType.ShortFormat
    name = loc.dayName(day.isoweekday(), form)
    return f"{name} {date_text(day)}"


def time_text(moment: time | datetime, seconds: bool = False) -> str:
    loc = locale()
    clock = QTime(moment.hour, moment.minute, moment.second)
    return loc.toString(clock, time_pattern(loc, seconds))


def datetime_text(moment: datetime, weekday: bool = False, zone: bool = False) -> str:
    """Date and time of a local instant, with the weekday and the zone's abbreviation
    (CST, EDT) when asked."""
    day = weekday_date_text(moment.date()) if weekday else date_text(moment.date())
    text = f"{day} {time_text(moment)}"
    return f"{text} {moment.strftime('%Z')}" if zone and moment.tzinfo else text


def number_text(value: int | float, decimals: int = 0) -> str:
    loc = locale()
    if isinstance(value, int) and decimals == 0:
        return loc.toString(value)
    return loc.toString(float(value), "f", decimals)


def span_text(start: datetime, end: datetime | None, zone: str, open_end: str) -> str:
    """A stretch of time on the client's clock, in the locale's times ("9:00 AM–10:05 AM").
    Across a daylight-saving change both ends name their zone (core.clock.time_span's rule)
    so an end that reads earlier than the start is not a puzzle."""
    first = local(start, zone)
    if end is None:
        return f"{time_text(first)}–{open_end}"
    last = local(end, zone)
    if first.tzname() == last.tzname():
        return f"{time_text(first)}–{time_text(last)}"
    return f"{time_text(first)} {first:%Z} – {time_text(last)} {last:%Z}"


def widest_datetime(metrics: QFontMetrics) -> int:
    """Pixels the longest weekday-date-time of this locale takes (a column that must show
    any of them whole): every weekday, at 12:59 and 23:59."""
    days = (date(2026, 12, 21 + offset) for offset in range(7))
    moments = (datetime.combine(day, time(hour, 59)) for day in days for hour in (12, 23))
    return max(metrics.horizontalAdvance(datetime_text(m, weekday=True)) for m in moments)
