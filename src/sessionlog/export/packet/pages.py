"""The fingerprint of a packet's pages as stored: what the pages signature covers.

Everything a page draws with is reachable from its page dictionary (content streams,
fonts, images, annotations, boxes), so the fingerprint covers that whole tree (except the
link back to the page tree, /Parent): streams by their stored bytes and filters, other
values by the bytes pypdf writes for them. The same function reads the writer's pages at
export and the file's pages at verification; pypdf writes a value as it reads it back, so
the two agree for pages stored as written. Any other storage (a page re-saved by another
program) gives another fingerprint, and verify-packet then lays the pages out again.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from typing import Any

from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    PdfObject,
    StreamObject,
)

_IN_PROGRESS = b"cycle"  # a reference back to an object being read (an annotation's /P)


def pages_fingerprint(pages: Iterable[Any]) -> str:
    """SHA-256 (hex) over every page's tree, in page order."""
    memo: dict[tuple[int, int], bytes] = {}
    total = hashlib.sha256(b"sessionlog-packet-pages/1\n")
    count = 0
    for page in pages:
        count += 1
        digest = hashlib.sha256()
        _feed(page, digest, memo, skip_parent=True)
        total.update(digest.digest())
    total.update(f"\n{count}".encode("ascii"))
    return total.hexdigest()


def _feed(
    obj: Any, out: Any, memo: dict[tuple[int, int], bytes], skip_parent: bool = False
) -> None:
    if isinstance(obj, IndirectObject):
        # Shared objects (the fonts every page uses) are read once per file.
        key = (obj.idnum, obj.generation)
        known = memo.get(key)
        if known is None:
            memo[key] = _IN_PROGRESS
            digest = hashlib.sha256()
            _feed(obj.get_object(), digest, memo)
            known = memo[key] = digest.digest()
        out.update(b"R" + known)
        return
    if isinstance(obj, StreamObject):
        out.update(b"S")
        _feed_dict(obj, out, memo, skip=("/Length",))
        data = getattr(obj, "_data", b"")  # as stored (still encoded), not decoded
        out.update(len(data).to_bytes(8, "big") + data)
        return
    if isinstance(obj, DictionaryObject):
        out.update(b"D")
        _feed_dict(obj, out, memo, skip=("/Parent",) if skip_parent else ())
        return
    if isinstance(obj, ArrayObject):
        out.update(b"A" + len(obj).to_bytes(8, "big"))
        for item in obj:
            _feed(item, out, memo)
        return
    buffer = io.BytesIO()
    if isinstance(obj, PdfObject):
        obj.write_to_stream(buffer)
    else:  # pragma: no cover - pypdf hands out PdfObjects only
        buffer.write(repr(obj).encode())
    written = buffer.getvalue()
    out.update(b"V" + len(written).to_bytes(8, "big") + written)


def _feed_dict(
    obj: DictionaryObject, out: Any, memo: dict[tuple[int, int], bytes], skip: tuple[str, ...]
) -> None:
    keys = sorted(str(key) for key in obj if str(key) not in skip)
    out.update(len(keys).to_bytes(8, "big"))
    for key in keys:
        name = key.encode("utf-8")
        out.update(len(name).to_bytes(8, "big") + name)
        # The raw value: a reference stays a reference (hashed once via the memo).
        _feed(obj.raw_get(key), out, memo)
