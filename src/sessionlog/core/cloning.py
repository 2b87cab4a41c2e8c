"""The cloning guard and copied-text marks: warnings before signing, never blockers.

Auditors treat notes that read the same visit after visit as a red flag ("cloned
documentation"). Before a note is signed (the Sign dialog and End of day) these
functions compare it with the client's recent notes and say which one it repeats,
and name the fields copied from the last note that were never edited. They are
warnings: the coach may still sign, and the packet is unaffected.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sessionlog.core.models import Session

# Two texts at least this similar (difflib ratio, after case and spacing are ignored)
# count as "nearly identical".
SIMILAR_RATIO = 0.9
# Shorter texts ("Continue plan.") are too short to call cloned.
MIN_COMPARED_CHARS = 20
# How far back the guard looks: the client's notes of the last 90 days, at most 50.
RECENT_DAYS = 90
RECENT_LIMIT = 50

# Fields a copy from the last note fills (never the response: that is today's own).
COPIED_FIELDS: tuple[str, ...] = ("intervention", "plan")
_FIELD_WORDS = {"intervention": "intervention", "plan": "plan", "response": "response"}


@dataclass(frozen=True)
class NoteWarning:
    field: str  # "response", "narrative", "intervention", "plan"
    message: str


@dataclass(frozen=True)
class PriorNote:
    """The text of another note of the same client (what the guard compares)."""

    session_id: str
    service_date: date
    intervention: str
    response: str
    plan: str

    def narrative(self) -> str:
        return _narrative(self.intervention, self.response, self.plan)


@dataclass(frozen=True)
class CopyMark:
    """A field filled by "Copy from last note": the text copied and where from."""

    field: str
    source_session_id: str
    source_date: date
    text: str


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _narrative(intervention: str, response: str, plan: str) -> str:
    return "\n".join((intervention, response, plan))


def similarity(first: str, second: str) -> float:
    """How alike two texts are, 0..1 (difflib's ratio), ignoring case and spacing."""
    a, b = _normal(first), _normal(second)
    return 1.0 if a == b else difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _repeats(text: str, other: str) -> float | None:
    """The ratio when ``text`` and ``other`` are nearly identical, else None."""
    a, b = _normal(text), _normal(other)
    if len(a) < MIN_COMPARED_CHARS or len(b) < MIN_COMPARED_CHARS:
        return None
    if a == b:
        return 1.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    # The cheap upper bounds first: most pairs of notes are far apart.
    if matcher.real_quick_ratio() < SIMILAR_RATIO or matcher.quick_ratio() < SIMILAR_RATIO:
        return None
    ratio = matcher.ratio()
    return ratio if ratio >= SIMILAR_RATIO else None


def _how(ratio: float) -> str:
    return "is identical to" if ratio >= 1.0 else f"is {int(ratio * 100)}% the same as"


def cloning_warnings(session: Session, others: Iterable[PriorNote]) -> list[NoteWarning]:
    """The response, or the narrative (intervention, response and plan together), that
    repeats another note of the client, naming that note's date (the closest match)."""
    warnings: list[NoteWarning] = []
    own_narrative = _narrative(session.intervention, session.response, session.plan)
    best_response: tuple[float, PriorNote] | None = None
    best_narrative: tuple[float, PriorNote] | None = None
    for other in others:
        if other.session_id == session.id:
            continue
        ratio = _repeats(session.response, other.response)
        if ratio is not None and (best_response is None or ratio > best_response[0]):
            best_response = (ratio, other)
        ratio = _repeats(own_narrative, other.narrative())
        if ratio is not None and (best_narrative is None or ratio > best_narrative[0]):
            best_narrative = (ratio, other)
    if best_response is not None:
        ratio, other = best_response
        warnings.append(
            NoteWarning(
                "response",
                f"The client response {_how(ratio)} the note of {other.service_date}: "
                "describe what happened in this session.",
            )
        )
    if best_narrative is not None:
        ratio, other = best_narrative
        warnings.append(
            NoteWarning(
                "narrative",
                f"Intervention, response and plan together {_how(ratio)} the note of "
                f"{other.service_date}: auditors treat repeated notes as cloned.",
            )
        )
    return warnings


def unedited_copies(session: Session, marks: Sequence[CopyMark]) -> list[CopyMark]:
    """The marks whose field still holds exactly the copied text."""
    return [m for m in marks if str(getattr(session, m.field, "")) == m.text and m.text.strip()]


def copy_warnings(session: Session, marks: Sequence[CopyMark]) -> list[NoteWarning]:
    """Fields copied from the last note and never edited."""
    return [
        NoteWarning(
            mark.field,
            f"The {_FIELD_WORDS.get(mark.field, mark.field)} was copied from the note of "
            f"{mark.source_date} and not edited: make it about this session.",
        )
        for mark in unedited_copies(session, marks)
    ]
