"""The packet's languages: its fixed wording from a gettext catalog, and dates, times and
numbers in the language's locale format (Babel).

English is the source language: the messages in the code are the English text, and
``resources/translations/packet/<language>/LC_MESSAGES/packet.po`` holds the others,
read with Babel's ``read_po`` when a packet first needs them (no compiled .mo to go
stale). A message takes its values by name: ``t("Goal {number}: {text}", number=..., ...)``.
docs/packet.md says how to add a message or a language. The generic part (reading a
catalog, ``t``, plurals, contexts, formats, the locale's language) is
``sessionlog.core.language``, shared with the other layers' messages.

The ISO forms stay in the machine-readable exports (CSV, JSON, 837); only the pages a
person reads use the locale's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from sessionlog.assets import resource_path
from sessionlog.core.language import (
    DEFAULT_LANGUAGE,
    EXTRACT_KEYWORDS,
    LOCALES,
    SOURCE,
    Language,
    current_language,
    language_from_locale,
    mark,
    read_messages,
    system_language,
)
from sessionlog.export.packet.contract import LANGUAGE_NOT_RECORDED, PacketError

__all__ = [
    "DEFAULT_LANGUAGE",
    "EXTRACT_KEYWORDS",
    "LOCALES",
    "PacketLanguage",
    "catalog_path",
    "content_language",
    "language_from_locale",
    "mark",
    "packet_language",
    "read_catalog",
    "system_language",
    "user_language",
]

# The context "narrow column" (a literal at each call: Babel extracts only literals) marks a
# column header in a column sized for the English word: a language whose word is longer
# abbreviates it there ("Cód.") and keeps it whole elsewhere.


def catalog_path(language: str) -> str:
    return str(resource_path("translations", "packet", language, "LC_MESSAGES", "packet.po"))


@dataclass(frozen=True)
class PacketLanguage(Language):
    """One language's packet wording (packet.po) and formats."""

    def period(self, start: date, end: date) -> str:
        return self("{start} to {end}", start=self.date_text(start), end=self.date_text(end))


def read_catalog(code: str, path: str) -> PacketLanguage:
    """The translated, non-fuzzy messages of a .po file, by English message."""
    messages, plural_form = read_messages(path)
    return PacketLanguage(code, messages, plural_form)


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
        t = user_language()
        raise PacketError(
            t(
                "Packet language {code!r} is not one of: {languages}",
                code=code,
                languages=", ".join(sorted(LOCALES)),
            )
        )
    if code == DEFAULT_LANGUAGE:
        return PacketLanguage(code)
    try:
        return read_catalog(code, catalog_path(code))
    except OSError as exc:
        # English: the catalog that would word it in the user's language is what is missing.
        raise PacketError(
            f"The {code} packet catalog cannot be read ({exc.strerror}): reinstall SessionLog"
        ) from None


def user_language() -> PacketLanguage:
    """The language of the person at the screen (the GUI's, the CLI's locale), for what the
    packet's code tells them (a refusal, what verify-packet found) rather than prints in a
    packet; the source text when none was chosen."""
    code = current_language()
    return packet_language(code) if code in LOCALES else PacketLanguage(SOURCE)


_ORIGINAL_ENGLISH = _OriginalEnglish(LANGUAGE_NOT_RECORDED)
