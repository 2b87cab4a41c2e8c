"""Rendering a packet: the pages (reportlab), then the attachment and metadata (pypdf)."""

from __future__ import annotations

import functools
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from pypdf import PdfReader, PdfWriter
from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    SimpleDocTemplate,
)

from sessionlog.export.packet.contract import (
    ATTACHMENT_NAME,
    META_FORMAT_KEY,
    META_HASH_KEY,
    META_PAGES_SIGNATURE_KEY,
    META_PUBLIC_KEY,
    META_SIGNATURE_KEY,
    PACKET_FORMAT,
    PAPER_SIZES,
    PacketData,
    PacketError,
    ProgressFn,
    canonical_json,
)
from sessionlog.export.packet.language import content_language
from sessionlog.export.packet.pages import pages_fingerprint
from sessionlog.export.packet.sections import cover, notes_section, unit_summary
from sessionlog.export.packet.styles import (
    FONT,
    MARGIN,
    Continuation,
    NoteDone,
    NumberedCanvas,
    page_decorations,
    parse_cache,
    register_fonts,
)
from sessionlog.export.signing import (
    Ed25519PrivateKey,
    fingerprint,
    public_raw,
    sign_digest,
    sign_pages,
)

# ---- building and verifying ----------------------------------------------------


@dataclass(frozen=True)
class RenderedPacket:
    sha256: str
    pages: int
    content: bytes  # the canonical JSON the hash covers


class _PacketDocument(SimpleDocTemplate):
    """A document that reports each flowable it has laid out (progress per note)."""

    on_flowable: Callable[[Flowable], None] | None = None

    def afterFlowable(self, flowable: Flowable) -> None:
        if self.on_flowable is not None:
            self.on_flowable(flowable)


def render_pages(
    data: PacketData, digest: str, key_fingerprint: str, progress: ProgressFn | None = None
) -> tuple[bytes, int]:
    """The reportlab stage alone: the PDF pages for ``data`` (no attachment yet)."""
    if data.paper not in PAPER_SIZES:
        raise PacketError(f"Paper size {data.paper!r} is not one of: letter, a4")
    register_fonts()
    t = content_language(data.language)
    buffer = io.BytesIO()
    pagesize = PAPER_SIZES[data.paper]
    doc = _PacketDocument(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=0.75 * inch,
        bottomMargin=0.85 * inch,
        title=t(
            "Documentation packet {start} to {end}", start=data.period_start, end=data.period_end
        ),
        author="SessionLog",
        subject=t("SessionLog documentation packet; content SHA-256 {digest}", digest=digest),
        creator="SessionLog",
        # reportlab's canvas otherwise opens every page with Helvetica, one of the standard
        # 14 fonts, which it references without embedding it.
        initialFontName=FONT,
    )
    width = pagesize[0] - 2 * MARGIN
    total = len(data.notes)
    if progress is not None:
        progress(0, total)

        def after(flowable: Flowable) -> None:
            if isinstance(flowable, NoteDone):
                progress(flowable.index + 1, total)

        doc.on_flowable = after
    state = Continuation()
    with parse_cache():
        story = (
            cover(data, width, key_fingerprint)
            + unit_summary(data, width)
            + notes_section(data, width, state)
        )
        decorate = page_decorations(data, digest, state)
        doc.build(
            story,
            onFirstPage=decorate,
            onLaterPages=decorate,
            canvasmaker=functools.partial(NumberedCanvas, language=data.language),
        )
    return buffer.getvalue(), doc.page


def write_packet(
    data: PacketData,
    handle: BinaryIO,
    progress: ProgressFn | None = None,
    *,
    signing_key: Ed25519PrivateKey,
) -> RenderedPacket:
    """Render ``data`` and write the finished PDF (pages, attachment, metadata), its
    content hash signed with the database's key, and that hash with the pages as stored
    signed again (what lets ``verify-packet --key`` skip laying them out)."""
    content = canonical_json(data)
    digest = hashlib.sha256(content).hexdigest()
    public = public_raw(signing_key)
    pages_pdf, pages = render_pages(data, digest, fingerprint(public), progress)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pages_pdf)))
    pages_sha256 = pages_fingerprint(writer.pages)
    writer.add_attachment(ATTACHMENT_NAME, content)
    writer.add_metadata(
        {
            META_HASH_KEY: digest,
            META_FORMAT_KEY: PACKET_FORMAT,
            META_SIGNATURE_KEY: sign_digest(signing_key, digest).hex(),
            META_PUBLIC_KEY: public.hex(),
            META_PAGES_SIGNATURE_KEY: sign_pages(signing_key, digest, pages_sha256).hex(),
        }
    )
    writer.write(handle)
    return RenderedPacket(digest, pages, content)
