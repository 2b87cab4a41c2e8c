"""Checking a packet file: attachment, footer hash, metadata and a fresh rendering agree,
or (with the agency's key) the pages are stored exactly as that key signed them."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import EncodedStreamObject

from sessionlog.core.errors import describe_os_error
from sessionlog.export.packet.contract import (
    ATTACHMENT_NAME,
    META_HASH_KEY,
    META_PAGES_SIGNATURE_KEY,
    META_PUBLIC_KEY,
    META_SIGNATURE_KEY,
    PacketError,
    canonical_json,
    packet_from_json,
)
from sessionlog.export.packet.language import user_language
from sessionlog.export.packet.pages import pages_fingerprint
from sessionlog.export.packet.render import render_pages
from sessionlog.export.signing import fingerprint, pages_signature_holds, signature_holds


@dataclass
class PacketVerification:
    ok: bool
    sha256: str  # recomputed from the embedded content ("" when there is none)
    pages: int
    problems: list[str]
    key_fingerprint: str = ""  # of the key that signed it ("" when unsigned)
    key_checked: bool = False  # compared with a trusted public key (--key)
    # The pages were compared with a fresh rendering of the content; False when the
    # trusted key's pages signature covers them as stored (not laid out again).
    laid_out: bool = True


_FOOTER_HASH = re.compile(r"SHA-256\s+([0-9a-f]{64})")


def _normalized(text: str) -> str:
    return " ".join(text.split())


def verify_packet(
    path: str | Any, trusted_key: bytes | None = None, *, rerender: bool = False
) -> PacketVerification:
    """Recompute the hash of the embedded content and check it against the metadata,
    every page footer, and the page text a fresh rendering of that content produces;
    check the Ed25519 signature of that hash, and with ``trusted_key`` (raw public key
    from ``export-key``) that the agency's key made it.

    With ``trusted_key``, pages stored exactly as the agency's key signed them together
    with this content (the pages signature) are not laid out again unless ``rerender``:
    the agency's SessionLog rendered them from it. Anything else (no pages signature, a
    page changed, re-ordered or re-stored, another key) is compared with a fresh
    rendering, as without a key."""
    t = user_language()  # what was found is told in the user's language
    problems: list[str] = []
    try:
        reader = PdfReader(str(path))
        pages = list(reader.pages)
        attachments = reader.attachments
        metadata: Mapping[str, Any] = reader.metadata or {}
    except OSError as exc:
        return PacketVerification(
            False,
            "",
            0,
            [t("{path} cannot be read: {cause}", path=path, cause=describe_os_error(exc))],
        )
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        return PacketVerification(
            False,
            "",
            0,
            [t("{path} is not a readable PDF ({error})", path=path, error=type(exc).__name__)],
        )
    embedded = attachments.get(ATTACHMENT_NAME) or []
    if len(embedded) != 1:
        return PacketVerification(
            False,
            "",
            len(pages),
            [
                t(
                    "{path} has no embedded SessionLog packet content: it is not a SessionLog "
                    "packet, or it was re-saved by a program that dropped the attachment",
                    path=path,
                )
            ],
        )
    content = embedded[0]
    digest = hashlib.sha256(content).hexdigest()

    recorded = str(metadata.get(META_HASH_KEY, ""))
    if not recorded:
        problems.append(t("the document metadata holds no packet hash"))
    elif recorded != digest:
        problems.append(
            t(
                "the embedded content hashes to {digest}, but the metadata records {recorded}: "
                "the content was changed after the packet was made",
                digest=digest,
                recorded=recorded,
            )
        )

    key_fingerprint, signature_problems = _check_signature(metadata, digest, trusted_key)
    problems += signature_problems
    if (
        trusted_key is not None
        and not rerender
        and not problems
        and _pages_as_signed(metadata, digest, pages, trusted_key)
    ):
        # The agency's key vouches that these very pages are its rendering of this
        # content: laying them out again would prove nothing more (issue 12).
        try:
            if canonical_json(packet_from_json(content)) == content:
                return PacketVerification(
                    True, digest, len(pages), [], key_fingerprint, True, laid_out=False
                )
        except PacketError:
            pass  # not readable content: the full comparison below names the problem

    # A page whose content stream is the one a fresh rendering of the attached content
    # draws shows that rendering's footer hash and text: only the other pages are read
    # back as text, which is most of what checking a page costs (issue 12).
    fresh: list[Any] | None = None
    render_problems: list[str] = []
    try:
        data = packet_from_json(content)
        if canonical_json(data) != content:
            render_problems.append(t("the embedded content is not in canonical form"))
        expected_pdf, expected_pages = render_pages(data, digest, key_fingerprint)
    except PacketError as exc:
        render_problems.append(str(exc))
    else:
        if expected_pages != len(pages):
            render_problems.append(
                t(
                    "the file has {pages} pages; its embedded content renders to {expected}",
                    pages=len(pages),
                    expected=expected_pages,
                )
            )
        else:
            fresh = list(PdfReader(io.BytesIO(expected_pdf)).pages)
    same = [fresh is not None and _same_stream(page, fresh[i]) for i, page in enumerate(pages)]
    texts = ["" if same[i] else (page.extract_text() or "") for i, page in enumerate(pages)]
    for number, text in enumerate(texts, start=1):
        if same[number - 1]:
            continue  # drawn by the fresh rendering, whose every footer shows ``digest``
        printed = _FOOTER_HASH.findall(text)
        if not printed:
            problems.append(t("page {number} shows no packet hash in its footer", number=number))
        elif any(h != digest for h in printed):
            problems.append(
                t(
                    "page {number} footer shows hash {printed}, not the content's {digest}",
                    number=number,
                    printed=printed[0],
                    digest=digest,
                )
            )
    problems += render_problems
    if fresh is not None:
        for number, rendered in enumerate(fresh, start=1):
            if same[number - 1]:
                continue
            if _normalized(texts[number - 1]) != _normalized(rendered.extract_text() or ""):
                problems.append(
                    t(
                        "page {number} text differs from what the embedded content renders to",
                        number=number,
                    )
                )
    return PacketVerification(
        not problems, digest, len(pages), problems, key_fingerprint, trusted_key is not None
    )


def _same_stream(page: Any, rendered: Any) -> bool:
    # The same encoded bytes under the same filters decode to the same drawing: compared
    # as stored first, since decoding reportlab's ASCII85 in pypdf's pure Python costs
    # more than the rest of reading a page (issue 12). Anything else (a page re-saved by
    # another program, several content streams) is compared decoded.
    shown, fresh = _single_stream(page), _single_stream(rendered)
    if shown is not None and fresh is not None:
        raw_shown, raw_fresh = getattr(shown, "_data", None), getattr(fresh, "_data", None)
        if (
            isinstance(raw_shown, bytes)
            and raw_shown == raw_fresh
            and shown.get("/Filter") == fresh.get("/Filter")
            and shown.get("/DecodeParms") == fresh.get("/DecodeParms")
        ):
            return True
    shown_contents, fresh_contents = page.get_contents(), rendered.get_contents()
    return (
        shown_contents is not None
        and fresh_contents is not None
        and shown_contents.get_data() == fresh_contents.get_data()
    )


def _single_stream(page: Any) -> Any:
    """The page's one content stream object, as stored (None when it has not one)."""
    contents = page.get("/Contents")
    stream = contents.get_object() if contents is not None else None
    return stream if isinstance(stream, EncodedStreamObject) else None


