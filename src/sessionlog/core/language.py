"""Messages of the layers below the GUI (core, services, store, export) and the packet: their
English wording translated from gettext catalogs, and dates, times and numbers in the
language's locale format (Babel). No Qt: the GUI's own strings are Qt's (``ui/i18n.py``).

English is the source language: a message in the code is its English text, with its values
by name, ``t("Client {client}: no Medicaid ID", client=...)``. Each layer has its own
catalog *domain*, ``resources/translations/messages/<language>/LC_MESSAGES/<domain>.po``
(``core.po``, ``services.po``; the packet keeps ``packet/<language>/LC_MESSAGES/packet.po``),
read with Babel's ``read_po`` the first time a language is needed (no compiled .mo to go
stale). A layer words its messages with its :class:`Domain`, e.g. ``core.wording.t``.

Which language: one for the process (:func:`set_language`: the GUI at start from Setup ▸
Language or the system locale, the CLI from the system locale), and a narrower one for a
piece of work in another language (:func:`using_language`: the packet renders in its own).
Until one is set, messages are the :data:`SOURCE` text: the English of the code with ISO
dates, which is also what a machine-readable export (CSV, JSON, 837) and a test read.
docs/translations.md says how to add a message or a language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sessionlog.assets import resource_path

log = logging.getLogger(__name__)

# The source language: the code's English, ISO dates and a 24-hour clock, bare numbers.
SOURCE = ""
DEFAULT_LANGUAGE = "en"

# The languages and the Babel locale that formats their dates and numbers. Spanish is US
# Spanish: day-first dates and a 24-hour clock, as a Spanish-speaking reader expects, with
# the US's decimal point and thousands comma (es_US), which agree with the agency's claims.
LOCALES: Mapping[str, str] = {"en": "en_US", "es": "es_US"}

_DATE_PATTERNS = {"en": "MM/dd/yyyy", "es": "dd/MM/yyyy"}
# Seconds stay: auditors compare exact start and stop times with the minutes billed.
_TIME_PATTERNS = {"en": "h:mm:ss a", "es": "H:mm:ss"}

# Babel's keywords for messages in the code: ``t(...)``, ``t.plural(singular, plural, n)``,
# ``t.pgettext(context, message)`` and ``mark(...)`` for a constant translated where it is
# shown. Only literals are extracted: a message built with an f-string is never translated.
EXTRACT_KEYWORDS: Mapping[str, Any] = {
    "t": None,
    "plural": (1, 2),
    "pgettext": ((1, "c"), 2),
    "mark": None,
    "later": None,
}

MESSAGES_DIR = ("translations", "messages")


def mark(message: str) -> str:
    """Marks a constant for the catalog; it is translated where it is shown."""
    return message


def _english_plural(count: int) -> int:
    return 0 if count == 1 else 1


MessageKey = str | tuple[str, str]
MessageText = str | tuple[str, ...]
Messages = Mapping[MessageKey, MessageText]


@dataclass(frozen=True)
class Language:
    """One language's wording (of one catalog) and formats. Call it with an English message."""

    code: str
    # By English message, or by (context, message) for a message with a context.
    messages: Messages = field(default_factory=dict)
    # The catalog's Plural-Forms formula: which msgstr form a count takes.
    plural_form: Callable[[int], int] = _english_plural

    @property
    def locale(self) -> str:
        return LOCALES.get(self.code, LOCALES[DEFAULT_LANGUAGE])

    def __call__(self, message: str, /, **values: object) -> str:
        # Hot: the unit engine words every billing line with a few of these.
        found = self.messages.get(message) if self.messages else None
        text = found if type(found) is str and found else message
        if not values:
            return text
        for name, value in values.items():
            if type(value) is date:  # a date (not a datetime) in the language's format
                values[name] = self.date_text(value)
        return text.format(**values)

    def _shown(self, values: dict[str, object]) -> dict[str, object]:
        """A date value in the language's format (ISO in the source text)."""
        return {
            name: self.date_text(value)
            if isinstance(value, date) and not isinstance(value, datetime)
            else value
            for name, value in values.items()
        }

    def pgettext(self, context: str, message: str, /, **values: object) -> str:
        """``message`` as worded in ``context`` (e.g. "narrow column")."""
        found = self.messages.get((context, message))
        if isinstance(found, str) and found:
            return found.format(**self._shown(values)) if values else found
        return self(message, **values)

    def plural(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        """The catalog's form for ``count`` (the English ones when it has none)."""
        found = self.messages.get(singular)
        index = self.plural_form(count)
        if isinstance(found, tuple) and len(found) > index and found[index]:
            text = found[index]
        else:
            text = singular if count == 1 else plural
        return text.format(count=self.number(count), **self._shown(values))

    def date_text(self, day: date) -> str:
        if self.code == SOURCE:
            return day.isoformat()
        return _formatted_date(day, _DATE_PATTERNS[self.code], self.locale)

    def weekday(self, day: date) -> str:
        return _formatted_date(day, "EEEE", self.locale)

    def instant(self, moment: datetime, zone: str) -> str:
        """Local date, clock time and zone abbreviation: what a reviewer reads."""
        local = moment.astimezone(ZoneInfo(zone))
        if self.code == SOURCE:
            return local.strftime("%Y-%m-%d %H:%M:%S %Z")
        from babel.dates import format_time

        clock = format_time(local, _TIME_PATTERNS[self.code], locale=_babel_locale(self.locale))
        return f"{self.date_text(local.date())} {clock} {local.strftime('%Z')}"

    def number(self, value: int) -> str:
        if self.code == SOURCE:
            return str(value)
        return _formatted_number(value, self.locale)


# Babel parses the locale name on every call unless it is handed a Locale, and a packet
# formats thousands of dates and numbers, most of them the same few (issue 12): the
# Locale is parsed once, and a formatted date or number (a pure function of its value,
# pattern and locale) is kept.
@cache
def _babel_locale(name: str) -> Any:
    from babel import Locale  # Babel's import is deferred: GUI start-up

    return Locale.parse(name)


# The languages' short dates are all digits: no locale data is needed to write them, and
# Babel's import and locale load were a share of the app's start, where Today's units
# explain each day's minutes in a worker (issue 12). tests/core/test_language.py checks
# they are Babel's.
_NUMERIC_DATES = {"MM/dd/yyyy": "{m:02d}/{d:02d}/{y:04d}", "dd/MM/yyyy": "{d:02d}/{m:02d}/{y:04d}"}


@lru_cache(maxsize=4096)
def _formatted_date(day: date, pattern: str, locale: str) -> str:
    numeric = _NUMERIC_DATES.get(pattern)
    if numeric is not None:
        return numeric.format(d=day.day, m=day.month, y=day.year)
    from babel.dates import format_date

    return format_date(day, pattern, locale=_babel_locale(locale))


# Locales whose whole numbers are grouped by threes with a comma from 1,000 on (CLDR's
# "#,##0.###", minimum grouping 1): written without Babel, as their dates are.
_COMMA_GROUPED = frozenset({"en_US", "es_US"})


@lru_cache(maxsize=4096, typed=True)
def _formatted_number(value: int, locale: str) -> str:
    if type(value) is int and locale in _COMMA_GROUPED:
        return f"{value:,}"
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_babel_locale(locale))


