"""An agency-sized SessionLog database for the benchmarks (issue 12).

20 coaches (two of them supervisors who co-sign their coaches' notes), 150 clients on
two payers, a treatment plan per client-year with goals and objectives, authorizations
per client, code and half-year, and ``sessions`` sessions spread over the ten years that
end today: mostly signed (some late, some co-signed, a few with addenda), the last days'
notes and a few forgotten ones left as drafts, a few drafts voided, and small group visits.

The schema comes from the real migrations (``open_database``) and the caseload (payers,
staff, clients, plans, authorizations) is written through the store's own save methods.
Sessions are written in bulk with ``executemany`` inside one transaction, with what the
store would have written beside them: segments, objectives, signatures, co-signatures,
addenda, their seals (``core.integrity.seal_hash`` over ``note_content``, chained per
note as ``store.integrity.write_seal`` chains them) and the audit rows of each act
(``core.integrity.audit_hash``, chained), so ``sessionlog check`` passes on the result.

    python benchmarks/generate.py --sessions 30000 --out /tmp/agency-30k.sqlite3
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time as clock
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sessionlog.core.clock import add_business_days, to_utc_text
from sessionlog.core.completeness import COSIGN_STATEMENT
from sessionlog.core.identifiers import npi_check_digit
from sessionlog.core.integrity import (
    SEAL_ADDENDUM,
    SEAL_COSIGNATURE,
    SEAL_SIGNATURE,
    audit_hash,
    note_content,
    seal_hash,
)
from sessionlog.core.models import (
    Address,
    Client,
    Staff,
)
from sessionlog.services.demo import AGENCY, PAYERS
from sessionlog.store import Store, open_database
from sessionlog.store.integrity import AUDIT_HEAD_KEY

SIZES = {"small": 1_000, "medium": 30_000, "large": 300_000}
COACHES = 20
CLIENTS = 150
YEARS = 10
ZONES = ("America/Chicago", "America/Chicago", "America/Chicago", "America/New_York")
CODES = ("H2023", "H2014")
ACTOR = "generator"
# Sessions are written this many at a time (bounded memory at any size).
BATCH = 5_000

FIRST_NAMES = [
    "Marcus",
    "Lena",
    "Tran",
    "Dmitri",
    "Aisha",
    "Carlos",
    "Priya",
    "Noah",
    "Grace",
    "Omar",
    "Hannah",
    "Luis",
    "Mei",
    "Tyrell",
    "Sofia",
    "Ethan",
    "Fatima",
    "Jonah",
    "Rosa",
    "Kwame",
    "Ingrid",
    "Mateo",
    "Leila",
    "Samuel",
    "Yuki",
    "Daniel",
    "Amara",
    "Viktor",
    "Chloe",
    "Ravi",
]
LAST_NAMES = [
    "Webb",
    "Novak",
    "Nguyen",
    "Volkov",
    "Rahman",
    "Mendez",
    "Patel",
    "Brooks",
    "Kim",
    "Haddad",
    "Schultz",
    "Garcia",
    "Chen",
    "Jackson",
    "Rossi",
    "Walker",
    "Diallo",
    "Fischer",
    "Okafor",
    "Lindqvist",
    "Ortega",
    "Moreau",
    "Singh",
    "Tanaka",
    "Cohen",
    "Adeyemi",
    "Petrov",
]
CREDENTIALS = (
    ("Job Coach (CESP)", "HM"),
    ("Skills Trainer, BA", "HN"),
    ("Employment Specialist, MA", "HO"),
)
GOALS = (
    (
        "Keep a part-time job",
        (
            "Arrive on time for 4 of 5 scheduled shifts each week",
            "Complete the stocking checklist with no more than 1 prompt",
        ),
    ),
    (
        "Communicate with the supervisor",
        ("Ask the supervisor for the next task when done", "Report a problem at work the same day"),
    ),
    (
        "Manage daily routines independently",
        (
            "Start the morning routine by 8:00 on 5 of 7 days",
            "Take medication as prescribed, 90% of days",
        ),
    ),
    (
        "Get a job in food service",
        (
            "Complete 3 job applications per week with support",
            "Practice interview answers with 80% accuracy in role-play",
        ),
    ),
    (
        "Manage money",
        (
            "Make and follow a weekly budget for 4 consecutive weeks",
            "Pay rent and utilities before the due date each month",
        ),
    ),
    (
        "Use public transit",
        (
            "Plan and ride the bus route to work without prompts",
            "Read a transit schedule and name the next departure",
        ),
    ),
)
ACTIVITIES = {
    "H2023": (
        "Job-site coaching at the {place}: modeled the {task}, then faded prompts to gestural.",
        "Employer contact at the {place}: met the shift supervisor about {topic}; role-played "
        "asking for help.",
        "Job development: reviewed {count} openings near the {place} and completed applications.",
        "On-the-job support during the {shift} shift; broke the {task} into {count} steps.",
    ),
    "H2014": (
        "Skills training: modeled use of the weekly planner for {topic}; practiced with prompts.",
        "Role-play of a conversation at the {place}; feedback on eye contact and turn taking.",
        "Budgeting: reviewed {count} receipts and updated the weekly budget sheet together.",
        "Community practice: rode the bus to the {place} and back; client read the schedule.",
    ),
}
PLACES = (
    "grocery store",
    "warehouse",
    "library",
    "community center",
    "pharmacy",
    "bakery",
    "hardware store",
    "laundromat",
    "clinic",
    "bank",
    "post office",
    "cafeteria",
)
TASKS = (
    "stocking sequence",
    "cash register routine",
    "closing checklist",
    "inventory count",
    "dish station setup",
    "cart return route",
    "shelf facing",
    "order picking",
)
TOPICS = (
    "schedule changes",
    "a missed shift",
    "break times",
    "uniform rules",
    "a new task list",
    "overtime",
    "a safety concern",
    "transportation",
)
RESPONSES = (
    "Client engaged throughout and completed the task with {count} verbal prompts.",
    "Client was anxious at first, settled after {count} minutes, and finished independently.",
    "Client needed frequent redirection today; reported poor sleep. Partial progress.",
    "Client met the objective for the session and described the next step unprompted.",
    "Client asked good questions about {topic} and wrote down the answers.",
    "Client declined the role-play at first, then agreed and completed {count} rounds.",
)
PLANS = (
    "Continue fading prompts next session; check in with the supervisor on Friday.",
    "Practice the same routine twice before the next visit; bring the planner.",
    "Review progress on the objective next week and adjust supports.",
    "Visit the {place} again on {weekday}; rehearse the {task} beforehand.",
    "Call the employer about {topic} before the next session.",
)
NOTES = (
    "",
    "",
    "",
    "Weather delayed the bus by {count} minutes.",
    "Guardian present for the last part of the session.",
    "Client brought the updated pay stub.",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _npi(serial: int) -> str:
    first_nine = f"1{serial:08d}"
    return first_nine + str(npi_check_digit(first_nine))


@dataclass
class _ClientPlan:
    client: Client
    coach: str
    codes: tuple[str, ...]
    weight: float
    # Objective ids of each year's plan, by year.
    objectives: dict[int, list[str]] = field(default_factory=dict)


@dataclass
class _Chain:
    """The audit chain's end while rows are appended in bulk."""

    last_id: int
    last_sha256: str
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def append(
        self,
        at_utc: str,
        action: str,
        entity_id: str,
        details: dict[str, Any],
        entity: str = "session",
    ) -> None:
        row = {
            "id": self.last_id + 1,
            "at_utc": at_utc,
            "actor": ACTOR,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "details": json.dumps(details, sort_keys=True, default=str),
        }
        digest = audit_hash(row, self.last_sha256)
        self.rows.append(
            (
                row["id"],
                at_utc,
                ACTOR,
                action,
                entity,
                entity_id,
                row["details"],
                self.last_sha256,
                digest,
            )
        )
        self.last_id += 1
        self.last_sha256 = digest


