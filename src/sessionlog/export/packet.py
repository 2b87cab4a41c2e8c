"""The PDF documentation packet: one client, one period, readable without the app.

This module only lays out what it is given. :class:`PacketData` holds every figure
and every sentence the packet prints, already worded; ``sessionlog.services.packet``
gathers it from the store and the unit engine. Because the data object *is* the
printed content, its canonical JSON is what the packet's SHA-256 covers: the JSON
travels inside the PDF as an attached file, the hash is printed in every footer and
recorded in the document metadata, and :func:`verify_packet` checks all three
against each other and against a fresh rendering of the attached content
(docs/packet.md explains the scheme).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any, BinaryIO

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from sessionlog.assets import resource_path
from sessionlog.core.errors import describe_os_error

PACKET_FORMAT = "sessionlog-packet/1"
ATTACHMENT_NAME = "sessionlog-packet.json"
META_HASH_KEY = "/SessionLogPacketSHA256"
META_FORMAT_KEY = "/SessionLogPacketFormat"
PAPER_SIZES = {"letter": LETTER, "a4": A4}

# Splitting long tables keeps reportlab's layout cost roughly linear (platform-notes).
TABLE_CHUNK_ROWS = 150

ProgressFn = Callable[[int, int], None]


class PacketError(Exception):
    """A packet could not be made or read; the message is worded for the user."""


# ---- the content --------------------------------------------------------------


@dataclass
class StaffEntry:
    name: str
    credential: str
    modifier: str
    roles: str  # "Provider, signer", "Addendum author", ...


@dataclass
class GoalEntry:
    number: str  # "1"
    text: str
    objectives: list[str]  # "1.1 Arrive on time ..." ("(retired)" appended when retired)


@dataclass
class PlanEntry:
    period: str  # "2026-08-22 to 2027-06-23"
    goals: list[GoalEntry]


@dataclass
class AuthorizationEntry:
    number: str
    code: str
    valid: str  # "2026-10-11 to 2027-04-09"
    authorized: int
    used_in_period: int
    used_to_date: int
    remaining: int


@dataclass
class UnitLineEntry:
    date: str
    code: str
    modifiers: str
    place_of_service: str
    minutes: int
    units: int
    billable_units: int
    flags: list[str]
    authorization: str
    explanation: str


@dataclass
class CodeTotalEntry:
    code: str
    description: str
    lines: int
    minutes: int
    units: int
    billable_units: int


@dataclass
class FlagEntry:
    flag: str
    description: str
    lines: int


@dataclass
class SegmentEntry:
    start: str  # "2026-11-03 09:15:00 CST"
    end: str
    minutes: int


@dataclass
class SignatureEntry:
    signer: str
    credential: str
    signed_at: str
    attestation: str
    late: bool
    deadline: str  # the last on-time day, shown beside a late mark


@dataclass
class AddendumEntry:
    written_at: str
    author: str
    credential: str
    reason: str
    text: str


@dataclass
class NoteEntry:
    session_id: str
    date: str
    weekday: str
    timezone: str
    segments: list[SegmentEntry]
    total_minutes: int
    code: str
    code_description: str
    modifiers: str
    units: str  # worded: the billing line's units, and whether the line is shared
    place_of_service: str  # "18 Place of employment / worksite"
    modality: str
    group: str
    provider: str
    objectives: list[str]  # "Goal 1 (...) - Objective 1.2: ..."
    intervention: str
    response: str
    plan: str
    narrative: str
    manual_reason: str
    status_mark: str  # "" for a complete signed note, else "UNSIGNED - NOT BILLABLE", ...
    missing: list[str]
    signature: SignatureEntry | None
    addenda: list[AddendumEntry]


@dataclass
class LeftOutEntry:
    date: str
    code: str
    provider: str
    status: str
    missing: list[str]


@dataclass
class PacketData:
    client_name: str
    client_id: str
    birth_date: str
    medicaid_id: str
    diagnoses: list[str]
    payer: str
    period_start: str
    period_end: str
    timezone: str
    generated_at: str  # local, for people
    generated_at_utc: str  # ISO 8601, for machines
    paper: str
    include_unsigned: bool
    unit_rule: str
    staff: list[StaffEntry]
    plans: list[PlanEntry]
    authorizations: list[AuthorizationEntry]
    unit_lines: list[UnitLineEntry]
    code_totals: list[CodeTotalEntry]
    flags: list[FlagEntry]
    notes: list[NoteEntry]
    left_out: list[LeftOutEntry]
    format: str = PACKET_FORMAT
    warnings: list[str] = field(default_factory=list)


def canonical_json(data: PacketData) -> bytes:
    """One byte sequence per content: sorted keys, no spaces, UTF-8 (not escaped)."""
    return json.dumps(
        asdict(data), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode("utf-8")


def content_hash(data: PacketData) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def packet_from_json(raw: bytes) -> PacketData:
    """Rebuild the content object from an attached JSON (for verification)."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PacketError(f"the embedded packet content is not valid JSON ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != PACKET_FORMAT:
        raise PacketError(f"the embedded content is not in the {PACKET_FORMAT} format")
    try:
        return _from_plain(PacketData, document)
    except (TypeError, KeyError, ValueError) as exc:
        raise PacketError(f"the embedded packet content is malformed ({exc})") from None


