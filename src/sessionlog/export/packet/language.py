"""The packet's languages: its fixed wording from a gettext catalog, and dates, times and
numbers in the language's locale format (Babel).

English is the source language: the messages in the code are the English text, and
``resources/translations/packet/<language>/LC_MESSAGES/packet.po`` holds the others,
read with Babel's ``read_po`` when a packet first needs them (no compiled .mo to go
stale). A message takes its values by name: ``t("Goal {number}: {text}", number=..., ...)``.
docs/packet.md says how to add a message or a language.

The ISO forms stay in the machine-readable exports (CSV, JSON, 837); only the pages a
person reads use the locale's.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from sessionlog.assets import resource_path
from sessionlog.export.packet.contract import LANGUAGE_NOT_RECORDED, PacketError

DEFAULT_LANGUAGE = "en"

# The packet's languages and the Babel locale that formats their dates and numbers.
# Spanish is US Spanish: day-first dates and a 24-hour clock, as a Spanish-speaking reader
# expects, with the US's decimal point and thousands comma (es_US), which agree with the
# figures on the agency's claims.
LOCALES: Mapping[str, str] = {"en": "en_US", "es": "es_US"}

_DATE_PATTERNS = {"en": "MM/dd/yyyy", "es": "dd/MM/yyyy"}
# Seconds stay: auditors compare exact start and stop times with the minutes billed.
_TIME_PATTERNS = {"en": "h:mm:ss a", "es": "H:mm:ss"}

# Babel's keywords for the messages in the packet's code (docs/packet.md): ``t(...)``,
# ``t.plural(singular, plural, n)``, ``t.pgettext(context, message)`` and ``mark(...)`` for a
# constant translated where it is printed.
EXTRACT_KEYWORDS: Mapping[str, Any] = {
    "t": None,
    "plural": (1, 2),
    "pgettext": ((1, "c"), 2),
    "mark": None,
}
# The context "narrow column" (a literal at each call: Babel extracts only literals) marks a
# column header in a column sized for the English word: a language whose word is longer
# abbreviates it there ("Cód.") and keeps it whole elsewhere.


def mark(message: str) -> str:
    """Marks a constant for the catalog; it is translated where it is printed."""
    return message


def catalog_path(language: str) -> str:
    return str(resource_path("translations", "packet", language, "LC_MESSAGES", "packet.po"))


def _english_plural(count: int) -> int:
    return 0 if count == 1 else 1


@dataclass(frozen=True)
class PacketLanguage:
    """One language's wording and formats. Call it with an English message."""

    code: str
    # By English message, or by (context, message) for a message with a context.
    messages: Mapping[str | tuple[str, str], str | tuple[str, ...]] = field(default_factory=dict)
    # The catalog's Plural-Forms formula: which msgstr form a count takes.
    plural_form: Callable[[int], int] = _english_plural

    @property
    def locale(self) -> str:
        return LOCALES[self.code]

    def __call__(self, message: str, /, **values: object) -> str:
        found = self.messages.get(message)
        text = found if isinstance(found, str) and found else message
        return text.format(**values) if values else text

    def pgettext(self, context: str, message: str) -> str:
        """``message`` as worded in ``context`` (e.g. "narrow column")."""
        found = self.messages.get((context, message))
        return found if isinstance(found, str) and found else self(message)

    def plural(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        """The catalog's form for ``count`` (the English ones when it has none)."""
        found = self.messages.get(singular)
        index = self.plural_form(count)
        if isinstance(found, tuple) and len(found) > index and found[index]:
            text = found[index]
        else:
            text = singular if count == 1 else plural
        return text.format(count=self.number(count), **values)

    def date_text(self, day: date) -> str:
        return format_date(day, _DATE_PATTERNS[self.code], locale=self.locale)

    def weekday(self, day: date) -> str:
        return format_date(day, "EEEE", locale=self.locale)

    def period(self, start: date, end: date) -> str:
        return self("{start} to {end}", start=self.date_text(start), end=self.date_text(end))

    def instant(self, moment: datetime, zone: str) -> str:
        """Local date, clock time and zone abbreviation: what a reviewer reads on paper."""
        local = moment.astimezone(ZoneInfo(zone))
        clock = format_time(local, _TIME_PATTERNS[self.code], locale=self.locale)
        return f"{self.date_text(local.date())} {clock} {local.strftime('%Z')}"

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)