def _fill(rng: random.Random, template: str) -> str:
    return template.format(
        place=rng.choice(PLACES),
        task=rng.choice(TASKS),
        topic=rng.choice(TOPICS),
        count=rng.randint(2, 12),
        shift=rng.choice(("morning", "afternoon", "evening")),
        weekday=rng.choice(WEEKDAYS),
    )


def _caseload(store: Store, rng: random.Random) -> tuple[list[Staff], dict[str, list[_ClientPlan]]]:
    """The agency, payers, staff and clients through the store's save methods."""
    store.save_agency(AGENCY)
    for payer in PAYERS:
        store.save_payer(payer)
    staff: list[Staff] = []
    for index in range(COACHES):
        supervisor = index < 2
        credential, modifier = (
            ("Program Supervisor, LCSW", "HO") if supervisor else CREDENTIALS[index % 3]
        )
        staff.append(
            Staff(
                f"staff-{index + 1:02d}",
                f"{FIRST_NAMES[(index * 7) % len(FIRST_NAMES)]} "
                f"{LAST_NAMES[(index * 5 + 3) % len(LAST_NAMES)]}",
                credential,
                modifier,
                _npi(55_000_000 + index),
                # Paraprofessional job coaches are supervised (co-signed notes).
                supervisor_id=("staff-01" if index % 2 else "staff-02")
                if not supervisor and modifier == "HM"
                else None,
            )
        )
    for member in sorted(staff, key=lambda s: s.supervisor_id is not None):
        store.save_staff(member)
    by_coach: dict[str, list[_ClientPlan]] = {s.id: [] for s in staff}
    for index in range(CLIENTS):
        payer = PAYERS[index % 5 == 4]  # one in five on the managed-care plan
        client = Client(
            f"client-{index + 1:03d}",
            f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[(index * 11) % len(LAST_NAMES)]}",
            date(1960 + index % 40, 1 + index % 12, 1 + index % 28),
            f"MCD{200000 + index * 37}",
            payer.id,
            [("F20.9", "F33.1", "F84.0", "F31.9", "F41.1")[index % 5]],
            ZONES[index % len(ZONES)],
            address=Address(f"{100 + index} Elm Street", "Springfield", "IL", "62702"),
        )
        store.save_client(client)
        coach = staff[index % COACHES].id
        codes = CODES if index % 3 == 0 else (CODES[index % 2],)
        plan = _ClientPlan(client, coach, codes, rng.uniform(0.6, 1.4))
        by_coach[coach].append(plan)
    return staff, by_coach