def _from_plain(kind: Any, value: Any) -> Any:
    if is_dataclass(kind):
        if not isinstance(value, dict):
            raise TypeError(f"expected an object for {kind.__name__}")
        hints = typing.get_type_hints(kind)
        return kind(**{f.name: _from_plain(hints[f.name], value[f.name]) for f in fields(kind)})
    origin = typing.get_origin(kind)
    if origin is list:
        if not isinstance(value, list):
            raise TypeError("expected a list")
        (item,) = typing.get_args(kind)
        return [_from_plain(item, v) for v in value]
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        (inner,) = [a for a in typing.get_args(kind) if a is not type(None)]
        return _from_plain(inner, value)
    if kind is bool and not isinstance(value, bool):
        raise TypeError("expected true or false")
    if kind is int and (not isinstance(value, int) or isinstance(value, bool)):
        raise TypeError("expected a whole number")
    if kind is str and not isinstance(value, str):
        raise TypeError("expected text")
    return value


# ---- fonts ---------------------------------------------------------------------

FONT = "SessionLog-Sans"
FONT_BOLD = "SessionLog-Sans-Bold"
FONT_ITALIC = "SessionLog-Sans-Oblique"
FONT_CJK = "SessionLog-CJK"
CJK_FONT_FILE = "DroidSansFallbackFull.ttf"

# Scripts DejaVu has glyphs for but reportlab prints without shaping or
# right-to-left ordering: the letters come out, the words do not read correctly.
_UNSHAPED = re.compile("[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\ufb1d-\ufdff\ufe70-\ufeff]")


@cache
def _register_fonts() -> frozenset[int]:
    """Register DejaVu Sans (embedded as subsets) and return the characters it covers."""
    regular = TTFont(FONT, str(resource_path("fonts", "DejaVuSans.ttf")))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
    pdfmetrics.registerFont(
        TTFont(FONT_ITALIC, str(resource_path("fonts", "DejaVuSans-Oblique.ttf")))
    )
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD
    )
    return frozenset(regular.face.charToGlyph)


@cache
def _cjk_coverage() -> frozenset[int]:
    """Load the CJK fallback font only when some text needs it (it is 4 MB)."""
    path = resource_path("fonts", CJK_FONT_FILE)
    if not path.is_file():
        return frozenset()
    font = TTFont(FONT_CJK, str(path))
    pdfmetrics.registerFont(font)
    return frozenset(font.face.charToGlyph)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def unprintable_characters(data: PacketData) -> list[str]:
    """Characters the embedded fonts cannot print correctly, sorted."""
    base = _register_fonts()
    missing: set[str] = set()
    for text in _strings(asdict(data)):
        for ch in text:
            if ch.isspace() or (ord(ch) in base and not _UNSHAPED.match(ch)):
                continue
            if _UNSHAPED.match(ch) or ord(ch) not in _cjk_coverage():
                missing.add(ch)
    return sorted(missing)


