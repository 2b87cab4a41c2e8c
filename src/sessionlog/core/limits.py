"""The limits every way in (the app's forms, JSON import, roster import) enforces.

One place, so the note form, the importer and the roster say the same thing about the
same value. Each check returns ``None`` when the value is fine, else the problem in words
(the caller puts the record and field name in front).

Why these numbers: a note longer than 20,000 characters is a pasted document, not a
progress note (and a 10 MB note made a packet run for minutes); a segment over 24 hours
is a clock left running; dates of service before 1990 or more than a year ahead, and
signatures in the future or before the session ended, are typing errors that would bill
or attest to something impossible. SQLite stores integers in 64 bits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from sessionlog.core.language import SOURCE, Language, current_language
from sessionlog.core.wording import mark, number_text, t
from sessionlog.core.years import EARLIEST_YEAR as EARLIEST_YEAR
from sessionlog.core.years import LATEST_YEAR as LATEST_YEAR
from sessionlog.core.years import year_in_range

MAX_TEXT_CHARS = 20_000
MAX_NAME_CHARS = 500  # names, ids, Medicaid ids: one line, never a paragraph
# A deadline beyond a month is almost certainly a typo for a shorter one.
MAX_DEADLINE_BUSINESS_DAYS = 30
MAX_SEGMENT = timedelta(hours=24)
# Longer than this is possible (a residential shift) but unusual: the app asks, the
# importer accepts it and the billing lines flag it.
LONG_SEGMENT = timedelta(hours=12)
EARLIEST_SERVICE_DATE = date(1990, 1, 1)
SERVICE_DATE_AHEAD = timedelta(days=366)
EARLIEST_BIRTH_DATE = date(1900, 1, 1)
MAX_INTEGER = 2**63 - 1
MIN_INTEGER = -(2**63)
MAX_JSON_DEPTH = 20  # sessionlog/1 needs 5 levels; anything far deeper is not our file
# A signature a few minutes "in the future" is a laptop clock a little ahead.
SIGNATURE_CLOCK_SLACK = timedelta(minutes=5)


def date_problem(day: date | datetime) -> str | None:
    if not year_in_range(day.year):
        return t(
            "year {year} is outside {earliest}–{latest}",
            year=day.year,
            earliest=EARLIEST_YEAR,
            latest=LATEST_YEAR,
        )
    return None


# One C-level scan instead of a Python loop over every character (an import of ten
# years of notes checks every string it holds).
_SURROGATE = re.compile("[\ud800-\udfff]")


def text_problem(value: str, limit: int = MAX_TEXT_CHARS) -> str | None:
    if len(value) > limit:
        return t(
            "is {length} characters long; the limit is {limit}",
            length=_thousands(len(value)),
            limit=_thousands(limit),
        )
    if "\x00" in value:
        return t("contains a NUL character (remove it; it is not text)")
    if not value.isascii() and _SURROGATE.search(value):  # isascii: a flag, not a scan
        return t("contains an invalid character (a lone UTF-16 surrogate)")
    return None


def integer_problem(value: int) -> str | None:
    if not MIN_INTEGER <= value <= MAX_INTEGER:
        return t("is too large (beyond a 64-bit integer)")
    return None


def segment_problem(start: datetime, end: datetime | None) -> str | None:
    if end is not None and end - start > MAX_SEGMENT:
        hours = (end - start) / timedelta(hours=1)
        return t("lasts {hours} hours; a segment lasts at most 24 hours", hours=_hours(hours))
    return None


def _thousands(value: int) -> str:
    """With a thousands separator ("20,001"; the source text's too)."""
    return f"{value:,}" if current_language() == SOURCE else number_text(value)


def _hours(hours: float) -> str:
    """One decimal, with the language's separators ("1,234.5"; the source text's too)."""
    if current_language() == SOURCE:
        return f"{hours:,.1f}"
    from babel.numbers import format_decimal

    return format_decimal(
        round(hours, 1), format="#,##0.0", locale=Language(current_language()).locale
    )


def is_long_segment(start: datetime, end: datetime | None) -> bool:
    return end is not None and end - start > LONG_SEGMENT


def service_date_problem(day: date, today: date) -> str | None:
    latest = today + SERVICE_DATE_AHEAD
    if day < EARLIEST_SERVICE_DATE:
        return t(
            "date of service {date} is before {year}", date=day, year=EARLIEST_SERVICE_DATE.year
        )
    if day > latest:
        return t("date of service {date} is more than a year ahead", date=day)
    return None


def birth_date_problem(day: date, today: date) -> str | None:
    if day < EARLIEST_BIRTH_DATE:
        return t("{date} is before {year}; check the year", date=day, year=EARLIEST_BIRTH_DATE.year)
    if day > today:
        return t("{date} is in the future", date=day)
    return None


def signature_time_problem(
    signed_at: datetime, session_end: datetime | None, now: datetime
) -> str | None:
    if signed_at > now + SIGNATURE_CLOCK_SLACK:
        return t("{time} is in the future", time=signed_at.isoformat())
    if session_end is not None and signed_at < session_end:
        return t("{time} is before the session ended", time=signed_at.isoformat())
    return None


def nesting_problem(value: Any, limit: int = MAX_JSON_DEPTH, depth: int = 1) -> str | None:
    """Deeply nested JSON is refused before anything walks it recursively; ``depth`` is
    the level ``value`` sits at in its document (a record of a list in the file: 3)."""
    stack: list[tuple[Any, int]] = [(value, depth)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return t("is nested more than {limit} levels deep", limit=limit)
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return None


def strings_problems(value: Any, path: str = "") -> list[tuple[str, str]]:
    """Every string (keys too) in decoded JSON with a forbidden character, as
    (path, problem); length is checked per field where the field is known."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            problem = text_problem(item, limit=10**9)
            if problem:
                found.append((where, problem))
        elif isinstance(item, dict):
            for key, child in item.items():
                key_problem = text_problem(str(key), limit=10**9)
                if key_problem:
                    found.append((where, t("a key {problem}", problem=key_problem)))
                stack.append((child, f"{where}.{key}" if where else str(key)))
        elif isinstance(item, list):
            stack.extend((child, f"{where}[{i}]") for i, child in enumerate(item))
        elif isinstance(item, int) and not isinstance(item, bool):
            problem = integer_problem(item)
            if problem:
                found.append((where, problem))
    return found


_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")
# A JSON escape that decodes to NUL or a UTF-16 surrogate; a run of digits long enough to
# exceed a 64-bit integer.
_ESCAPED_FORBIDDEN = re.compile(r"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")
_DIGITS_TO_ZERO = str.maketrans("123456789", "000000000")
_NINETEEN_DIGITS = "0" * 19


def plainly_sound(source: str, depth: int, *, text_screened: bool = False) -> bool:
    """True when the JSON text ``source`` of a value at ``depth`` in its document cannot
    decode to anything :func:`screen_value` refuses: too few brackets to nest too deep,
    no NUL or surrogate written or escaped, no integer of 19 digits or more. (False
    only means "look closer": a string may merely mention such text.) With
    ``text_screened``, a larger text holding ``source`` passed :func:`plain_text`
    already: only the brackets are left to count."""
    if source.count("{") + source.count("[") > MAX_JSON_DEPTH - depth:
        return False
    return text_screened or plain_text(source)


def plain_text(source: str) -> bool:
    """No NUL or surrogate written or escaped, and no run of 19 digits or more, in
    ``source`` (JSON text): what :func:`plainly_sound` looks for besides nesting. Also
    true of every part of such a text, so a reader may screen a whole chunk of a file
    at once instead of each record in it."""
    if "\x00" in source or (not source.isascii() and _FORBIDDEN.search(source)):
        return False
    # Every digit made a "0", then one substring search (C, a few times faster than
    # a regex trying a run of digits at every position of every record).
    if _NINETEEN_DIGITS in source.translate(_DIGITS_TO_ZERO):
        return False
    return "\\u" not in source or _ESCAPED_FORBIDDEN.search(source) is None


def screen_value(value: Any, path: str, depth: int) -> tuple[str | None, list[tuple[str, str]]]:
    """:func:`nesting_problem` and :func:`strings_problems` of one piece of a document
    (at ``depth`` in it) in one walk: a sound record, by far the usual case, is passed
    after one scan of all its text at once (an import screens every record it reads)."""
    texts: list[str] = []
    suspicious = False
    stack: list[tuple[Any, int]] = [(value, depth)]
    while stack:
        item, level = stack.pop()
        if level > MAX_JSON_DEPTH:
            return t("is nested more than {limit} levels deep", limit=MAX_JSON_DEPTH), []
        kind = type(item)
        if kind is str:
            texts.append(item)
        elif kind is dict:
            texts.extend(str(key) for key in item)
            stack.extend((child, level + 1) for child in item.values())
        elif kind is list:
            stack.extend((child, level + 1) for child in item)
        elif isinstance(item, str):
            texts.append(item)
        elif isinstance(item, int) and not isinstance(item, bool):
            suspicious = suspicious or not MIN_INTEGER <= item <= MAX_INTEGER
        elif isinstance(item, dict | list):
            suspicious = True  # a subclass: let the exact walks decide
    if suspicious or _FORBIDDEN.search("\n".join(texts)):
        return nesting_problem(value, depth=depth), strings_problems(value, path)
    return None, []


# ---- wording shared by the record rules and the file parsers ---------------------------
# The same thing wrong says the same thing whichever way it came in: Setup shows these
# under the field, an import prints them after ``kind id: field:``.

# What to fill in when a required field is blank or, in a file, absent: (kind, field).
BLANK_FIELD: dict[tuple[str, str], str] = {
    ("staff", "name"): mark("enter the name signed notes will show"),
    ("staff", "credential"): mark(
        "enter the credential or title shown with the signature (e.g. Job Coach, CESP)"
    ),
    ("payer", "name"): mark("enter the payer's name"),
    ("client", "name"): mark("enter the client's name"),
    ("client", "birth_date"): mark("enter the client's birth date"),
    ("client", "medicaid_id"): mark("enter the client's Medicaid ID"),
    ("client", "payer"): mark("choose the client's payer"),
    ("client", "timezone"): mark("choose the client's time zone (e.g. America/Chicago)"),
    ("authorization", "number"): mark("enter the authorization number the payer issued"),
    ("authorization", "client"): mark("choose the client"),
    ("agency", "name"): mark("enter the agency's legal name"),
}


def blank_field(kind: str, field: str) -> str:
    """What to fill in for a blank ``field`` of a ``kind`` record, in the current language."""
    hint = BLANK_FIELD.get((kind, field))
    return t(hint) if hint else t("missing")


def at_least_one() -> str:
    return t("must be 1 or more")


def two_character_modifier() -> str:
    return t("must be a two-character modifier such as 93")


def end_before_start(start: date, end: date) -> str:
    return t("{end} is before the start {start}", end=end, start=start)


def unknown_time_zone(zone: str) -> str:
    return t("unknown time zone {zone!r} (use an IANA name, e.g. America/Chicago)", zone=zone)


def not_a_date(value: str, *, us_form: bool = False) -> str:
    """A date that cannot be read; ``us_form`` where MM/DD/YYYY is accepted too."""
    if us_form:
        return t(
            "{value!r} is not a date (use YYYY-MM-DD, e.g. 1994-05-12, or MM/DD/YYYY)",
            value=value,
        )
    return t("{value!r} is not a date (use YYYY-MM-DD, e.g. 1994-05-12)", value=value)


def one_of(names: Iterable[str], got: str) -> str:
    """'must be "a", "b" or "c", got 'x'' in the registry's order."""
    quoted = [f'"{name}"' for name in names]
    if len(quoted) == 1:
        listed = quoted[0]
    else:
        listed = t("{items} or {last}", items=", ".join(quoted[:-1]), last=quoted[-1])
    return t("must be {listed}, got {got!r}", listed=listed, got=got)


def one_of_or_none(allowed: Iterable[str]) -> str:
    return t("must be one of {allowed} or none", allowed=", ".join(allowed))
