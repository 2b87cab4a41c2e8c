"""Checking a packet file: attachment, footer hash, metadata and a fresh rendering agree."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from sessionlog.core.errors import describe_os_error
from sessionlog.export.packet.contract import (
    ATTACHMENT_NAME,
    META_HASH_KEY,
    PacketError,
    canonical_json,
    packet_from_json,
)
from sessionlog.export.packet.render import render_pages


@dataclass
class PacketVerification:
    ok: bool
    sha256: str  # recomputed from the embedded content ("" when there is none)
    pages: int
    problems: list[str]


_FOOTER_HASH = re.compile(r"SHA-256\s+([0-9a-f]{64})")


def _normalized(text: str) -> str:
    return " ".join(text.split())


def verify_packet(path: str | Any) -> PacketVerification:
    """Recompute the hash of the embedded content and check it against the metadata,
    every page footer, and the page text a fresh rendering of that content produces."""
    problems: list[str] = []
    try:
        reader = PdfReader(str(path))
        pages = list(reader.pages)
        attachments = reader.attachments
        metadata = reader.metadata or {}
    except OSError as exc:
        return PacketVerification(
            False, "", 0, [f"{path} cannot be read: {describe_os_error(exc)}"]
        )
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        return PacketVerification(
            False, "", 0, [f"{path} is not a readable PDF ({type(exc).__name__})"]
        )
    embedded = attachments.get(ATTACHMENT_NAME) or []
    if len(embedded) != 1:
        return PacketVerification(
            False,
            "",
            len(pages),
            [
                f"{path} has no embedded SessionLog packet content: it is not a SessionLog packet, "
                "or it was re-saved by a program that dropped the attachment"
            ],
        )
    content = embedded[0]
    digest = hashlib.sha256(content).hexdigest()

    recorded = str(metadata.get(META_HASH_KEY, ""))
    if not recorded:
        problems.append("the document metadata holds no packet hash")
    elif recorded != digest:
        problems.append(
            f"the embedded content hashes to {digest}, but the metadata records {recorded}: "
            "the content was changed after the packet was made"
        )

    texts = [page.extract_text() or "" for page in pages]
    for number, text in enumerate(texts, start=1):
        printed = _FOOTER_HASH.findall(text)
        if not printed:
            problems.append(f"page {number} shows no packet hash in its footer")
        elif any(h != digest for h in printed):
            problems.append(
                f"page {number} footer shows hash {printed[0]}, not the content's {digest}"
            )

    try:
        data = packet_from_json(content)
        if canonical_json(data) != content:
            problems.append("the embedded content is not in canonical form")
        expected_pdf, expected_pages = render_pages(data, digest)
    except PacketError as exc:
        problems.append(str(exc))
    else:
        if expected_pages != len(pages):
            problems.append(
                f"the file has {len(pages)} pages; its embedded content renders to {expected_pages}"
            )
        else:
            expected = PdfReader(io.BytesIO(expected_pdf)).pages
            for number, (page, fresh) in enumerate(zip(pages, expected, strict=True), start=1):
                if (
                    page.get_contents() is not None
                    and fresh.get_contents() is not None
                    and (page.get_contents().get_data() == fresh.get_contents().get_data())
                ):
                    continue
                if _normalized(texts[number - 1]) != _normalized(fresh.extract_text() or ""):
                    problems.append(
                        f"page {number} text differs from what the embedded content renders to"
                    )
    return PacketVerification(not problems, digest, len(pages), problems)