def read_messages(path: str | Path) -> tuple[dict[MessageKey, MessageText], Callable[[int], int]]:
    """The translated, non-fuzzy messages of a .po file by English message, and its
    Plural-Forms formula."""
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        catalog = read_po(handle)
    messages: dict[MessageKey, MessageText] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        key = message.id[0] if isinstance(message.id, tuple | list) else message.id
        string = message.string
        text = tuple(string) if isinstance(string, tuple | list) else str(string or "")
        messages[(message.context, key) if message.context else key] = text
    import gettext  # here: its import (locale, re) is a share of every command's start

    return messages, gettext.c2py(catalog.plural_expr)


def catalog_path(domain: str, language: str) -> Path:
    return resource_path(*MESSAGES_DIR, language, "LC_MESSAGES", f"{domain}.po")


# ---- which language ----------------------------------------------------------

_process_language = SOURCE
# A narrower choice for the work in one context (a packet in its own language); a thread
# started later does not inherit it, so work handed to a thread sets its own.
_context_language: ContextVar[str | None] = ContextVar("sessionlog_language", default=None)


def supported(code: str) -> str:
    """``code`` if it is a language SessionLog speaks (or SOURCE), else ValueError."""
    if code != SOURCE and code not in LOCALES:
        raise ValueError(f"Language {code!r} is not one of: {', '.join(sorted(LOCALES))}")
    return code