def _pages_as_signed(
    metadata: Mapping[str, Any], digest: str, pages: list[Any], trusted_key: bytes
) -> bool:
    """Whether the trusted key signed ``digest`` together with these pages as stored."""
    try:
        signature = bytes.fromhex(str(metadata.get(META_PAGES_SIGNATURE_KEY, "")))
        return bool(signature) and pages_signature_holds(
            trusted_key, signature, digest, pages_fingerprint(pages)
        )
    except (ValueError, PyPdfError):  # an unreadable signature or page: compare in full
        return False


def _check_signature(
    metadata: Any, digest: str, trusted_key: bytes | None
) -> tuple[str, list[str]]:
    """The signer's fingerprint and what is wrong with the signature, if anything."""
    t = user_language()
    signature_hex = str(metadata.get(META_SIGNATURE_KEY, ""))
    public_hex = str(metadata.get(META_PUBLIC_KEY, ""))
    if not signature_hex or not public_hex:
        return "", [
            t(
                "the packet carries no signature: it was not made by this version of "
                "SessionLog, or its signature was stripped"
            )
        ]
    try:
        public, signature = bytes.fromhex(public_hex), bytes.fromhex(signature_hex)
    except ValueError:
        return "", [t("the packet's signature or public key is not readable")]
    problems = []
    if not signature_holds(public, signature, digest):
        problems.append(
            t(
                "the signature does not match the content: the packet was altered or "
                "re-rendered by someone without the private key that signed it"
            )
        )
    if trusted_key is not None and public != trusted_key:
        problems.append(
            t(
                "the packet was signed with key {key}, not the agency key {agency} given with "
                "--key: it was made or re-rendered by someone without the agency's private key",
                key=fingerprint(public),
                agency=fingerprint(trusted_key),
            )
        )
    return fingerprint(public), problems
