"""A small caseload builder for unit-engine tests: local wall-clock times in, lines out."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sessionlog.core.models import (
    Authorization,
    Client,
    Goal,
    Objective,
    Payer,
    Segment,
    Session,
    Signature,
    Staff,
    TreatmentPlan,
)
from sessionlog.core.units import BillingLine, compute_lines

NY = "America/New_York"


def at(text: str, zone: str = NY) -> datetime:
    """'2026-03-02 09:00' in ``zone`` (or an ISO instant with offset) -> UTC."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(zone))
    return value.astimezone(UTC)


class Caseload:
    at = staticmethod(at)

    def __init__(self) -> None:
        self.payer = Payer("medicaid", "State Medicaid")
        self.payers = {self.payer.id: self.payer}
        self.staff = {
            "S1": Staff("S1", "Coach One", "BA", "HN"),
            "S2": Staff("S2", "Coach Two", "HS", "HM"),
            "S3": Staff("S3", "Coach Three", "", None),
        }
        self.clients = {
            cid: Client(cid, f"Client {cid}", date(1990, 1, 1), f"MCD-{cid}", "medicaid", ["F20.9"])
            for cid in ("C1", "C2")
        }
        self.authorizations: list[Authorization] = []
        # Every client has a plan for 2026 with objective O1, which sessions address by
        # default, so tests about other rules meet no documentation hold.
        self.plans: list[TreatmentPlan] = [
            TreatmentPlan(
                f"plan-{cid}",
                cid,
                date(2026, 1, 1),
                date(2026, 12, 31),
                [Goal("G1", "Keep a job", [Objective("O1", "Arrive on time")])],
            )
            for cid in self.clients
        ]
        self.sessions: list[Session] = []
        self._ids = itertools.count(1)

    def session(
        self,
        start: str,
        minutes: float | None = None,
        *,
        segments: Sequence[tuple[str, str | None]] | None = None,
        client: str = "C1",
        staff: str = "S1",
        code: str = "H2014",
        pos: str = "18",
        signed: bool = True,
        telehealth: bool = False,
        group_size: int = 1,
        group_id: str | None = None,
        audio_only: bool = False,
        objectives: Sequence[str] = ("O1",),
        sid: str | None = None,
    ) -> Session:
        """A session starting at local ``start`` lasting ``minutes``, or with explicit
        (start, end) segments; an end of None leaves it running."""
        if segments is None:
            assert minutes is not None
            first = at(start)
            segs = [Segment(first, first + timedelta(minutes=minutes))]
        else:
            segs = [Segment(at(s), None if e is None else at(e)) for s, e in segments]
        session = Session(
            id=sid or f"s{next(self._ids):03d}",
            client_id=client,
            staff_id=staff,
            code=code,
            segments=segs,
            place_of_service=pos,
            telehealth=telehealth,
            audio_only=audio_only,
            group_size=group_size,
            group_id=group_id,
            objective_ids=list(objectives),
            timezone=self.clients[client].timezone,
        )
        if signed and all(s.end is not None for s in segs):
            last = max(s.end for s in segs if s.end is not None)
            session.signature = Signature(staff, last + timedelta(hours=1), session.timezone)
        self.sessions.append(session)
        return session

    def auth(
        self,
        units: int,
        start: str,
        end: str,
        *,
        code: str = "H2014",
        client: str = "C1",
        number: str | None = None,
    ) -> Authorization:
        n = len(self.authorizations) + 1
        auth = Authorization(
            f"auth-{n}",
            client,
            code,
            units,
            date.fromisoformat(start),
            date.fromisoformat(end),
            number or f"PA-{n}",
        )
        self.authorizations.append(auth)
        return auth

    def authorize_everything(self, units: int = 10_000) -> None:
        """Generous authorizations for every client and code, for tests about other rules."""
        for client in self.clients:
            for code in ("H2014", "H2015", "H2020", "H2023", "H2024"):
                self.auth(units, "2026-01-01", "2026-12-31", code=code, client=client)

    def lines(self, now: datetime | None = None) -> list[BillingLine]:
        return compute_lines(
            self.sessions,
            clients=self.clients,
            staff=self.staff,
            payers=self.payers,
            authorizations=self.authorizations,
            plans=self.plans,
            now=now,
        )

    def line(self, now: datetime | None = None) -> BillingLine:
        lines = self.lines(now)
        assert len(lines) == 1, lines
        return lines[0]


@pytest.fixture
def caseload() -> Caseload:
    return Caseload()
