"""What a caller may ask of the session records: plain values, no SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sessionlog.core.models import SessionStatus


@dataclass(frozen=True)
class SessionFilter:
    client_id: str | None = None
    staff_id: str | None = None
    code: str | None = None
    start: date | None = None  # date of service, inclusive
    end: date | None = None  # date of service, inclusive
    status: SessionStatus | None = None
    search: str | None = None  # full-text query over the written note
    limit: int | None = None
    offset: int = 0
    newest_first: bool = False  # History pages back from today