def _business_days(first: date, last: date) -> list[date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _sessions_per_day(total: int, days: int) -> Iterator[int]:
    """Spread ``total`` over ``days`` as evenly as whole numbers allow."""
    done = 0
    for index in range(days):
        target = total * (index + 1) // days
        yield target - done
        done = target


def _plans_and_authorizations(
    w: _Writer, rng: random.Random, plans: list[_ClientPlan], first_day: date, last_day: date
) -> None:
    """A plan per client-year (two goals of two objectives) and an authorization per
    client, code and half-year, with the audit rows ``save_plan`` and
    ``save_authorization`` write."""
    at = to_utc_text(datetime.combine(first_day, time(12), UTC))
    for index, plan in enumerate(plans):
        client = plan.client
        for year in range(first_day.year, last_day.year + 1):
            plan_id = f"{client.id}-plan-{year}"
            w.plans.append((plan_id, client.id, f"{year}-01-01", f"{year}-12-31"))
            plan.objectives[year] = []
            for gi in range(2):
                goal_text, objective_texts = GOALS[(index + gi) % len(GOALS)]
                goal_id = f"{plan_id}-g{gi + 1}"
                w.goals.append((goal_id, plan_id, gi, goal_text))
                for oi, text in enumerate(objective_texts):
                    objective_id = f"{goal_id}-o{oi + 1}"
                    w.plan_objectives.append((objective_id, goal_id, oi, text))
                    plan.objectives[year].append(objective_id)
            w.chain.append(
                at,
                "create",
                plan_id,
                {
                    "start": f"{year}-01-01",
                    "end": f"{year}-12-31",
                    "goals": 2,
                    "objectives": len(plan.objectives[year]),
                    "retired_in_use": [],
                },
                entity="plan",
            )
            for half, (start, end) in enumerate(
                ((f"{year}-01-01", f"{year}-06-30"), (f"{year}-07-01", f"{year}-12-31"))
            ):
                for code in plan.codes:
                    auth_id = f"{client.id}-auth-{code}-{year}h{half + 1}"
                    w.authorizations.append(
                        (
                            auth_id,
                            client.id,
                            code,
                            rng.choice((120, 240, 480, 960)),
                            start,
                            end,
                            f"PA-{index:03d}{year % 100:02d}{half}{code[-2:]}",
                        )
                    )
                    w.chain.append(at, "create", auth_id, {"created": True}, entity="authorization")


class _Writer:
    """Collects one batch of rows per table and writes each with executemany."""

    def __init__(self, conn: sqlite3.Connection, chain: _Chain) -> None:
        self.conn = conn
        self.chain = chain
        self.plans: list[tuple[Any, ...]] = []
        self.goals: list[tuple[Any, ...]] = []
        self.plan_objectives: list[tuple[Any, ...]] = []
        self.authorizations: list[tuple[Any, ...]] = []
        self.groups: list[tuple[Any, ...]] = []
        self.sessions: list[tuple[Any, ...]] = []
        self.segments: list[tuple[Any, ...]] = []
        self.objectives: list[tuple[Any, ...]] = []
        self.signed: list[tuple[str]] = []
        self.signatures: list[tuple[Any, ...]] = []
        self.cosignatures: list[tuple[Any, ...]] = []
        self.addenda: list[tuple[Any, ...]] = []
        self.seals: list[tuple[Any, ...]] = []
        self.voided: list[tuple[Any, ...]] = []
        self.count = 0

    def flush(self) -> None:
        c = self.conn
        c.executemany(
            'INSERT INTO plans (id, client_id, start, "end") VALUES (?, ?, ?, ?)', self.plans
        )
        c.executemany(
            "INSERT INTO goals (id, plan_id, position, text) VALUES (?, ?, ?, ?)", self.goals
        )
        c.executemany(
            "INSERT INTO objectives (id, goal_id, position, text) VALUES (?, ?, ?, ?)",
            self.plan_objectives,
        )
        c.executemany(
            'INSERT INTO authorizations (id, client_id, code, units, start, "end", number) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            self.authorizations,
        )
        c.executemany(
            "INSERT INTO group_visits (id, staff_id, code, place_of_service, telehealth, "
            "intervention, note) VALUES (?, ?, ?, ?, 0, ?, '')",
            self.groups,
        )
        c.executemany(
            "INSERT INTO sessions (id, client_id, staff_id, code, place_of_service, telehealth, "
            "audio_only, group_size, group_id, intervention, response, plan, note, timezone, "
            "manual_reason, signed, first_start_utc, service_date, updated_at_utc) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
            self.sessions,
        )
        c.executemany(
            "INSERT INTO segments (session_id, start_utc, end_utc) VALUES (?, ?, ?)",
            self.segments,
        )
        c.executemany(
            "INSERT INTO session_objectives (session_id, objective_id) VALUES (?, ?)",
            self.objectives,
        )
        # Children first, then the lock: the triggers refuse segments of a signed note.
        c.executemany("UPDATE sessions SET signed = 1 WHERE id = ?", self.signed)
        c.executemany(
            "INSERT INTO signatures (session_id, staff_id, signed_at_utc, timezone, signer_name, "
            "credential, attestation, late) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            self.signatures,
        )
        c.executemany(
            "INSERT INTO cosignatures (session_id, staff_id, signed_at_utc, timezone, "
            "signer_name, credential, statement) VALUES (?, ?, ?, ?, ?, ?, ?)",
            self.cosignatures,
        )
        c.executemany(
            "INSERT INTO addenda (id, session_id, staff_id, written_at_utc, timezone, reason, "
            "text, signer_name, credential) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.addenda,
        )
        c.executemany(
            "INSERT INTO seals (session_id, kind, record_id, previous_sha256, sha256, "
            "sealed_at_utc) VALUES (?, ?, ?, ?, ?, ?)",
            self.seals,
        )
        c.executemany(
            "INSERT INTO voided_sessions (session_id, voided_at_utc, actor, reason) "
            "VALUES (?, ?, ?, ?)",
            self.voided,
        )
        c.executemany(
            "INSERT INTO audit_log (id, at_utc, actor, action, entity, entity_id, details, "
            "previous_sha256, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.chain.rows,
        )
        for rows in (
            self.plans,
            self.goals,
            self.plan_objectives,
            self.authorizations,
            self.groups,
            self.sessions,
            self.segments,
            self.objectives,
            self.signed,
            self.signatures,
            self.cosignatures,
            self.addenda,
            self.seals,
            self.voided,
            self.chain.rows,
        ):
            rows.clear()


def _write_session(
    w: _Writer,
    rng: random.Random,
    *,
    session_id: str,
    plan: _ClientPlan,
    coach: Staff,
    staff_by_id: dict[str, Staff],
    code: str,
    day: date,
    start: datetime,
    minutes: int,
    group: tuple[str, int] | None,
    today: date,
) -> None:
    client = plan.client
    zone = client.timezone
    segments = [(start, start + timedelta(minutes=minutes))]
    if rng.random() < 0.2:  # paused: a break in the middle
        half = minutes // 2
        segments = [
            (start, start + timedelta(minutes=half)),
            (start + timedelta(minutes=half + 10), start + timedelta(minutes=minutes + 10)),
        ]
    segment_texts = [(to_utc_text(a), to_utc_text(b)) for a, b in segments]
    objectives = rng.sample(plan.objectives[day.year], k=rng.choice((1, 1, 2)))
    telehealth = 1 if group is None and rng.random() < 0.08 else 0
    place = "02" if telehealth else ("53" if group else rng.choice(("99", "12", "18")))
    first_start = segment_texts[0][0]
    created = to_utc_text(segments[-1][1])
    row = {
        "id": session_id,
        "client_id": client.id,
        "staff_id": coach.id,
        "code": code,
        "place_of_service": place,
        "telehealth": telehealth,
        "audio_only": 0,
        "group_size": group[1] if group else 1,
        "group_id": group[0] if group else None,
        "intervention": _fill(rng, rng.choice(ACTIVITIES[code])),
        "response": _fill(rng, rng.choice(RESPONSES)),
        "plan": _fill(rng, rng.choice(PLANS)),
        "note": _fill(rng, rng.choice(NOTES)),
        "timezone": zone,
        "manual_reason": None,
        "first_start_utc": first_start,
        "service_date": day.isoformat(),
    }
    days_ago = (today - day).days
    # Most notes are signed; the last days' and a few forgotten ones are drafts.
    signed = days_ago >= 3 and rng.random() > 0.02
    if days_ago < 3 and rng.random() < 0.3:
        signed = days_ago >= 1
    if not signed and days_ago < 3:
        row["response"] = row["response"] if rng.random() < 0.5 else ""
    w.sessions.append(
        (
            row["id"],
            row["client_id"],
            row["staff_id"],
            code,
            place,
            telehealth,
            0,
            row["group_size"],
            row["group_id"],
            row["intervention"],
            row["response"],
            row["plan"],
            row["note"],
            zone,
            None,
            first_start,
            row["service_date"],
            created,
        )
    )
    w.segments.extend((session_id, a, b) for a, b in segment_texts)
    w.objectives.extend((session_id, o) for o in objectives)
    w.chain.append(created, "create", session_id, {"created": True})
    if not signed:
        if days_ago > 30 and rng.random() < 0.15:
            w.voided.append((session_id, created, ACTOR, "Entered twice; the other note is kept"))
        return
    late_days = 4 if days_ago >= 6 and rng.random() < 0.08 else 0
    local_zone = ZoneInfo(zone)
    signed_day = day + timedelta(days=late_days)
    signed_at = datetime.combine(signed_day, time(17, rng.randint(0, 59)), local_zone)
    # A coach signs after the session ends (the importer and the app refuse earlier): an
    # evening session is signed a quarter of an hour after its end.
    signed_at = max(signed_at, segments[-1][1].astimezone(local_zone) + timedelta(minutes=15))
    signed_text = to_utc_text(signed_at)
    late = signed_at.date() > add_business_days(day, 2)
    signature = {
        "staff_id": coach.id,
        "signed_at_utc": signed_text,
        "timezone": zone,
        "signer_name": coach.name,
        "credential": coach.credential,
        "attestation": coach.attestation,
        "late": int(late),
    }
    w.signed.append((session_id,))
    w.signatures.append((session_id, *signature.values()))
    note = note_content(row, segment_texts, objectives)
    previous = seal_hash(SEAL_SIGNATURE, signature, note, "")
    w.seals.append((session_id, SEAL_SIGNATURE, session_id, "", previous, signed_text))
    w.chain.append(
        signed_text, "sign", session_id, {"at": signed_text, "by": coach.id, "late": late}
    )
    if coach.supervisor_id and days_ago >= 10 and rng.random() < 0.7:
        supervisor = staff_by_id[coach.supervisor_id]
        at = to_utc_text(signed_at + timedelta(days=1, hours=15))
        cosignature = {
            "staff_id": supervisor.id,
            "signed_at_utc": at,
            "timezone": zone,
            "signer_name": supervisor.name,
            "credential": supervisor.credential,
            "statement": COSIGN_STATEMENT,
        }
        w.cosignatures.append((session_id, *cosignature.values()))
        digest = seal_hash(SEAL_COSIGNATURE, cosignature, note, previous)
        w.seals.append((session_id, SEAL_COSIGNATURE, session_id, previous, digest, at))
        previous = digest
        w.chain.append(at, "cosign", session_id, {"at": at, "by": supervisor.id})
    if days_ago >= 10 and rng.random() < 0.005:
        addendum_id = f"{session_id}-add1"
        at = to_utc_text(signed_at + timedelta(days=3))
        addendum = {
            "id": addendum_id,
            "staff_id": coach.id,
            "written_at_utc": at,
            "timezone": zone,
            "reason": "Correction",
            "text": f"The session was at the {rng.choice(PLACES)}, not as first written.",
            "signer_name": coach.name,
            "credential": coach.credential,
        }
        w.addenda.append((addendum_id, session_id, *list(addendum.values())[1:]))
        digest = seal_hash(SEAL_ADDENDUM, addendum, note, previous)
        w.seals.append((session_id, SEAL_ADDENDUM, addendum_id, previous, digest, at))
        w.chain.append(at, "addendum", session_id, {"addendum": addendum_id})


def generate_agency_db(
    path: Path, sessions: int, seed: int = 1, *, today: date | None = None
) -> Path:
    """Write a new agency database with ``sessions`` sessions at ``path`` (which must not
    exist yet) and return it."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists; the generator writes a new file only")
    rng = random.Random(seed)
    today = today or datetime.now(ZoneInfo(ZONES[0])).date()
    first_day = date(today.year - YEARS, today.month, 1)
    db = open_database(path)
    store = Store(db, actor=ACTOR)
    with store.transaction():
        staff, by_coach = _caseload(store, rng)
        conn = db.conn
        last = conn.execute("SELECT id, sha256 FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        writer = _Writer(conn, _Chain(last[0] if last else 0, (last[1] or "") if last else ""))
        _plans_and_authorizations(
            writer, rng, [p for ps in by_coach.values() for p in ps], first_day, today
        )
        writer.flush()
        staff_by_id = {s.id: s for s in staff}
        coaches = [s for s in staff if by_coach[s.id]]
        days = _business_days(first_day, today)
        for day, count in zip(days, _sessions_per_day(sessions, len(days)), strict=True):
            _write_day(writer, rng, day, count, coaches, by_coach, staff_by_id, today)
            if len(writer.sessions) >= BATCH:
                writer.flush()
        writer.flush()
        conn.execute(
            "INSERT INTO app_state (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [
                AUDIT_HEAD_KEY,
                json.dumps({"id": writer.chain.last_id, "sha256": writer.chain.last_sha256}),
            ],
        )
    db.execute("ANALYZE")
    db.close()
    return path


def _write_day(
    w: _Writer,
    rng: random.Random,
    day: date,
    count: int,
    coaches: list[Staff],
    by_coach: dict[str, list[_ClientPlan]],
    staff_by_id: dict[str, Staff],
    today: date,
) -> None:
    """``count`` sessions on ``day``: each coach's sessions one after the other from 8:00,
    about one in twenty a small group visit of the coach's clients."""
    made = 0
    slot = 0
    while made < count:
        for coach in coaches:
            if made >= count:
                break
            clients = by_coach[coach.id]
            size = rng.choice((2, 3)) if rng.random() < 0.05 and len(clients) >= 3 else 1
            size = min(size, count - made)
            attendees = (
                rng.sample(clients, k=size)
                if size > 1
                else rng.choices(clients, weights=[c.weight for c in clients], k=1)
            )
            zone = ZoneInfo(attendees[0].client.timezone)
            hour, quarter = divmod(slot * 6 + rng.randint(0, 1), 4)
            start = datetime.combine(day, time(min(8 + hour, 22), quarter * 15), zone)
            minutes = rng.randint(25, 80)
            code = rng.choice(attendees[0].codes)
            base = f"s-{day.isoformat()}-{coach.id[-2:]}-{slot:02d}"
            group = (f"g-{base}", size) if size > 1 else None
            if group:
                w.groups.append(
                    (group[0], coach.id, code, "53", "Job club: interview practice with peers.")
                )
            for index, plan in enumerate(attendees):
                code_for = plan.codes[0] if code not in plan.codes else code
                _write_session(
                    w,
                    rng,
                    session_id=f"{base}-{index}",
                    plan=plan,
                    coach=coach,
                    staff_by_id=staff_by_id,
                    code=code_for,
                    day=start.astimezone(ZoneInfo(plan.client.timezone)).date(),
                    start=start.astimezone(UTC),
                    minutes=minutes,
                    group=group,
                    today=today,
                )
                made += 1
        slot += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, help="number of sessions (default: --size)")
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--out", type=Path, required=True, help="new database file")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    sessions = args.sessions if args.sessions is not None else SIZES[args.size]
    began = clock.perf_counter()
    generate_agency_db(args.out, sessions, args.seed)
    print(f"{sessions} sessions written to {args.out} in {clock.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
