"""Status colours derived from the palette, so a dark system palette stays readable.

Views never name a colour: they ask for a *tone* (muted, error, warning, success, info)
and get a colour that keeps a WCAG contrast ratio of at least 4.5 against the background
it is drawn on (the window, a table's base, or the tone's own pale fill). The hue of each
tone is fixed; only its lightness moves, towards white on a dark palette and towards black
on a light one. Text colours are cached per background and ink, so table models can ask from
``data()``.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache

from PySide6.QtGui import QColor, QGuiApplication, QPalette

WCAG_AA = 4.5


class Tone(StrEnum):
    MUTED = "muted"  # secondary text: hints, counts, captions
    ERROR = "error"  # refused input, missing elements, overdue
    WARNING = "warning"  # late entries, limits reached, paused
    SUCCESS = "success"  # saved, running, ready to sign
    INFO = "info"  # unsigned drafts, addenda, co-signatures


# The hue each tone starts from (the light-palette colours the app always had).
_HUES = {
    Tone.ERROR: "#b3261e",
    Tone.WARNING: "#a33a00",
    Tone.SUCCESS: "#1d7a1d",
    Tone.INFO: "#1f5fa8",
}


def luminance(color: QColor) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio between two opaque colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def is_dark(palette: QPalette) -> bool:
    return luminance(palette.color(QPalette.ColorRole.Window)) < 0.18


def _mix(a: QColor, b: QColor, amount_of_a: float) -> QColor:
    t = amount_of_a
    return QColor.fromRgbF(
        a.redF() * t + b.redF() * (1 - t),
        a.greenF() * t + b.greenF() * (1 - t),
        a.blueF() * t + b.blueF() * (1 - t),
    )


def readable(color: QColor, background: QColor, minimum: float = WCAG_AA) -> QColor:
    """``color`` with its lightness moved just far enough from ``background`` to reach
    ``minimum`` contrast (its hue kept)."""
    if contrast_ratio(color, background) >= minimum:
        return QColor(color)
    lighten = luminance(background) < 0.18
    hue, saturation, lightness = color.hslHueF(), color.hslSaturationF(), color.lightnessF()
    for _ in range(100):
        lightness = min(1.0, lightness + 0.01) if lighten else max(0.0, lightness - 0.01)
        candidate = QColor.fromHslF(max(hue, 0.0), saturation, lightness)
        if contrast_ratio(candidate, background) >= minimum:
            return candidate
    return QColor("white") if lighten else QColor("black")


def _palette(palette: QPalette | None) -> QPalette:
    return palette if palette is not None else QGuiApplication.palette()


@lru_cache(maxsize=256)
def _text(tone: Tone, background: int, dark: bool, ink: int) -> QColor:
    back = QColor.fromRgba(background)
    if tone is Tone.MUTED:
        start = _mix(QColor.fromRgba(ink), back, 0.7)
    else:
        start = QColor(_HUES[tone])
        if dark:  # the light-palette hue, lifted before it is checked
            start = _mix(start, QColor("white"), 0.45)
    return readable(start, back)


def text(
    tone: Tone,
    palette: QPalette | None = None,
    *,
    on: QPalette.ColorRole | QColor = QPalette.ColorRole.Window,
) -> QColor:
    """The colour of ``tone`` text drawn on ``on`` (a palette role or a colour)."""
    pal = _palette(palette)
    # ``on`` is compared as a role only when it is one: a QColor compared with a role
    # has PySide look for a conversion among QColor's constructors, which made QGradient's
    # and QImage's Python enums at the window's first status colour (issue 12).
    role: QPalette.ColorRole | None = None
    if isinstance(on, QPalette.ColorRole):
        role, background = on, pal.color(on)
    else:
        background = on
    ink = pal.color(
        QPalette.ColorRole.Text
        if role is QPalette.ColorRole.Base
        else QPalette.ColorRole.WindowText
    )
    return QColor(_text(tone, background.rgba(), is_dark(pal), ink.rgba()))


def fill(tone: Tone, palette: QPalette | None = None) -> QColor:
    """A background that marks a block as ``tone``: a pale tint of its hue on a light
    palette, a dim one on a dark palette."""
    pal = _palette(palette)
    base = pal.color(QPalette.ColorRole.Base)
    if tone is Tone.MUTED:
        return pal.color(QPalette.ColorRole.AlternateBase)
    return _mix(QColor(_HUES[tone]), base, 0.28 if is_dark(pal) else 0.1)


def ink_on_fill(tone: Tone, palette: QPalette | None = None) -> QColor:
    """Body text readable on :func:`fill` of ``tone`` (the palette's own text colour)."""
    pal = _palette(palette)
    return readable(pal.color(QPalette.ColorRole.Text), fill(tone, pal))


@lru_cache(maxsize=64)
def _ink_over(background: int, preferred: int) -> QColor:
    back, ink = QColor.fromRgba(background), QColor.fromRgba(preferred)
    if contrast_ratio(ink, back) >= WCAG_AA:
        return ink
    # One of black and white always reaches 4.5:1; a lightness moved only as far as AA
    # (readable) looked muddy on a dark palette's light warning fill.
    black, white = QColor("black"), QColor("white")
    return max((black, white), key=lambda candidate: contrast_ratio(candidate, back))


def ink_over(background: QColor, preferred: QColor) -> QColor:
    """Text drawn on a filled shape (a meter's bar): ``preferred`` (the palette's
    highlighted text, say) when it reaches AA contrast on ``background``, else black or
    white, whichever stands out more. Cached: painting asks at every paint."""
    return QColor(_ink_over(background.rgba(), preferred.rgba()))


def outline(palette: QPalette | None = None) -> QColor:
    """The edge of a shape drawn on a table's base (a meter's groove): its text colour
    half faded into the base, 3:1 against it (WCAG's minimum for a shape's edge) on a
    light palette and a dark one alike."""
    pal = _palette(palette)
    return _mix(pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.Base), 0.5)


def css(
    tone: Tone,
    *,
    bold: bool = False,
    filled: bool = False,
    extra: str = "",
    palette: QPalette | None = None,
) -> str:
    """Style-sheet declarations for a label in ``tone`` (on its fill when ``filled``)."""
    pal = _palette(palette)
    parts = []
    if filled:
        back = fill(tone, pal)
        parts.append(f"background: {back.name()}; color: {text(tone, pal, on=back).name()};")
    else:
        parts.append(f"color: {text(tone, pal).name()};")
    if bold:
        parts.append("font-weight: bold;")
    if extra:
        parts.append(extra)
    return " ".join(parts)