def _markup(text: str) -> str:
    """User text as Paragraph markup: escaped, line breaks kept, and runs of
    characters DejaVu lacks switched to the CJK fallback font."""
    base = _register_fonts()
    out: list[str] = []
    run: list[str] = []
    for ch in text:
        if ord(ch) not in base and not ch.isspace() and ord(ch) in _cjk_coverage():
            run.append(ch)
            continue
        if run:
            out.append(f'<font name="{FONT_CJK}">{_escape("".join(run))}</font>')
            run = []
        out.append(_escape(ch))
    if run:
        out.append(f'<font name="{FONT_CJK}">{_escape("".join(run))}</font>')
    return "".join(out).replace("\n", "<br/>")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---- styles --------------------------------------------------------------------

INK = colors.HexColor("#1b2430")
ACCENT = colors.HexColor("#1f3a5f")
MUTED = colors.HexColor("#5b6672")
RULE = colors.HexColor("#b8c2cc")
HEAD_FILL = colors.HexColor("#e6ecf2")
BAND_FILL = colors.HexColor("#f4f6f8")
ALERT = colors.HexColor("#b3261e")
ALERT_FILL = colors.HexColor("#fdecea")
LATE = colors.HexColor("#8a4b00")
LATE_FILL = colors.HexColor("#fff3e0")


@dataclass(frozen=True)
class _Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    label: ParagraphStyle
    note_title: ParagraphStyle
    mark: ParagraphStyle
    late_mark: ParagraphStyle
    banner: ParagraphStyle
    attestation: ParagraphStyle


@cache
def _styles() -> _Styles:
    _register_fonts()

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {"fontName": FONT, "fontSize": 9, "leading": 12, "textColor": INK}
        base.update(kw)
        return ParagraphStyle(name, **base)

    return _Styles(
        title=style("title", fontName=FONT_BOLD, fontSize=20, leading=25, textColor=ACCENT),
        subtitle=style("subtitle", fontSize=11, leading=15, textColor=MUTED, spaceAfter=10),
        h1=style(
            "h1",
            fontName=FONT_BOLD,
            fontSize=13,
            leading=17,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=6,
        ),
        h2=style(
            "h2",
            fontName=FONT_BOLD,
            fontSize=10,
            leading=13,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=3,
        ),
        body=style("body", spaceAfter=3),
        small=style("small", fontSize=8, leading=10.5),
        muted=style("muted", fontSize=8, leading=10.5, textColor=MUTED),
        cell=style("cell", fontSize=8, leading=10),
        cell_right=style("cell_right", fontSize=8, leading=10, alignment=TA_RIGHT),
        cell_head=style("cell_head", fontName=FONT_BOLD, fontSize=8, leading=10),
        cell_head_right=style(
            "cell_head_right", fontName=FONT_BOLD, fontSize=8, leading=10, alignment=TA_RIGHT
        ),
        label=style("label", fontName=FONT_BOLD, fontSize=8, leading=10, textColor=MUTED),
        note_title=style(
            "note_title", fontName=FONT_BOLD, fontSize=10.5, leading=13, textColor=colors.white
        ),
        mark=style(
            "mark", fontName=FONT_BOLD, fontSize=9, leading=12, textColor=ALERT, alignment=TA_RIGHT
        ),
        late_mark=style(
            "late_mark",
            fontName=FONT_BOLD,
            fontSize=9,
            leading=12,
            textColor=LATE,
            alignment=TA_RIGHT,
        ),
        banner=style(
            "banner",
            fontName=FONT_BOLD,
            fontSize=10,
            leading=13,
            textColor=ALERT,
            alignment=TA_CENTER,
        ),
        attestation=style(
            "attestation", fontName=FONT_ITALIC, fontSize=8, leading=10.5, textColor=MUTED
        ),
    )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(_markup(text), style)


