"""The cloning guard and copied-text marks: warnings before signing, never blockers.

Auditors treat notes that read the same visit after visit as a red flag ("cloned
documentation"). Before a note is signed (the Sign dialog and End of day) these
functions compare it with the client's recent notes and say which one it repeats,
and name the fields copied from the last note that were never edited. They are
warnings: the coach may still sign, and the packet is unaffected.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sessionlog.core.models import Session
from sessionlog.core.wording import mark, t

# Two texts at least this similar (difflib ratio over their words; case, spacing and
# punctuation ignored) count as "nearly identical".
SIMILAR_RATIO = 0.9
# Shorter texts ("Continue plan.") are too short to call cloned.
MIN_COMPARED_CHARS = 20
_WORD = re.compile(r"\w+")
# How far back the guard looks: the client's notes of the last 90 days, at most 50.
RECENT_DAYS = 90
RECENT_LIMIT = 50

# Fields a copy from the last note fills (never the response: that is today's own).
COPIED_FIELDS: tuple[str, ...] = ("intervention", "plan")
_FIELD_WORDS = {
    "intervention": mark("intervention"),
    "plan": mark("plan"),
    "response": mark("response"),
}


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


def _narrative(intervention: str, response: str, plan: str) -> str:
    return "\n".join((intervention, response, plan))


class _Compared:
    """A text ready to compare: its words (lower case, punctuation and spacing left out)
    and their counts, computed once. Words, not characters: a note is a few hundred
    words instead of thousands of characters, and English texts share nearly all their
    letters, so only word counts let a cheap bound skip the pairs that differ."""

    def __init__(self, text: str) -> None:
        self.words = _WORD.findall(text.lower())
        self.long_enough = sum(map(len, self.words)) + len(self.words) > MIN_COMPARED_CHARS
        self._counts: Counter[str] | None = None

    @property
    def counts(self) -> Counter[str]:
        if self._counts is None:
            self._counts = Counter(self.words)
        return self._counts


def _ratio(mine: _Compared, theirs: _Compared, at_least: float = 0.0) -> float | None:
    """difflib's ratio of the two word sequences; None as soon as a cheap bound shows it
    is below ``at_least`` (most pairs of notes are far apart and never reach the
    quadratic part)."""
    a, b = mine.words, theirs.words
    if a == b:
        return 1.0
    total = len(a) + len(b)
    if 2 * min(len(a), len(b)) < at_least * total:
        return None
    if 2 * sum((mine.counts & theirs.counts).values()) < at_least * total:
        return None
    import difflib  # here: its import is a share of the app's start (issue 12)

    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def similarity(first: str, second: str) -> float:
    """How alike two texts are, 0..1: difflib's ratio over their words, ignoring case,
    spacing and punctuation."""
    ratio = _ratio(_Compared(first), _Compared(second))
    assert ratio is not None  # no bound to fall below
    return ratio


def _repeats(mine: _Compared, theirs: _Compared) -> float | None:
    """The ratio when the two texts are nearly identical, else None."""
    if not (mine.long_enough and theirs.long_enough):
        return None
    ratio = _ratio(mine, theirs, SIMILAR_RATIO)
    return ratio if ratio is not None and ratio >= SIMILAR_RATIO else None


# What a repeated field says, identical or N% the same: whole sentences, so a translation
# words each its own way.
_REPEAT_WORDS = {
    "response": (
        mark(
            "The client response is identical to the note of {date}: describe what happened "
            "in this session."
        ),
        mark(
            "The client response is {percent}% the same as the note of {date}: describe what "
            "happened in this session."
        ),
    ),
    "narrative": (
        mark(
            "Intervention, response and plan together is identical to the note of {date}: "
            "auditors treat repeated notes as cloned."
        ),
        mark(
            "Intervention, response and plan together is {percent}% the same as the note of "
            "{date}: auditors treat repeated notes as cloned."
        ),
    ),
}


def _percent(ratio: float) -> int:
    return int(ratio * 100)


def cloning_warnings(session: Session, others: Iterable[PriorNote]) -> list[NoteWarning]:
    """The response, or the narrative (intervention, response and plan together), that
    repeats another note of the client, naming that note's date. ``others`` come newest
    first: the most recent repeated note is named, and the search stops there."""
    warnings: list[NoteWarning] = []
    own_response = _Compared(session.response)
    own_narrative = _Compared(_narrative(session.intervention, session.response, session.plan))
    found_response: tuple[float, PriorNote] | None = None
    found_narrative: tuple[float, PriorNote] | None = None
    for other in others:
        if other.session_id == session.id:
            continue
        if found_response is None:
            ratio = _repeats(own_response, _Compared(other.response))
            found_response = (ratio, other) if ratio is not None else None
        if found_narrative is None:
            ratio = _repeats(own_narrative, _Compared(other.narrative()))
            found_narrative = (ratio, other) if ratio is not None else None
        if found_response is not None and found_narrative is not None:
            break
    for field_name, found in (("response", found_response), ("narrative", found_narrative)):
        if found is None:
            continue
        ratio, other = found
        identical, similar = _REPEAT_WORDS[field_name]
        text = (
            t(identical, date=other.service_date)
            if ratio >= 1.0
            else t(similar, percent=_percent(ratio), date=other.service_date)
        )
        warnings.append(NoteWarning(field_name, text))
    return warnings


def unedited_copies(session: Session, marks: Sequence[CopyMark]) -> list[CopyMark]:
    """The marks whose field still holds exactly the copied text."""
    return [m for m in marks if str(getattr(session, m.field, "")) == m.text and m.text.strip()]


def copy_warnings(session: Session, marks: Sequence[CopyMark]) -> list[NoteWarning]:
    """Fields copied from the last note and never edited."""
    return [
        NoteWarning(
            copied.field,
            t(
                "The {field} was copied from the note of {date} and not edited: make it about "
                "this session.",
                field=t(_FIELD_WORDS[copied.field])
                if copied.field in _FIELD_WORDS
                else copied.field,
                date=copied.source_date,
            ),
        )
        for copied in unedited_copies(session, marks)
    ]
