"""How the packet looks: fonts, paragraph and table styles, the page furniture (header,
footer with "Page X of Y" and the content hash) and the markers a note leaves in the flow.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Table,
    TableStyle,
)

from sessionlog.assets import resource_path
from sessionlog.export.packet.contract import TABLE_CHUNK_ROWS, PacketData
from sessionlog.export.packet.language import DEFAULT_LANGUAGE, content_language

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
def register_fonts() -> frozenset[int]:
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
    """Every string the packet's data holds, read in place (``asdict`` would deep-copy a
    year of notes first: issue 12)."""
    if isinstance(value, str):
        yield value
    elif is_dataclass(value):
        for f in fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def unprintable_characters(data: PacketData) -> list[str]:
    """Characters the embedded fonts cannot print correctly, sorted."""
    base = register_fonts()
    missing: set[str] = set()
    # Each distinct character once: a year of notes holds a few hundred of them.
    for ch in set("".join(_strings(data))):
        if ch.isspace() or (ord(ch) in base and not _UNSHAPED.match(ch)):
            continue
        if _UNSHAPED.match(ch) or ord(ch) not in _cjk_coverage():
            missing.add(ch)
    return sorted(missing)


def markup(text: str) -> str:
    """User text as Paragraph markup: escaped, line breaks kept, and runs of
    characters DejaVu lacks switched to the CJK fallback font."""
    base = register_fonts()
    lacking = [ch for ch in set(text) if ord(ch) not in base and not ch.isspace()]
    if not any(ord(ch) in _cjk_coverage() for ch in lacking):
        # Nothing to switch to the fallback font (nearly every text): no per-character walk.
        return escape_text(text).replace("\n", "<br/>")
    out: list[str] = []
    run: list[str] = []
    for ch in text:
        if ord(ch) not in base and not ch.isspace() and ord(ch) in _cjk_coverage():
            run.append(ch)
            continue
        if run:
            out.append(f'<font name="{FONT_CJK}">{escape_text("".join(run))}</font>')
            run = []
        out.append(escape_text(ch))
    if run:
        out.append(f'<font name="{FONT_CJK}">{escape_text("".join(run))}</font>')
    return "".join(out).replace("\n", "<br/>")


def escape_text(text: str) -> str:
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
class Styles:
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
    # Derived once here, not per note: a style made per paragraph defeats parse_cache.
    warning: ParagraphStyle
    goal: ParagraphStyle
    objective: ParagraphStyle
    labelled: ParagraphStyle
    bullet: ParagraphStyle
    mark_on_fill: ParagraphStyle
    late_mark_on_fill: ParagraphStyle
    bold_alert: ParagraphStyle
    bold: ParagraphStyle
    bold_late: ParagraphStyle
    bold_accent: ParagraphStyle
    cell_whole: ParagraphStyle  # a cell that never splits a word (see fit_width)
    header: ParagraphStyle  # the client line at the top of every page


@cache
def packet_styles() -> Styles:
    register_fonts()

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {"fontName": FONT, "fontSize": 9, "leading": 12, "textColor": INK}
        base.update(kw)
        return ParagraphStyle(name, **base)

    body = style("body", spaceAfter=3)
    small = style("small", fontSize=8, leading=10.5)
    cell = style("cell", fontSize=8, leading=10)
    mark = style(
        "mark", fontName=FONT_BOLD, fontSize=9, leading=12, textColor=ALERT, alignment=TA_RIGHT
    )
    late_mark = style(
        "late_mark",
        fontName=FONT_BOLD,
        fontSize=9,
        leading=12,
        textColor=LATE,
        alignment=TA_RIGHT,
    )

    def derived(name: str, parent: ParagraphStyle, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **kw)

    return Styles(
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
        body=body,
        small=small,
        muted=style("muted", fontSize=8, leading=10.5, textColor=MUTED),
        cell=cell,
        cell_right=style("cell_right", fontSize=8, leading=10, alignment=TA_RIGHT),
        cell_head=style("cell_head", fontName=FONT_BOLD, fontSize=8, leading=10),
        cell_head_right=style(
            "cell_head_right", fontName=FONT_BOLD, fontSize=8, leading=10, alignment=TA_RIGHT
        ),
        label=style("label", fontName=FONT_BOLD, fontSize=8, leading=10, textColor=MUTED),
        note_title=style(
            "note_title", fontName=FONT_BOLD, fontSize=10.5, leading=13, textColor=colors.white
        ),
        mark=mark,
        late_mark=late_mark,
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
        warning=derived("w", small, textColor=ALERT),
        goal=derived("goal", body, fontName=FONT_BOLD, leftIndent=6, spaceAfter=1),
        objective=derived("obj", body, leftIndent=22, firstLineIndent=-10, spaceAfter=1),
        labelled=derived("lab", body, spaceBefore=3, spaceAfter=2),
        bullet=derived("o", body, leftIndent=10, firstLineIndent=-8, spaceAfter=1),
        mark_on_fill=derived("m", mark, textColor=colors.white),
        late_mark_on_fill=derived("lm", late_mark, textColor=colors.white),
        bold_alert=derived("ns", body, fontName=FONT_BOLD, textColor=ALERT),
        bold=derived("sg", body, fontName=FONT_BOLD),
        bold_late=derived("le", body, fontName=FONT_BOLD, textColor=LATE),
        bold_accent=derived("ah", body, fontName=FONT_BOLD, textColor=ACCENT),
        cell_whole=derived("cell_whole", cell, splitLongWords=False),
        header=derived("hdr", small, fontName=FONT_BOLD, textColor=ACCENT),
    )


class PacketParagraph(Paragraph):
    """A Paragraph that remembers its line breaks for the last width it was wrapped to.

    reportlab wraps a table cell once to size its row and again to draw it, and a
    KeepTogether wraps its content to measure it before the frame wraps it again: the
    same lines each time, because they depend only on the text and the width: breaking
    them once instead of two or three times (issue 12).

    Made by :func:`markup_paragraph` within :func:`parse_cache`, it also shares them with
    every paragraph of the same markup and style: a year's packet prints "Date of
    service", a note's table headings, the provider's name and attestation on every note
    (17,215 paragraphs, 3,084 different ones at 300k sessions). Their lines are broken
    once per width, and drawn once per width and canvas state: the drawing operators are
    relative to the paragraph's origin (``drawOn`` moves the canvas there first), so the
    same paragraph drawn again appends the same operators, which are kept and appended."""

    _memo: tuple[float, Any, dict[str, Any]] | None = None
    # (markup, id(style)) when made by markup_paragraph in a parse_cache: what it shares.
    _share: tuple[str, int] | None = None
    # Its lines are also another paragraph's (borrowed or lent): split breaks its own.
    _lent = False

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        memo = self._memo
        # breakLines may replace self.frags by its word list: the memo holds the list it
        # left, so a later split (new frags, new paragraph) never reuses these lines.
        if memo is not None and memo[0] == availWidth and memo[1] is self.frags:
            self.__dict__.update(memo[2])
            return self.width, self.height
        share = self._share
        layout = _layout.get() if share is not None else None
        if layout is not None and share is not None:
            known = layout.wrapped.get((share, availWidth))
            if known is not None:
                self.__dict__.update(known)
                self._memo = (availWidth, self.frags, known)
                self._lent = True
                return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        if size[0] == availWidth:  # not the "cannot fit" answer to a width near zero
            state = {k: self.__dict__[k] for k in _WRAP_STATE if k in self.__dict__}
            self._memo = (availWidth, self.frags, state)
            if layout is not None and share is not None:
                layout.wrapped[(share, availWidth)] = state
                self._lent = True
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if self._lent:
            # Splitting edits the words of the lines it splits (a line's last word gets the
            # space its break took): break lines of its own first, at the width its lines
            # were broken for, so the paragraphs sharing them keep theirs.
            self._lent = False
            self._memo = None
            Paragraph.wrap(self, self.width, availHeight)
        parts: list[Flowable] = super().split(availWidth, availHeight)
        return parts

    def draw(self) -> None:
        layout = _layout.get() if self._share is not None else None
        if layout is None:
            super().draw()
            return
        canvas = self.canv
        entry = _canvas_state(canvas)
        key = (self._share, self.width, self.height, entry)
        code: list[str] = canvas.__dict__["_code"]  # the page's operators so far
        known = layout.drawn.get(key)
        if known is not None:
            code.extend(known)
            return
        start = len(code)
        super().draw()
        # Kept only when drawing left no trace but its operators: the canvas state as it
        # was (drawPara saves and restores it); the fonts' subsets already hold its
        # characters when it is drawn again, so the same operators encode them the same.
        if _canvas_state(canvas) == entry:
            layout.drawn[key] = code[start:]


def _canvas_state(canvas: Canvas) -> tuple[Any, ...]:
    """What a paragraph's operators may depend on besides itself: the canvas's graphics
    and text state (colours by value), without its position (drawOn has moved the origin
    to the paragraph, and drawing is relative to it). Named one by one (a tuple of the
    canvas's STATE_ATTRIBUTES costs twice as much, twice per paragraph drawn); the tests
    compare the pages with reportlab's Paragraph drawn every time."""
    d = canvas.__dict__
    return (
        len(canvas.state_stack),
        d.get("_fontname"),
        d.get("_fontsize"),
        d.get("_leading"),
        d.get("_textMode"),
        d.get("_fillMode"),
        d.get("_charSpace"),
        d.get("_wordSpace"),
        d.get("_horizScale"),
        d.get("_textRenderMode"),
        d.get("_rise"),
        d.get("_lineCap"),
        d.get("_lineJoin"),
        repr(d.get("_lineDash")),
        d.get("_lineWidth"),
        d.get("_mitreLimit"),
        repr(d.get("_fillColorObj")),
        repr(d.get("_strokeColorObj")),
        tuple(sorted(d["_extgstate"]._d.items())),
    )


# What Paragraph.wrap leaves on the paragraph (breakLines sets _width_max).
_WRAP_STATE = ("width", "height", "blPara", "_wrapWidths", "_width_max")


class PacketTable(Table):
    """A Table that measures its rows once for a width.

    A note's head is a KeepTogether: it wraps its tables to measure them, then the frame
    wraps them again to place them, and a frame that cannot fit a table wraps it before
    splitting it: each time the same rows, which depend only on the width (the cells'
    paragraphs keep their lines, see PacketParagraph). reportlab's long-table shortcut
    stops measuring rows once they exceed the height offered, so a measure is reused only
    when it was complete and the height offered now holds the whole table: exactly the
    case in which measuring again would give the same rows (issue 12)."""

    _measured: tuple[float, dict[str, Any]] | None = None
    # Set by Table (its stubs leave them out).
    _width: float
    _height: float
    _hmax: int
    _nrows: int
    _spanCmds: list[Any]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        measured = self._measured
        if (
            measured is not None
            and measured[0] == availWidth
            and measured[1]["_height"] <= availHeight
        ):
            # Copies: the measure must survive whatever is later done to these lists.
            self.__dict__.update({k: _copied(v) for k, v in measured[1].items()})
            self.availWidth = availWidth
            return self._width, self._height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        if self._hmax == self._nrows and not self._spanCmds:  # every row measured
            state = {k: _copied(self.__dict__[k]) for k in _TABLE_STATE if k in self.__dict__}
            self._measured = (availWidth, state)
        return size


def _copied(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


# What Table._calc leaves on the table.
_TABLE_STATE = ("_rowHeights", "_rowpositions", "_height", "_hmax", "_colpositions", "_width")


@dataclass
class _LayoutMemo:
    """What one rendering has worked out per (markup, id(style)) of a paragraph."""

    # Parsed fragments; the style is kept so its id is not reused.
    parsed: dict[tuple[str, int], tuple[ParagraphStyle, list[Any]]] = field(default_factory=dict)
    # Line breaks by (key, width): PacketParagraph.wrap's state.
    wrapped: dict[tuple[tuple[str, int], float], dict[str, Any]] = field(default_factory=dict)
    # Drawing operators by (key, width, height, canvas state): PacketParagraph.draw.
    drawn: dict[tuple[Any, ...], list[str]] = field(default_factory=dict)


# While a packet is laid out (see parse_cache).
_layout: ContextVar[_LayoutMemo | None] = ContextVar("packet_layout", default=None)


@contextmanager
def parse_cache() -> Iterator[None]:
    """Within it, a paragraph whose markup and style were parsed before reuses that parse:
    a packet repeats its labels, table headings, codes and names on every note, and
    parsing markup costs as much as breaking the lines; such paragraphs also share their
    line breaks and drawing (PacketParagraph). Per rendering (and per thread), so no
    client's text outlives the packet that printed it, and one document's font subsets
    are never assumed in another's."""
    token = _layout.set(_LayoutMemo())
    try:
        yield
    finally:
        _layout.reset(token)


def markup_paragraph(text: str, style: ParagraphStyle) -> PacketParagraph:
    """A paragraph of markup (already escaped), parsed once per packet; a paragraph whose
    markup differs from one parsed before only in its plain text at the end (a note's
    sentence after its label, a date in a cell) takes that parse's fragments with its own
    text (see _plain_tail). Within a parse_cache it shares its lines and drawing with the
    packet's other paragraphs of the same markup and style (see PacketParagraph)."""
    layout = _layout.get()
    if layout is None:
        return PacketParagraph(text, style)
    made = _parsed_paragraph(text, style, layout.parsed)
    if not _BEYOND_OPERATORS.search(text):
        made._share = (text, id(style))
    return made


# Markup whose drawing does more than append operators to the page (a link's annotation,
# an image, a callback): such a paragraph is drawn every time. The packet's own markup is
# <font> and <br/>, and user text is escaped (markup()), so none of its paragraphs is.
_BEYOND_OPERATORS = re.compile(r"<(?!/?font\b|br\s*/?>)", re.IGNORECASE)


def _parsed_paragraph(
    text: str, style: ParagraphStyle, cache: dict[tuple[str, int], tuple[ParagraphStyle, list[Any]]]
) -> PacketParagraph:
    key = (text, id(style))
    known = cache.get(key)
    if known is None:
        split = _plain_tail(text, style)
        if split is not None:
            prefix, tail = split
            shape = cache.get((prefix + _SLOT, id(style)))
            if shape is None:
                slot_frags = PacketParagraph(prefix + _SLOT, style).frags
                usable = _slot_at_end(slot_frags)
                shape = cache[(prefix + _SLOT, id(style))] = (style, slot_frags if usable else [])
            if shape[1]:
                frags = [frag.clone() for frag in shape[1]]
                frags[-1].text = frags[-1].text[: -len(_SLOT)] + tail
                return PacketParagraph(text, style, frags=frags)
        made = PacketParagraph(text, style)
        cache[key] = (style, made.frags)  # the style is kept so its id is not reused
        return made
    # Fresh fragments: wrapping a paragraph may annotate or replace them.
    return PacketParagraph(text, style, frags=[frag.clone() for frag in known[1]])


# Stands for a paragraph's plain text in a parse reused for every text (a private-use
# character: no whitespace, no markup, and never in a text that takes this way).
_SLOT = "\ue000"
_MARKUP_CHARS = frozenset("<>&" + _SLOT)


def _plain_tail(text: str, style: ParagraphStyle) -> tuple[str, str] | None:
    """``text`` as (markup, plain text) when reportlab would give the plain text's
    fragment exactly as it gives the slot's in ``markup + _SLOT``: the text after the last
    tag or entity holds no markup character, is already as reportlab cleans white space
    (single spaces, none at either end) and does not start a word the markup ends; and the
    style transforms no text."""
    if style.textTransform:
        return None
    cut = text.rfind(">") + 1
    entity = text.rfind("&")
    if entity >= cut:  # the text ends after an entity (``&nbsp;`` after a label)
        cut = text.find(";", entity) + 1
        if cut == 0:
            return None
    prefix, tail = text[:cut], text[cut:]
    if not tail or _MARKUP_CHARS.intersection(tail) or tail != " ".join(tail.split()):
        return None
    if prefix and prefix[-1].isspace():
        return None
    return prefix, tail


def _slot_at_end(frags: list[Any]) -> bool:
    """Whether the slot is in exactly one fragment, at the end of its text (so the plain
    text's fragment is that one with the text in its place)."""
    return (
        bool(frags)
        and frags[-1].text.endswith(_SLOT)
        and sum(getattr(frag, "text", "").count(_SLOT) for frag in frags) == 1
    )


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return markup_paragraph(markup(text), style)


def _grid_style(header: bool = True, zebra: bool = True, rows: int = 0) -> list[tuple[Any, ...]]:
    commands: list[tuple[Any, ...]] = [
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


def table_style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A TableStyle whose cells use the embedded font. reportlab sets each cell's font
    before drawing it, Helvetica by default: a standard-14 font it would reference
    unembedded even though every cell holds a DejaVu paragraph."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def fit_width(values: list[str], at_least: float) -> float:
    """A column width that holds the longest value on one line (8-point cells, padding)."""
    return max([at_least] + [pdfmetrics.stringWidth(v, FONT, 8) + 10 for v in values])


def make_table(
    head: list[str],
    rows: list[list[str]],
    widths: list[float],
    right: set[int] | None = None,
    extra: list[tuple[Any, ...]] | None = None,
    nowrap: set[int] | None = None,
) -> list[Flowable]:
    """A header-repeating table, split into chunks so long ones lay out fast.
    Columns in ``nowrap`` never split a word (size them with :func:`fit_width`)."""
    s = packet_styles()
    right = right or set()
    nowrap = nowrap or set()
    header = [
        paragraph(h, s.cell_head_right if i in right else s.cell_head) for i, h in enumerate(head)
    ]
    out: list[Flowable] = []
    for start in range(0, max(len(rows), 1), TABLE_CHUNK_ROWS):
        chunk = rows[start : start + TABLE_CHUNK_ROWS]
        body = [
            [
                paragraph(
                    v, s.cell_right if i in right else s.cell_whole if i in nowrap else s.cell
                )
                for i, v in enumerate(row)
            ]
            for row in chunk
        ]
        table = PacketTable([header, *body], colWidths=widths, repeatRows=1)
        table.setStyle(table_style(_grid_style(rows=len(body) + 1) + (extra or [])))
        out.append(table)
    return out


# ---- page furniture -----------------------------------------------------------


class NumberedCanvas(Canvas):
    """Defers drawing "Page X of Y" until the total is known, at save time. The render
    passes the packet's ``language`` (``functools.partial``)."""

    def __init__(self, *args: Any, language: str = DEFAULT_LANGUAGE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._language = content_language(language)
        self._saved_pages: list[dict[str, Any]] = []
        # platypus passes its page size by keyword; every page of a packet has that size
        self._page_width = float(kwargs.get("pagesize", LETTER)[0])

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        # reportlab's stubs leave out Canvas._startPage, which begins a new page without
        # emitting the current one: the documented recipe for "Page X of Y".
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        t = self._language
        total = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            self.setFont(FONT, 8)
            self.setFillColor(INK)
            self.drawRightString(
                self._page_width - MARGIN,
                FOOTER_Y,
                t("Page {number} of {total}", number=t.number(number), total=t.number(total)),
            )
            super().showPage()
        super().save()


MARGIN = 0.7 * inch
FOOTER_Y = 0.45 * inch


def page_decorations(
    data: PacketData, digest: str, state: Continuation
) -> Callable[[Canvas, Any], None]:
    t = content_language(data.language)
    header_left = markup(
        t(
            "{client} · Medicaid ID {medicaid_id}",
            client=data.client_name,
            medicaid_id=data.medicaid_id,
        )
    )
    header_right = t(
        "Documentation packet · {start} to {end}", start=data.period_start, end=data.period_end
    )
    generated = t("Generated {when}", when=data.generated_at)
    # verify_packet finds the hash after "SHA-256" in every language (a catalog test holds it).
    footer_hash = t("Packet content SHA-256 {digest}", digest=digest)
    header_style = packet_styles().header

    def draw(canvas: Canvas, doc: Any) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        # Header: client and period, on every page, so a loose sheet is still identifiable.
        para = markup_paragraph(header_left, header_style)
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
                MARGIN,
                height - 0.66 * inch,
                t("{note} (continued from previous page)", note=state.current),
            )
        # Footer: generated-at and the content hash; the page number comes at save time.
        canvas.line(MARGIN, 0.62 * inch, width - MARGIN, 0.62 * inch)
        canvas.setFillColor(INK)
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN, FOOTER_Y, generated)
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT, 6.5)
        canvas.drawString(MARGIN, FOOTER_Y - 10, footer_hash)
        canvas.restoreState()

    return draw


class Continuation:
    """Which note is being laid out, so a page that starts inside one can say so."""

    def __init__(self) -> None:
        self.current: str | None = None


class NoteStart(Flowable):
    """Zero-size marker before each note: a page starting after it says "continued"."""

    def __init__(self, label: str, state: Continuation) -> None:
        super().__init__()
        self.label = label
        self.state = state

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.state.current = self.label


class NoteDone(Flowable):
    """Zero-size marker after each note: ends the "continued" mark and reports progress."""

    def __init__(self, index: int, state: Continuation) -> None:
        super().__init__()
        self.index = index
        self.state = state

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.state.current = None