def _grid_style(header: bool = True, zebra: bool = True, rows: int = 0) -> list[tuple]:
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("LINEBELOW", (0, 0), (-1, 0), 0.75, ACCENT),
        ]
    if zebra:
        first = 1 if header else 0
        for row in range(first + 1, rows, 2):
            commands.append(("BACKGROUND", (0, row), (-1, row), BAND_FILL))
    return commands


def _table(
    head: list[str],
    rows: list[list[str]],
    widths: list[float],
    right: set[int] | None = None,
    extra: list[tuple] | None = None,
) -> list[Flowable]:
    """A header-repeating table, split into chunks so long ones lay out fast."""
    s = _styles()
    right = right or set()
    header = [_p(h, s.cell_head_right if i in right else s.cell_head) for i, h in enumerate(head)]
    out: list[Flowable] = []
    for start in range(0, max(len(rows), 1), TABLE_CHUNK_ROWS):
        chunk = rows[start : start + TABLE_CHUNK_ROWS]
        body = [
            [_p(v, s.cell_right if i in right else s.cell) for i, v in enumerate(row)]
            for row in chunk
        ]
        table = Table([header, *body], colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(_grid_style(rows=len(body) + 1) + (extra or [])))
        out.append(table)
    return out


# ---- page furniture -----------------------------------------------------------