def read_catalog(code: str, path: str) -> PacketLanguage:
    """The translated, non-fuzzy messages of a .po file, by English message."""
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    messages: dict[str | tuple[str, str], str | tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        key = message.id[0] if isinstance(message.id, tuple | list) else message.id
        string = message.string
        text = tuple(string) if isinstance(string, tuple | list) else str(string or "")
        messages[(message.context, key) if message.context else key] = text
    return PacketLanguage(code, messages, gettext.c2py(catalog.plural_expr))


# The cover's counts as a packet from before languages words them (plural forms came with
# the catalog), by the English singular message.
_ORIGINAL_COUNTS: Mapping[str, str] = {
    "{count} progress note": "{count} progress note(s)",
    "; {count} unsigned or incomplete note left out (listed below)": (
        "; {count} unsigned or incomplete note(s) left out (listed below)"
    ),
}


@dataclass(frozen=True)
class _OriginalEnglish(PacketLanguage):
    """The English of packets made before languages: the same messages, counts worded
    "note(s)", bare numbers (1234) and ISO dates with a 24-hour clock. It only re-renders
    such a packet for verification: its dates are already worded in the content, but its
    numbers and counts are worded by the renderer."""

    @property
    def locale(self) -> str:
        return LOCALES[DEFAULT_LANGUAGE]

    def plural(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        original = _ORIGINAL_COUNTS.get(singular)
        if original is None:  # a count worded only since languages: today's English
            return super().plural(singular, plural, count, **values)
        return original.format(count=count, **values)

    def date_text(self, day: date) -> str:
        return day.isoformat()

    def instant(self, moment: datetime, zone: str) -> str:
        return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M:%S %Z")

    def number(self, value: int) -> str:
        return str(value)


def content_language(code: str) -> PacketLanguage:
    """The language a packet's content renders in: one of ``LOCALES``, or for a packet from
    before languages (``LANGUAGE_NOT_RECORDED``) the English it was written in. Exports use
    :func:`packet_language`, which offers only the current languages."""
    if code == LANGUAGE_NOT_RECORDED:
        return _ORIGINAL_ENGLISH
    return packet_language(code)


@cache
def packet_language(code: str = DEFAULT_LANGUAGE) -> PacketLanguage:
    """The language ``code`` ("en" or "es"); English needs no catalog."""
    if code not in LOCALES:
        raise PacketError(f"Packet language {code!r} is not one of: {', '.join(sorted(LOCALES))}")
    if code == DEFAULT_LANGUAGE:
        return PacketLanguage(code)
    try:
        return read_catalog(code, catalog_path(code))
    except OSError as exc:
        raise PacketError(
            f"The {code} packet catalog cannot be read ({exc.strerror}): reinstall SessionLog"
        ) from None


def language_from_locale(name: str | None) -> str:
    """The packet language for a locale name such as "es_US.UTF-8" (English otherwise)."""
    base = (name or "").split(".")[0].split("@")[0].replace("-", "_").lower()
    code = base.split("_")[0]
    return code if code in LOCALES else DEFAULT_LANGUAGE


def system_language(environ: Mapping[str, str], fallback: str | None = None) -> str:
    """The packet language of the user's locale, looked up as gettext does (LANGUAGE,
    LC_ALL, LC_MESSAGES, LANG), then ``fallback`` (what ``locale.getlocale`` says)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            # LANGUAGE may list several ("es_MX:en"); the first one decides.
            return language_from_locale(value.split(":")[0])
    return language_from_locale(fallback)


_ORIGINAL_ENGLISH = _OriginalEnglish(LANGUAGE_NOT_RECORDED)
