"""The PDF documentation packet: one client, one period, readable without the app.

This module only lays out what it is given. :class:`PacketData` holds every figure
and every sentence the packet prints, already worded; ``sessionlog.services.packet``
gathers it from the store and the unit engine. Because the data object *is* the
printed content, its canonical JSON is what the packet's SHA-256 covers: the JSON
travels inside the PDF as an attached file, the hash is printed in every footer and
recorded in the document metadata, and :func:`verify_packet` checks all three
against each other and against a fresh rendering of the attached content
(docs/packet.md explains the scheme).

The package's modules: ``contract`` (the data and its canonical JSON), ``styles`` (fonts,
styles, page furniture), ``sections`` (cover, unit summary, notes), ``render`` (the PDF)
and ``verify`` (checking a file). This module names what the rest of the app uses.
"""

from sessionlog.export.packet.contract import (
    ATTACHMENT_NAME,
    META_FORMAT_KEY,
    META_HASH_KEY,
    META_PAGES_SIGNATURE_KEY,
    META_PUBLIC_KEY,
    META_SIGNATURE_KEY,
    PACKET_FORMAT,
    PAPER_SIZES,
    AddendumEntry,
    AuthorizationEntry,
    CodeTotalEntry,
    FlagEntry,
    GoalEntry,
    LeftOutEntry,
    NoteEntry,
    PacketData,
    PacketError,
    PlanEntry,
    ProgressFn,
    SegmentEntry,
    SignatureEntry,
    StaffEntry,
    UnitLineEntry,
    canonical_json,
    content_hash,
    packet_from_json,
)
from sessionlog.lazy_names import first_use

# The layout and the checking (reportlab's platypus, pypdf, cryptography: most of a second
# to import) are imported when one of their names is first used (PEP 562), so that the
# packet dialog, which needs only the contract's names, opens without them: the worker
# that writes the packet pays for them, not the GUI thread.
TYPE_CHECKING = False  # not typing's: the package is imported before typing is needed
if TYPE_CHECKING:
    from sessionlog.export.packet.render import RenderedPacket, render_pages, write_packet
    from sessionlog.export.packet.styles import unprintable_characters
    from sessionlog.export.packet.verify import PacketVerification, verify_packet

# Each name imported on first use and the module that defines it.
_HOMES = {
    "RenderedPacket": "sessionlog.export.packet.render",
    "render_pages": "sessionlog.export.packet.render",
    "write_packet": "sessionlog.export.packet.render",
    "unprintable_characters": "sessionlog.export.packet.styles",
    "PacketVerification": "sessionlog.export.packet.verify",
    "verify_packet": "sessionlog.export.packet.verify",
}


def __getattr__(name: str) -> object:
    return first_use(globals(), _HOMES, _import, name)


def _import(home: str) -> None:
    """Import ``home``, spelled out (not ``importlib``) so that what the package depends
    on stays readable to the import checks (import-linter, the architecture drawing)."""
    if home == "sessionlog.export.packet.render":
        import sessionlog.export.packet.render
    elif home == "sessionlog.export.packet.styles":
        import sessionlog.export.packet.styles
    elif home == "sessionlog.export.packet.verify":
        import sessionlog.export.packet.verify  # noqa: F401 (read through sys.modules)


__all__ = [
    "ATTACHMENT_NAME",
    "META_FORMAT_KEY",
    "META_HASH_KEY",
    "META_PAGES_SIGNATURE_KEY",
    "META_PUBLIC_KEY",
    "META_SIGNATURE_KEY",
    "PACKET_FORMAT",
    "PAPER_SIZES",
    "AddendumEntry",
    "AuthorizationEntry",
    "CodeTotalEntry",
    "FlagEntry",
    "GoalEntry",
    "LeftOutEntry",
    "NoteEntry",
    "PacketData",
    "PacketError",
    "PacketVerification",
    "PlanEntry",
    "ProgressFn",
    "RenderedPacket",
    "SegmentEntry",
    "SignatureEntry",
    "StaffEntry",
    "UnitLineEntry",
    "canonical_json",
    "content_hash",
    "packet_from_json",
    "render_pages",
    "unprintable_characters",
    "verify_packet",
    "write_packet",
]