class _NumberedCanvas(Canvas):
    """Defers drawing "Page X of Y" until the total is known, at save time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            width, _ = self._pagesize
            self.setFont(FONT, 8)
            self.setFillColor(INK)
            self.drawRightString(width - MARGIN, FOOTER_Y, f"Page {number} of {total}")
            super().showPage()
        super().save()


MARGIN = 0.7 * inch
FOOTER_Y = 0.45 * inch


def _page_decorations(
    data: PacketData, digest: str, state: _Continuation
) -> Callable[[Canvas, Any], None]:
    header_left = _markup(f"{data.client_name} · Medicaid ID {data.medicaid_id}")
    header_right = f"Documentation packet · {data.period_start} to {data.period_end}"
    s = _styles()
    header_style = ParagraphStyle("hdr", parent=s.small, fontName=FONT_BOLD, textColor=ACCENT)

    def draw(canvas: Canvas, doc: Any) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        # Header: client and period, on every page, so a loose sheet is still identifiable.
        para = Paragraph(header_left, header_style)
        _, h = para.wrap(width / 2, 20)
        para.drawOn(canvas, MARGIN, height - 0.45 * inch - h + 10)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(width - MARGIN, height - 0.45 * inch, header_right)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, height - 0.52 * inch, width - MARGIN, height - 0.52 * inch)
        if state.current:
            # A loose page in the middle of a note must still say whose note it is.
            canvas.setFont(FONT_ITALIC, 7.5)
            canvas.setFillColor(MUTED)
            canvas.drawString(
                MARGIN, height - 0.66 * inch, f"{state.current} (continued from previous page)"
            )
        # Footer: generated-at and the content hash; the page number comes at save time.
        canvas.line(MARGIN, 0.62 * inch, width - MARGIN, 0.62 * inch)
        canvas.setFillColor(INK)
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN, FOOTER_Y, f"Generated {data.generated_at}")
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT, 6.5)
        canvas.drawString(MARGIN, FOOTER_Y - 10, f"Packet content SHA-256 {digest}")
        canvas.restoreState()

    return draw


class _Continuation:
    """Which note is being laid out, so a page that starts inside one can say so."""

    def __init__(self) -> None:
        self.current: str | None = None


class _NoteStart(Flowable):
    """Zero-size marker before each note: a page starting after it says "continued"."""

    def __init__(self, label: str, state: _Continuation) -> None:
        super().__init__()
        self.label = label
        self.state = state

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.state.current = self.label


class _NoteDone(Flowable):
    """Zero-size marker after each note: ends the "continued" mark and reports progress."""

    def __init__(self, index: int, state: _Continuation) -> None:
        super().__init__()
        self.index = index
        self.state = state

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.state.current = None


# ---- sections ------------------------------------------------------------------


def _cover(data: PacketData, width: float) -> list[Flowable]:
    s = _styles()
    story: list[Flowable] = [
        _p("Documentation packet", s.title),
        _p(
            f"Progress notes and unit summary · {data.period_start} to {data.period_end}",
            s.subtitle,
        ),
    ]
    signed = sum(1 for n in data.notes if not n.status_mark)
    not_billable = len(data.notes) - signed
    contents = f"{len(data.notes)} progress note(s)"
    if not_billable:
        contents += f", of which {not_billable} marked not billable"
    if data.left_out:
        contents += f"; {len(data.left_out)} unsigned or incomplete note(s) left out (listed below)"
    facts = [
        ("Client", data.client_name),
        ("Date of birth", data.birth_date),
        ("Medicaid ID", data.medicaid_id),
        ("Diagnoses", ", ".join(data.diagnoses) or "none recorded"),
        ("Payer", data.payer),
        ("Period of service", f"{data.period_start} to {data.period_end} (dates of service)"),
        ("Time zone", data.timezone),
        ("Contents", contents),
        ("Units rule", data.unit_rule),
        ("Generated", data.generated_at),
    ]
    table = Table(
        [[_p(k, s.label), _p(v, s.body)] for k, v in facts],
        colWidths=[1.35 * inch, width - 1.35 * inch],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    story.append(table)
    for warning in data.warnings:
        story += [Spacer(1, 4), _p(warning, ParagraphStyle("w", parent=s.small, textColor=ALERT))]

    story.append(_p("Staff who delivered services", s.h1))
    story += _table(
        ["Name", "Credential", "Modifier", "Role in this packet"],
        [[m.name, m.credential or "—", m.modifier or "—", m.roles] for m in data.staff]
        or [["No services in this period", "", "", ""]],
        [2.0 * inch, 2.0 * inch, 0.8 * inch, width - 4.8 * inch],
    )

    story.append(_p("Treatment plan(s) in force", s.h1))
    if not data.plans:
        story.append(_p("No treatment plan covers any day of this period.", s.body))
    for plan in data.plans:
        story.append(_p(f"Plan in force {plan.period}", s.h2))
        for goal in plan.goals:
            story.append(
                _p(
                    f"Goal {goal.number}: {goal.text}",
                    ParagraphStyle(
                        "goal", parent=s.body, fontName=FONT_BOLD, leftIndent=6, spaceAfter=1
                    ),
                )
            )
            for objective in goal.objectives:
                story.append(
                    _p(
                        objective,
                        ParagraphStyle(
                            "obj", parent=s.body, leftIndent=22, firstLineIndent=-10, spaceAfter=1
                        ),
                    )
                )

    story.append(_p("Authorizations", s.h1))
    if data.authorizations:
        story += _table(
            [
                "Number",
                "Code",
                "Valid",
                "Authorized",
                "Used in period",
                "Used to period end",
                "Remaining",
            ],
            [
                [
                    a.number,
                    a.code,
                    a.valid,
                    str(a.authorized),
                    str(a.used_in_period),
                    str(a.used_to_date),
                    str(a.remaining),
                ]
                for a in data.authorizations
            ],
            [1.0 * inch, 0.6 * inch, 1.75 * inch] + [(width - 3.35 * inch) / 4] * 4,
            right={3, 4, 5, 6},
        )
        story.append(Spacer(1, 3))
        story.append(
            _p(
                "Units are billable units from the unit summary; remaining is as of "
                f"{data.period_end}.",
                s.muted,
            )
        )
    else:
        story.append(_p("No authorization overlaps this period.", s.body))

    if data.left_out:
        story.append(_p("Notes left out of this packet", s.h1))
        story.append(
            _p(
                "These notes are unsigned or incomplete. They are not part of this "
                "packet and are not billable until signed.",
                s.body,
            )
        )
        story += _table(
            ["Date", "Code", "Staff", "Status", "What is missing"],
            [
                [x.date, x.code, x.provider, x.status, "; ".join(x.missing) or "—"]
                for x in data.left_out
            ],
            [0.8 * inch, 0.6 * inch, 1.4 * inch, 1.1 * inch, width - 3.9 * inch],
        )
    return story


def _unit_summary(data: PacketData, width: float) -> list[Flowable]:
    s = _styles()
    story: list[Flowable] = [PageBreak(), _p("Unit summary", s.h1)]
    story.append(
        _p(
            "One row per billing line from the unit engine. Minutes are the recorded minutes; "
            "units follow the payer's rule; billable units are what may be claimed after "
            "authorizations and limits. Flags are explained below the totals.",
            s.muted,
        )
    )
    story.append(Spacer(1, 4))
    if data.unit_lines:
        story += _table(
            ["Date", "Code", "Modifiers", "POS", "Minutes", "Units", "Billable", "Auth.", "Flags"],
            [
                [
                    u.date,
                    u.code,
                    u.modifiers or "—",
                    u.place_of_service,
                    str(u.minutes),
                    str(u.units),
                    str(u.billable_units),
                    u.authorization or "—",
                    ", ".join(u.flags) or "—",
                ]
                for u in data.unit_lines
            ],
            [
                0.78 * inch,
                0.5 * inch,
                0.75 * inch,
                0.38 * inch,
                0.62 * inch,
                0.45 * inch,
                0.6 * inch,
                0.7 * inch,
                width - 4.78 * inch,
            ],
            right={4, 5, 6},
        )
    else:
        story.append(_p("No billing lines in this period.", s.body))

    story.append(_p("Totals per code", s.h2))
    rows = [
        [t.code, t.description, str(t.lines), str(t.minutes), str(t.units), str(t.billable_units)]
        for t in data.code_totals
    ]
    rows.append(
        [
            "Total",
            "All codes",
            str(sum(t.lines for t in data.code_totals)),
            str(sum(t.minutes for t in data.code_totals)),
            str(sum(t.units for t in data.code_totals)),
            str(sum(t.billable_units for t in data.code_totals)),
        ]
    )
    totals = _table(
        ["Code", "Service", "Lines", "Minutes", "Units", "Billable units"],
        rows,
        [0.6 * inch, width - 3.6 * inch, 0.6 * inch, 0.7 * inch, 0.6 * inch, 1.1 * inch],
        right={2, 3, 4, 5},
        extra=[
            ("LINEABOVE", (0, -1), (-1, -1), 0.75, ACCENT),
            ("FONTNAME", (0, -1), (-1, -1), FONT_BOLD),
        ],
    )
    story += totals

    story.append(_p("Flags explained", s.h2))
    if data.flags:
        story += _table(
            ["Flag", "Lines", "What it means"],
            [[f.flag, str(f.lines), f.description] for f in data.flags],
            [1.5 * inch, 0.5 * inch, width - 2.0 * inch],
            right={1},
        )
    else:
        story.append(_p("No line in this period carries a flag.", s.body))

    if any(u.explanation for u in data.unit_lines):
        story.append(_p("How each line's units were computed", s.h2))
        story += _table(
            ["Date", "Code", "Explanation"],
            [[u.date, u.code, u.explanation] for u in data.unit_lines],
            [0.8 * inch, 0.55 * inch, width - 1.35 * inch],
        )
    return story


def _labelled(label: str, text: str, s: _Styles) -> Flowable:
    return Paragraph(
        f'<font name="{FONT_BOLD}" color="#5b6672">{_escape(label)}</font>&nbsp;&nbsp;'
        + (_markup(text) if text.strip() else '<font color="#5b6672">—</font>'),
        ParagraphStyle("lab", parent=s.body, spaceBefore=3, spaceAfter=2),
    )


def _note(note: NoteEntry, index: int, width: float, state: _Continuation) -> list[Flowable]:
    s = _styles()
    late = note.signature is not None and note.signature.late
    if note.status_mark:
        mark = _p(note.status_mark, ParagraphStyle("m", parent=s.mark, textColor=colors.white))
    elif late:
        mark = _p("LATE ENTRY", ParagraphStyle("lm", parent=s.late_mark, textColor=colors.white))
    else:
        mark = _p("Signed", ParagraphStyle("sm", parent=s.mark, textColor=colors.white))
    title = Table(
        [[_p(f"Progress note · {note.date} ({note.weekday}) · {note.code}", s.note_title), mark]],
        colWidths=[width * 0.62, width * 0.38],
    )
    fill = ALERT if note.status_mark else (LATE if late else ACCENT)
    title.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )

    facts = [
        ("Date of service", note.date, "Place of service", note.place_of_service),
        ("Service", f"{note.code} {note.code_description}", "Modality", note.modality),
        ("Modifiers", note.modifiers or "none", "Group", note.group),
        ("Total minutes", str(note.total_minutes), "Units", note.units),
        ("Time zone", note.timezone, "Provider", note.provider),
    ]
    label_w = 1.2 * inch
    value_w = width / 2 - label_w
    fact_table = Table(
        [[_p(a, s.label), _p(b, s.cell), _p(c, s.label), _p(d, s.cell)] for a, b, c, d in facts],
        colWidths=[label_w, value_w, label_w, value_w],
    )
    fact_table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )

    segment_rows = [
        [f"Segment {i}", seg.start, seg.end, f"{seg.minutes} min"]
        for i, seg in enumerate(note.segments, start=1)
    ] or [["—", "no times recorded", "", ""]]
    segments = _table(
        ["Time", "Start", "Stop", "Minutes"],
        segment_rows,
        [0.9 * inch, 2.3 * inch, 2.3 * inch, width - 5.5 * inch],
        right={3},
    )

    head: list[Flowable] = [title]
    if note.status_mark:
        if note.signature is None:
            why = "This note has not been signed: its units may not be claimed."
        else:
            why = "This signed note lacks required elements (listed below): review before billing."
        banner = Table([[_p(f"{note.status_mark} · {why}", s.banner)]], colWidths=[width])
        banner.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), ALERT_FILL),
                    ("BOX", (0, 0), (-1, -1), 1, ALERT),
                ]
            )
        )
        head += [Spacer(1, 3), banner]
    head += [Spacer(1, 4), fact_table, Spacer(1, 4), *segments]

    label = f"Progress note · {note.date} · {note.code}"
    story: list[Flowable] = [
        CondPageBreak(2.2 * inch),
        KeepTogether(head),
        _NoteStart(label, state),
    ]
    story.append(_p("Objectives addressed", s.h2))
    if note.objectives:
        for objective in note.objectives:
            story.append(
                _p(
                    f"• {objective}",
                    ParagraphStyle(
                        "o", parent=s.body, leftIndent=10, firstLineIndent=-8, spaceAfter=1
                    ),
                )
            )
    else:
        story.append(_p("None recorded.", s.body))
    story.append(_labelled("Intervention", note.intervention, s))
    story.append(_labelled("Response", note.response, s))
    story.append(_labelled("Plan", note.plan, s))
    story.append(_labelled("Narrative", note.narrative, s))
    if note.manual_reason:
        story.append(
            _labelled("Manual entry: times were entered by hand because", note.manual_reason, s)
        )
    if note.missing:
        story.append(_labelled("Missing for signature", "; ".join(note.missing), s))

    story.append(KeepTogether([Spacer(1, 4), _signature_block(note, width)]))
    for number, addendum in enumerate(note.addenda, start=1):
        story.append(_addendum_block(addendum, number, width))
    story += [_NoteDone(index, state), Spacer(1, 14)]
    return story


def _signature_block(note: NoteEntry, width: float) -> Flowable:
    s = _styles()
    sig = note.signature
    if sig is None:
        rows = [
            [
                _p(
                    "Not signed. This note is a draft and is not billable.",
                    ParagraphStyle("ns", parent=s.body, fontName=FONT_BOLD, textColor=ALERT),
                )
            ]
        ]
        box_color, fill = ALERT, ALERT_FILL
    else:
        signer = sig.signer + (f", {sig.credential}" if sig.credential else "")
        rows = [
            [
                _p(
                    f"Electronically signed by {signer}",
                    ParagraphStyle("sg", parent=s.body, fontName=FONT_BOLD),
                )
            ],
            [_p(f"Signed at {sig.signed_at}", s.small)],
            [_p(sig.attestation or "No attestation recorded.", s.attestation)],
        ]
        box_color, fill = RULE, BAND_FILL
        if sig.late:
            rows.insert(
                0,
                [
                    _p(
                        f"LATE ENTRY: signed after the documentation deadline ({sig.deadline}).",
                        ParagraphStyle("le", parent=s.body, fontName=FONT_BOLD, textColor=LATE),
                    )
                ],
            )
            box_color, fill = LATE, LATE_FILL
    table = Table(rows, colWidths=[width])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.75, box_color),
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def _addendum_block(addendum: AddendumEntry, number: int, width: float) -> Flowable:
    s = _styles()
    author = addendum.author + (f", {addendum.credential}" if addendum.credential else "")
    rows = [
        [
            _p(
                f"ADDENDUM {number} · written {addendum.written_at} by {author}",
                ParagraphStyle("ah", parent=s.body, fontName=FONT_BOLD, textColor=ACCENT),
            )
        ],
        [_labelled("Reason", addendum.reason, s)],
        [_p(addendum.text, s.body)],
    ]
    table = Table(rows, colWidths=[width - 12])
    table.setStyle(
        TableStyle(
            [
                ("LINEBEFORE", (0, 0), (0, -1), 2, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    table.hAlign = "RIGHT"
    return KeepTogether([Spacer(1, 5), table])


def _notes(data: PacketData, width: float, state: _Continuation) -> list[Flowable]:
    s = _styles()
    story: list[Flowable] = [PageBreak(), _p("Progress notes", s.h1)]
    if not data.notes:
        story.append(_p("No progress notes in this packet.", s.body))
    for index, note in enumerate(data.notes):
        story += _note(note, index, width, state)
    return story


# ---- building and verifying ----------------------------------------------------


@dataclass(frozen=True)
class RenderedPacket:
    sha256: str
    pages: int
    content: bytes  # the canonical JSON the hash covers


def render_pages(
    data: PacketData, digest: str, progress: ProgressFn | None = None
) -> tuple[bytes, int]:
    """The reportlab stage alone: the PDF pages for ``data`` (no attachment yet)."""
    if data.paper not in PAPER_SIZES:
        raise PacketError(f"Paper size {data.paper!r} is not one of: letter, a4")
    _register_fonts()
    buffer = io.BytesIO()
    pagesize = PAPER_SIZES[data.paper]
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=0.75 * inch,
        bottomMargin=0.85 * inch,
        title=f"Documentation packet {data.period_start} to {data.period_end}",
        author="SessionLog",
        subject=f"SessionLog documentation packet; content SHA-256 {digest}",
        creator="SessionLog",
    )
    width = pagesize[0] - 2 * MARGIN
    total = len(data.notes)
    if progress is not None:
        progress(0, total)

        def after(flowable: Flowable) -> None:
            if isinstance(flowable, _NoteDone):
                progress(flowable.index + 1, total)

        doc.afterFlowable = after  # type: ignore[method-assign]
    state = _Continuation()
    story = _cover(data, width) + _unit_summary(data, width) + _notes(data, width, state)
    decorate = _page_decorations(data, digest, state)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=_NumberedCanvas)
    return buffer.getvalue(), doc.page


def write_packet(
    data: PacketData, handle: BinaryIO, progress: ProgressFn | None = None
) -> RenderedPacket:
    """Render ``data`` and write the finished PDF (pages, attachment, metadata)."""
    content = canonical_json(data)
    digest = hashlib.sha256(content).hexdigest()
    pages_pdf, pages = render_pages(data, digest, progress)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pages_pdf)))
    writer.add_attachment(ATTACHMENT_NAME, content)
    writer.add_metadata({META_HASH_KEY: digest, META_FORMAT_KEY: PACKET_FORMAT})
    writer.write(handle)
    return RenderedPacket(digest, pages, content)


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