def set_language(code: str) -> None:
    """The process's language: the GUI's at start, the CLI's from the system locale."""
    global _process_language
    _process_language = supported(code)


def current_language() -> str:
    chosen = _context_language.get()
    return _process_language if chosen is None else chosen


@contextmanager
def using_language(code: str) -> Iterator[None]:
    """Word the messages made inside the block in ``code`` (this thread only)."""
    token = _context_language.set(supported(code))
    try:
        yield
    finally:
        _context_language.reset(token)


def language_from_locale(name: str | None) -> str:
    """The language for a locale name such as "es_US.UTF-8" (English otherwise)."""
    base = (name or "").split(".")[0].split("@")[0].replace("-", "_").lower()
    code = base.split("_")[0]
    return code if code in LOCALES else DEFAULT_LANGUAGE


def system_language(environ: Mapping[str, str], fallback: str | None = None) -> str:
    """The language of the user's locale, looked up as gettext does (LANGUAGE, LC_ALL,
    LC_MESSAGES, LANG), then ``fallback`` (what ``locale.getlocale`` says)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            # LANGUAGE may list several ("es_MX:en"); the first one decides.
            return language_from_locale(value.split(":")[0])
    return language_from_locale(fallback)


# ---- one layer's catalog -----------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    """A message worded when it is read (``str()``), in the language of that moment, not
    the one it was made in: a record-check problem found once is shown in the GUI's
    language and printed in a forced packet's. A value may be a Phrase itself."""

    domain: str
    message: str
    values: tuple[tuple[str, object], ...] = ()

    def __str__(self) -> str:
        values = {name: str(v) if isinstance(v, Phrase) else v for name, v in self.values}
        return _domain_language(self.domain, current_language())(self.message, **values)


@cache
def _domain_language(domain: str, code: str) -> Language:
    if code in (SOURCE, DEFAULT_LANGUAGE):
        return Language(code)
    try:
        messages, plural_form = read_messages(catalog_path(domain, code))
    except OSError as exc:
        # A damaged installation: the English wording, still in the language's formats.
        log.warning("The %s catalog for %s cannot be read (%s)", domain, code, exc.strerror)
        return Language(code)
    return Language(code, messages, plural_form)


@dataclass(frozen=True)
class Domain:
    """One layer's messages, worded in the current language. ``t = Domain("core")``, then
    ``t("...", name=value)``, ``t.plural(...)``, ``t.pgettext(...)``."""

    name: str

    def language(self, code: str | None = None) -> Language:
        return _domain_language(self.name, current_language() if code is None else code)

    def __call__(self, message: str, /, **values: object) -> str:
        chosen = _context_language.get()  # current_language(), inlined: a hot path
        code = _process_language if chosen is None else chosen
        return _domain_language(self.name, code)(message, **values)

    def pgettext(self, context: str, message: str, /, **values: object) -> str:
        return self.language().pgettext(context, message, **values)

    def later(self, message: str, /, **values: object) -> Phrase:
        """``message`` worded when it is shown (:class:`Phrase`), not now."""
        return Phrase(self.name, message, tuple(values.items()))

    def plural(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        return self.language().plural(singular, plural, count, **values)


# Formats in the current language, for the values a message shows.


def date_text(day: date) -> str:
    return Language(current_language()).date_text(day)


def instant_text(moment: datetime, zone: str) -> str:
    return Language(current_language()).instant(moment, zone)


def number_text(value: int) -> str:
    return Language(current_language()).number(value)
