"""Read a JSON document's top-level object one value at a time, and the items of its
record lists one item at a time (issue 12: a file of ten years of notes is imported in
bounded memory, not decoded whole).

Each value and item is decoded by the standard library's JSON decoder, so it reads
exactly what ``json.loads`` would (numbers, escapes, lone surrogates, NaN); the object
and list punctuation around them is read here and refused with the decoder's own
words and positions. The file is read in chunks; only the current item is held.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sessionlog.core.interchange import InterchangeError
from sessionlog.core.limits import MAX_JSON_DEPTH, plain_text
from sessionlog.services.wording import t

CHUNK_CHARS = 1 << 20
# More than the longest text limits.plain_text looks for (19 digits; a 6-character escape).
_OVERLAP = 32


def not_found(path: Path | str) -> str:
    return t("file: {path}: not found", path=path)


def cannot_read(path: Path | str, exc: BaseException) -> str:
    # The type only: an OS message could quote the file's content.
    return t("file: {path}: cannot be read ({error})", path=path, error=exc.__class__.__name__)


def malformed(line: int, column: int, message: str) -> str:
    """A syntax error at a place in the file; ``message`` is the json module's English
    (or this reader's, which says the same), worded here in the current language."""
    return t(
        "file: malformed JSON at line {line}, column {column}: {message}",
        line=line,
        column=column,
        message=_json_words(message),
    )


def _json_words(message: str) -> str:
    words = {
        "Unexpected UTF-8 BOM (decode using utf-8-sig)": t(
            "Unexpected UTF-8 BOM (decode using utf-8-sig)"
        ),
        "Expecting value": t("Expecting value"),
        "Expecting property name enclosed in double quotes": t(
            "Expecting property name enclosed in double quotes"
        ),
        "Expecting ':' delimiter": t("Expecting ':' delimiter"),
        "Expecting ',' delimiter": t("Expecting ',' delimiter"),
        "Extra data": t("Extra data"),
    }
    return words.get(message, message)


def too_deep() -> str:
    return t(
        "file: nested more than {depth} levels deep; not a sessionlog/1 file",
        depth=MAX_JSON_DEPTH,
    )


_WHITESPACE = re.compile(r"[ \t\n\r]*")
# A comma between two items of a list, with the whitespace around it.
_SEPARATOR = re.compile(r"[ \t\n\r]*,[ \t\n\r]*")
_DECODER = json.JSONDecoder()
# The decoder's own string reader (C), for the keys of the top-level object.
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


@dataclass(slots=True)
class Piece:
    """One top-level value (``index`` None), the start of a streamed list (``index``
    -1, ``value`` None), or item ``index`` of the list under ``key``. ``read`` is how
    far into the file the reader is, in characters (for progress). (Not frozen: an
    import makes one per record, and a frozen dataclass costs twice as much to make.)"""

    key: str
    index: int | None
    value: Any
    read: int
    source: str | None = None  # an item's JSON text, as in the file
    # The text around ``source`` passed limits.plain_text (the reader screens a chunk
    # of the file at once; a record then needs only its brackets counted).
    screened: bool = False


class _Buffer:
    """The unread part of the file, with enough bookkeeping to name a line and column
    of the whole file as ``json.loads`` would."""

    def __init__(self, stream: TextIO, path: Path) -> None:
        self.stream = stream
        self.path = path
        self.text = ""
        self.pos = 0
        self.eof = False
        self.dropped = 0  # characters before ``text``
        self.lines_dropped = 0  # newlines among them
        self.column_dropped = 0  # characters after the last of them
        self.source = ""  # the text of the last value decoded
        # Whether all of ``text`` passed limits.plain_text, screened a chunk at a time.
        self.screened = True

    def more(self) -> bool:
        """Read another chunk; False at the end of the file."""
        if self.eof:
            return False
        try:
            chunk = self.stream.read(CHUNK_CHARS)
        except (OSError, UnicodeDecodeError) as exc:
            raise InterchangeError([cannot_read(self.path, exc)]) from exc
        if not chunk:
            self.eof = True
            return False
        if self.pos > CHUNK_CHARS:  # drop what has been read
            gone = self.text[: self.pos]
            newlines = gone.count("\n")
            if newlines:
                self.lines_dropped += newlines
                self.column_dropped = len(gone) - gone.rindex("\n") - 1
            else:
                self.column_dropped += len(gone)
            self.dropped += self.pos
            self.text = self.text[self.pos :]
            self.pos = 0
            self.screened = plain_text(self.text + chunk)
        else:
            # The new chunk with the end of the text before it: a run of digits or an
            # escape may straddle the two.
            self.screened = self.screened and plain_text(self.text[-_OVERLAP:] + chunk)
        self.text += chunk
        return True

    def peek(self) -> str:
        """The next character after any whitespace ("" at the end of the file)."""
        while True:
            self.pos = _WHITESPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def error(self, message: str, pos: int | None = None) -> InterchangeError:
        at = self.pos if pos is None else pos
        newline = self.text.rfind("\n", 0, at)
        line = self.lines_dropped + self.text.count("\n", 0, at) + 1
        column = at - newline if newline >= 0 else self.column_dropped + at + 1
        return InterchangeError([malformed(line, column, message)])

    def value(self) -> Any:
        """Decode the value at the current position (reading on while it is cut off);
        ``self.source`` is then its text."""
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if self.more():
                    continue  # the value may only be cut off at the chunk's end
                raise self.error(exc.msg, exc.pos) from None
            except RecursionError:
                raise InterchangeError([too_deep()]) from None
            # A number or literal that ends with the chunk may go on in the next one.
            if end == len(self.text) and self.more():
                continue
            self.source = self.text[self.pos : end]
            self.pos = end
            return value

    def key(self) -> str:
        while True:
            try:
                key, end = _scanstring(self.text, self.pos + 1)
            except json.JSONDecodeError as exc:
                if self.more():
                    continue
                raise self.error(exc.msg, exc.pos) from None
            self.pos = end
            return key


def read_pieces(path: Path, streamed: tuple[str, ...]) -> Iterator[Piece]:
    """The top-level object of the JSON file at ``path``, value by value in file order;
    the lists under the keys ``streamed`` come item by item. Raises InterchangeError
    (``file: ...``) for a file that cannot be read or is not well-formed JSON; a document
    that is not an object comes whole, under the key ""."""
    try:
        stream = path.open(encoding="utf-8", newline="")
    except FileNotFoundError as exc:
        raise InterchangeError([not_found(path)]) from exc
    except OSError as exc:
        raise InterchangeError([cannot_read(path, exc)]) from exc
    with stream:
        yield from _pieces(_Buffer(stream, path), streamed)


def _pieces(buf: _Buffer, streamed: tuple[str, ...]) -> Iterator[Piece]:
    first = buf.peek()
    if first == "\ufeff" and buf.pos == 0:
        raise buf.error("Unexpected UTF-8 BOM (decode using utf-8-sig)")
    if not first:
        raise buf.error("Expecting value")
    if first != "{":
        value = buf.value()
        _end(buf)
        yield Piece("", None, value, buf.dropped + buf.pos)
        return
    buf.pos += 1
    following = False
    while True:
        char = buf.peek()
        if char == "}" and not following:
            buf.pos += 1
            break
        if char != '"':
            raise buf.error("Expecting property name enclosed in double quotes")
        key = buf.key()
        if buf.peek() != ":":
            raise buf.error("Expecting ':' delimiter")
        buf.pos += 1
        if key in streamed and buf.peek() == "[":
            buf.pos += 1
            yield Piece(key, -1, None, buf.dropped + buf.pos)
            yield from _items(buf, key)
        else:
            if not buf.peek():
                raise buf.error("Expecting value")
            value = buf.value()
            yield Piece(key, None, value, buf.dropped + buf.pos)
        char = buf.peek()
        if char == "}":
            buf.pos += 1
            break
        if char != ",":
            raise buf.error("Expecting ',' delimiter")
        buf.pos += 1
        following = True
    _end(buf)


def _items(buf: _Buffer, key: str) -> Iterator[Piece]:
    if buf.peek() == "]":
        buf.pos += 1
        return
    index = 0
    at_item = False  # at the first character of the next item (no peek needed)
    while True:
        if not at_item and not buf.peek():
            raise buf.error("Expecting value")
        value = buf.value()
        yield Piece(key, index, value, buf.dropped + buf.pos, buf.source, buf.screened)
        index += 1
        # The usual case in one match: a comma, and the next item already read in.
        following = _SEPARATOR.match(buf.text, buf.pos)
        at_item = following is not None and following.end() < len(buf.text)
        if at_item:
            buf.pos = following.end()  # type: ignore[union-attr]
            continue
        char = buf.peek()
        if char == "]":
            buf.pos += 1
            return
        if char != ",":
            raise buf.error("Expecting ',' delimiter")
        buf.pos += 1


def _end(buf: _Buffer) -> None:
    if buf.peek():
        raise buf.error("Extra data")
