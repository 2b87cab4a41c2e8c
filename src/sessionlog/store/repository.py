"""The store: the only code that reads and writes SessionLog's tables.

Every method takes and returns core dataclasses. Every write is one transaction
and leaves a line in the append-only audit log (who, when, what).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from sessionlog.core.clock import from_utc_text, to_utc_text
from sessionlog.core.models import (
    Addendum,
    Authorization,
    Client,
    Dataset,
    Goal,
    GroupVisit,
    Objective,
    Payer,
    Segment,
    Session,
    SessionStatus,
    Signature,
    Staff,
    TreatmentPlan,
    utc_now,
)
from sessionlog.store.database import StoreError, is_read_only, sqlite_reason

SESSION_NOTE_FIELDS = (
    "code",
    "place_of_service",
    "telehealth",
    "group_size",
    "intervention",
    "response",
    "plan",
    "note",
    "manual_reason",
    "staff_id",
)


class LockedError(StoreError):
    """The record is signed and locked; only an addendum may be added."""


class NotFoundError(StoreError):
    pass


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


def _day(value: date) -> str:
    return value.isoformat()


def _fts_query(text: str) -> str:
    """User words -> an FTS5 query of quoted prefix terms (no syntax errors possible)."""
    terms = [t.replace('"', "") for t in text.split()]
    return " ".join(f'"{t}"*' for t in terms if t)


class Store:
    def __init__(self, db: Database, actor: str = "local-user") -> None:
        self.db = db
        self.actor = actor

    # ---- plumbing ----------------------------------------------------------

    @property
    def path(self) -> Path | None:
        """The database file, for work that opens a connection of its own (a worker
        thread must never share this one); None for an in-memory database."""
        for row in self._rows("PRAGMA database_list"):
            if row["name"] == "main":
                return Path(row["file"]) if row["file"] else None
        return None

    @property
    def read_only(self) -> bool:
        """Opened from a file or folder that cannot be written: reading works, writes fail."""
        return is_read_only(self.db)

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        try:
            with self.db.atomic():
                yield self.db
        except sqlite3.IntegrityError as exc:
            if "locked" in str(exc) or "cannot be" in str(exc):
                raise LockedError(str(exc)) from exc
            raise StoreError(f"The change was refused by the database: {exc}") from exc
        except sqlite3.OperationalError as exc:
            raise StoreError(
                f"The change was not saved: {sqlite_reason(exc)}; nothing was changed."
            ) from exc

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        return list(self.db.query(sql, list(params)))

    def _one(self, sql: str, params: Iterable[Any] = ()) -> dict[str, Any] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def audit(
        self, action: str, entity: str, entity_id: str, details: dict[str, Any] | None = None
    ) -> None:
        """Append to the audit log; call inside the write's transaction."""
        self.db.execute(
            "INSERT INTO audit_log (at_utc, actor, action, entity, entity_id, details) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                to_utc_text(utc_now()),
                self.actor,
                action,
                entity,
                entity_id,
                json.dumps(details or {}, sort_keys=True, default=str),
            ],
        )

    def audit_log(self, entity: str | None = None, entity_id: str | None = None) -> list[dict]:
        where, params = [], []
        if entity:
            where.append("entity = ?")
            params.append(entity)
        if entity_id:
            where.append("entity_id = ?")
            params.append(entity_id)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self._rows(f"SELECT * FROM audit_log {clause} ORDER BY id", params)
        for row in rows:
            row["details"] = json.loads(row["details"])
        return rows

    def _diff(self, before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
        if before is None:
            return {"created": True}
        return {k: {"from": before.get(k), "to": v} for k, v in after.items() if before.get(k) != v}

    # ---- app state (timer heartbeat, settings) ---------------------------

    def get_state(self, key: str, default: str | None = None) -> str | None:
        row = self._one("SELECT value FROM app_state WHERE key = ?", [key])
        return row["value"] if row else default

    def set_state(self, key: str, value: str) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO app_state (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    def delete_state(self, key: str) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM app_state WHERE key = ?", [key])

    # ---- payers --------------------------------------------------------

    @staticmethod
    def _payer_row(p: Payer) -> dict[str, Any]:
        return {
            "id": p.id,
            "name": p.name,
            "rounding": p.rounding,
            "aggregate": p.aggregate,
            "per_diem_min_minutes": json.dumps(p.per_diem_min_minutes, sort_keys=True),
            "daily_max_units": json.dumps(p.daily_max_units, sort_keys=True),
            "credential_modifiers": int(p.credential_modifiers),
            "telehealth_modifier": p.telehealth_modifier,
            "documentation_deadline_days": p.documentation_deadline_days,
        }

    @staticmethod
    def _payer_from(row: dict[str, Any]) -> Payer:
        return Payer(
            id=row["id"],
            name=row["name"],
            rounding=row["rounding"],
            aggregate=row["aggregate"],
            per_diem_min_minutes=json.loads(row["per_diem_min_minutes"]),
            daily_max_units=json.loads(row["daily_max_units"]),
            credential_modifiers=bool(row["credential_modifiers"]),
            telehealth_modifier=row["telehealth_modifier"],
            documentation_deadline_days=row["documentation_deadline_days"],
        )

    def payers(self) -> list[Payer]:
        return [self._payer_from(r) for r in self._rows("SELECT * FROM payers ORDER BY name")]

    def payer(self, payer_id: str) -> Payer:
        row = self._one("SELECT * FROM payers WHERE id = ?", [payer_id])
        if row is None:
            raise NotFoundError(f"No payer with id {payer_id!r}")
        return self._payer_from(row)

    def save_payer(self, payer: Payer) -> None:
        self._save_simple("payers", "payer", self._payer_row(payer))

    def _save_simple(self, table: str, entity: str, row: dict[str, Any]) -> None:
        with self.transaction():
            before = self._one(f"SELECT * FROM {table} WHERE id = ?", [row["id"]])
            if before == row:
                return
            self.db[table].upsert(row, pk="id")
            self.audit(
                "create" if before is None else "update", entity, row["id"], self._diff(before, row)
            )

    # ---- staff ---------------------------------------------------------

    @staticmethod
    def _staff_from(row: dict[str, Any]) -> Staff:
        staff = Staff(row["id"], row["name"], row["credential"], row["modifier"])
        if row["attestation"]:
            staff.attestation = row["attestation"]
        return staff

    def staff_members(self) -> list[Staff]:
        return [self._staff_from(r) for r in self._rows("SELECT * FROM staff ORDER BY name")]

    def staff(self, staff_id: str) -> Staff:
        row = self._one("SELECT * FROM staff WHERE id = ?", [staff_id])
        if row is None:
            raise NotFoundError(f"No staff member with id {staff_id!r}")
        return self._staff_from(row)

    def save_staff(self, staff: Staff) -> None:
        self._save_simple(
            "staff",
            "staff",
            {
                "id": staff.id,
                "name": staff.name,
                "credential": staff.credential,
                "modifier": staff.modifier,
                "attestation": staff.attestation,
            },
        )

    # ---- clients -------------------------------------------------------

    @staticmethod
    def _client_from(row: dict[str, Any]) -> Client:
        return Client(
            id=row["id"],
            name=row["name"],
            birth_date=date.fromisoformat(row["birth_date"]),
            medicaid_id=row["medicaid_id"],
            payer_id=row["payer_id"],
            diagnoses=json.loads(row["diagnoses"]),
            timezone=row["timezone"],
            archived=bool(row["archived"]),
        )

    def clients(self, *, include_archived: bool = False) -> list[Client]:
        where = "" if include_archived else "WHERE archived = 0"
        return [
            self._client_from(r) for r in self._rows(f"SELECT * FROM clients {where} ORDER BY name")
        ]

    def client(self, client_id: str) -> Client:
        row = self._one("SELECT * FROM clients WHERE id = ?", [client_id])
        if row is None:
            raise NotFoundError(f"No client with id {client_id!r}")
        return self._client_from(row)

    def save_client(self, client: Client) -> None:
        self._save_simple(
            "clients",
            "client",
            {
                "id": client.id,
                "name": client.name,
                "birth_date": client.birth_date.isoformat(),
                "medicaid_id": client.medicaid_id,
                "payer_id": client.payer_id,
                "diagnoses": json.dumps(client.diagnoses),
                "timezone": client.timezone,
                "archived": int(client.archived),
            },
        )

    def set_client_archived(self, client_id: str, archived: bool = True) -> None:
        client = self.client(client_id)
        client.archived = archived
        self.save_client(client)

    def delete_client(self, client_id: str) -> None:
        """Only a client with no sessions, plans or authorizations can be deleted;
        anyone else is archived instead."""
        with self.transaction():
            used = self._one(
                "SELECT (SELECT count(*) FROM sessions WHERE client_id = ?) + "
                "(SELECT count(*) FROM plans WHERE client_id = ?) + "
                "(SELECT count(*) FROM authorizations WHERE client_id = ?) AS n",
                [client_id, client_id, client_id],
            )
            if used and used["n"]:
                raise StoreError(
                    "A client with sessions, plans or authorizations is archived, never deleted"
                )
            self.db.execute("DELETE FROM clients WHERE id = ?", [client_id])
            self.audit("delete", "client", client_id)

    # ---- treatment plans ----------------------------------------------

    def plans(self, client_id: str | None = None) -> list[TreatmentPlan]:
        if client_id is None:
            plan_rows = self._rows("SELECT * FROM plans ORDER BY client_id, start")
        else:
            plan_rows = self._rows(
                "SELECT * FROM plans WHERE client_id = ? ORDER BY start", [client_id]
            )
        if not plan_rows:
            return []
        plan_ids = [r["id"] for r in plan_rows]
        marks = ",".join("?" * len(plan_ids))
        goal_rows = self._rows(
            f"SELECT * FROM goals WHERE plan_id IN ({marks}) ORDER BY position", plan_ids
        )
        goal_ids = [g["id"] for g in goal_rows]
        objectives: dict[str, list[Objective]] = {}
        if goal_ids:
            omarks = ",".join("?" * len(goal_ids))
            for o in self._rows(
                f"SELECT * FROM objectives WHERE goal_id IN ({omarks}) ORDER BY position", goal_ids
            ):
                objectives.setdefault(o["goal_id"], []).append(
                    Objective(o["id"], o["text"], bool(o["retired"]))
                )
        goals: dict[str, list[Goal]] = {}
        for g in goal_rows:
            goals.setdefault(g["plan_id"], []).append(
                Goal(g["id"], g["text"], objectives.get(g["id"], []))
            )
        return [
            TreatmentPlan(
                r["id"],
                r["client_id"],
                date.fromisoformat(r["start"]),
                date.fromisoformat(r["end"]),
                goals.get(r["id"], []),
            )
            for r in plan_rows
        ]

    def plan(self, plan_id: str) -> TreatmentPlan:
        row = self._one("SELECT client_id FROM plans WHERE id = ?", [plan_id])
        if row is None:
            raise NotFoundError(f"No treatment plan with id {plan_id!r}")
        return next(p for p in self.plans(row["client_id"]) if p.id == plan_id)

    def active_plan(self, client_id: str, day: date) -> TreatmentPlan | None:
        covering = [p for p in self.plans(client_id) if p.covers(day)]
        return covering[-1] if covering else None

    def objectives_used_by_signed_notes(self, objective_ids: Iterable[str]) -> set[str]:
        ids = list(objective_ids)
        if not ids:
            return set()
        marks = ",".join("?" * len(ids))
        return {
            r["objective_id"]
            for r in self._rows(
                f"SELECT DISTINCT so.objective_id FROM session_objectives so "
                f"JOIN sessions s ON s.id = so.session_id "
                f"WHERE s.signed = 1 AND so.objective_id IN ({marks})",
                ids,
            )
        }

    def objectives_used_by_notes(self, objective_ids: Iterable[str]) -> set[str]:
        ids = list(objective_ids)
        if not ids:
            return set()
        marks = ",".join("?" * len(ids))
        return {
            r["objective_id"]
            for r in self._rows(
                f"SELECT DISTINCT objective_id FROM session_objectives "
                f"WHERE objective_id IN ({marks})",
                ids,
            )
        }

    def save_plan(self, plan: TreatmentPlan) -> None:
        """Insert or replace a plan with its goals and objectives.

        An objective that any note refers to cannot disappear: remove it from the
        plan and it is kept, retired, instead (signed notes must keep their link)."""
        with self.transaction():
            before = self._one("SELECT * FROM plans WHERE id = ?", [plan.id])
            old_objectives = {
                r["id"]: r
                for r in self._rows(
                    "SELECT o.* FROM objectives o JOIN goals g ON g.id = o.goal_id "
                    "WHERE g.plan_id = ?",
                    [plan.id],
                )
            }
            old_goals = {
                r["id"]: r for r in self._rows("SELECT * FROM goals WHERE plan_id = ?", [plan.id])
            }
            self.db["plans"].upsert(
                {
                    "id": plan.id,
                    "client_id": plan.client_id,
                    "start": _day(plan.start),
                    "end": _day(plan.end),
                },
                pk="id",
            )
            kept_objectives: set[str] = set()
            for gpos, goal in enumerate(plan.goals):
                self.db["goals"].upsert(
                    {"id": goal.id, "plan_id": plan.id, "position": gpos, "text": goal.text},
                    pk="id",
                )
                for opos, objective in enumerate(goal.objectives):
                    kept_objectives.add(objective.id)
                    self.db["objectives"].upsert(
                        {
                            "id": objective.id,
                            "goal_id": goal.id,
                            "position": opos,
                            "text": objective.text,
                            "retired": int(objective.retired),
                        },
                        pk="id",
                    )
            removed = set(old_objectives) - kept_objectives
            in_use = self.objectives_used_by_notes(removed)
            for objective_id in removed:
                if objective_id in in_use:
                    self.db.execute(
                        "UPDATE objectives SET retired = 1 WHERE id = ?", [objective_id]
                    )
                else:
                    self.db.execute("DELETE FROM objectives WHERE id = ?", [objective_id])
            kept_goals = {g.id for g in plan.goals}
            for goal_id in set(old_goals) - kept_goals:
                remaining = self._one(
                    "SELECT count(*) AS n FROM objectives WHERE goal_id = ?", [goal_id]
                )
                if remaining and remaining["n"]:
                    continue  # a goal holding retired-but-used objectives stays
                self.db.execute("DELETE FROM goals WHERE id = ?", [goal_id])
            self.audit(
                "create" if before is None else "update",
                "plan",
                plan.id,
                {
                    "start": _day(plan.start),
                    "end": _day(plan.end),
                    "goals": len(plan.goals),
                    "objectives": sum(len(g.objectives) for g in plan.goals),
                    "retired_in_use": sorted(removed & in_use),
                },
            )

    # ---- authorizations ----------------------------------------------

    @staticmethod
    def _auth_from(row: dict[str, Any]) -> Authorization:
        return Authorization(
            row["id"],
            row["client_id"],
            row["code"],
            row["units"],
            date.fromisoformat(row["start"]),
            date.fromisoformat(row["end"]),
            row["number"],
        )

    def authorizations(self, client_id: str | None = None) -> list[Authorization]:
        if client_id is None:
            rows = self._rows("SELECT * FROM authorizations ORDER BY client_id, start")
        else:
            rows = self._rows(
                "SELECT * FROM authorizations WHERE client_id = ? ORDER BY start", [client_id]
            )
        return [self._auth_from(r) for r in rows]

    def authorization(self, authorization_id: str) -> Authorization:
        row = self._one("SELECT * FROM authorizations WHERE id = ?", [authorization_id])
        if row is None:
            raise NotFoundError(f"No authorization with id {authorization_id!r}")
        return self._auth_from(row)

    def save_authorization(self, auth: Authorization) -> None:
        self._save_simple(
            "authorizations",
            "authorization",
            {
                "id": auth.id,
                "client_id": auth.client_id,
                "code": auth.code,
                "units": auth.units,
                "start": _day(auth.start),
                "end": _day(auth.end),
                "number": auth.number,
            },
        )

    # ---- group visits ------------------------------------------------

    def save_group_visit(self, visit: GroupVisit) -> None:
        self._save_simple(
            "group_visits",
            "group_visit",
            {
                "id": visit.id,
                "staff_id": visit.staff_id,
                "code": visit.code,
                "place_of_service": visit.place_of_service,
                "telehealth": int(visit.telehealth),
                "intervention": visit.intervention,
                "note": visit.note,
            },
        )

    def group_visit(self, group_id: str) -> GroupVisit:
        row = self._one("SELECT * FROM group_visits WHERE id = ?", [group_id])
        if row is None:
            raise NotFoundError(f"No group visit with id {group_id!r}")
        return GroupVisit(
            row["id"],
            row["staff_id"],
            row["code"],
            row["place_of_service"],
            bool(row["telehealth"]),
            row["intervention"],
            row["note"],
        )

    # ---- sessions ------------------------------------------------------

    @staticmethod
    def _session_row(s: Session) -> dict[str, Any]:
        first = s.first_start()
        service_date = s.service_date()
        return {
            "id": s.id,
            "client_id": s.client_id,
            "staff_id": s.staff_id,
            "code": s.code,
            "place_of_service": s.place_of_service,
            "telehealth": int(s.telehealth),
            "group_size": s.group_size,
            "group_id": s.group_id,
            "intervention": s.intervention,
            "response": s.response,
            "plan": s.plan,
            "note": s.note,
            "timezone": s.timezone,
            "manual_reason": s.manual_reason,
            "first_start_utc": to_utc_text(first) if first else None,
            "service_date": service_date.isoformat() if service_date else None,
        }

    def _load_sessions(self, rows: list[dict[str, Any]]) -> list[Session]:
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        segments: dict[str, list[Segment]] = {}
        objectives: dict[str, list[str]] = {}
        signatures: dict[str, Signature] = {}
        addenda: dict[str, list[Addendum]] = {}
        # Chunk the IN lists: SQLite caps bound parameters per statement.
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            marks = ",".join("?" * len(chunk))
            for r in self._rows(
                f"SELECT * FROM segments WHERE session_id IN ({marks}) ORDER BY start_utc", chunk
            ):
                segments.setdefault(r["session_id"], []).append(
                    Segment(
                        from_utc_text(r["start_utc"]),
                        from_utc_text(r["end_utc"]) if r["end_utc"] else None,
                    )
                )
            for r in self._rows(
                f"SELECT so.session_id, so.objective_id FROM session_objectives so "
                f"LEFT JOIN objectives o ON o.id = so.objective_id "
                f"LEFT JOIN goals g ON g.id = o.goal_id "
                f"WHERE so.session_id IN ({marks}) ORDER BY g.position, o.position",
                chunk,
            ):
                objectives.setdefault(r["session_id"], []).append(r["objective_id"])
            for r in self._rows(f"SELECT * FROM signatures WHERE session_id IN ({marks})", chunk):
                signatures[r["session_id"]] = Signature(
                    r["staff_id"],
                    from_utc_text(r["signed_at_utc"]),
                    r["timezone"],
                    r["signer_name"],
                    r["credential"],
                    r["attestation"],
                    bool(r["late"]),
                )
            for r in self._rows(
                f"SELECT * FROM addenda WHERE session_id IN ({marks}) ORDER BY written_at_utc",
                chunk,
            ):
                addenda.setdefault(r["session_id"], []).append(
                    Addendum(
                        r["id"],
                        r["session_id"],
                        r["staff_id"],
                        from_utc_text(r["written_at_utc"]),
                        r["timezone"],
                        r["reason"],
                        r["text"],
                        r["signer_name"],
                        r["credential"],
                    )
                )
        return [
            Session(
                id=r["id"],
                client_id=r["client_id"],
                staff_id=r["staff_id"],
                code=r["code"],
                segments=segments.get(r["id"], []),
                place_of_service=r["place_of_service"],
                telehealth=bool(r["telehealth"]),
                group_size=r["group_size"],
                group_id=r["group_id"],
                objective_ids=objectives.get(r["id"], []),
                intervention=r["intervention"],
                response=r["response"],
                plan=r["plan"],
                note=r["note"],
                signature=signatures.get(r["id"]),
                timezone=r["timezone"],
                manual_reason=r["manual_reason"],
                addenda=addenda.get(r["id"], []),
            )
            for r in rows
        ]

    def session(self, session_id: str) -> Session:
        rows = self._rows("SELECT * FROM sessions WHERE id = ?", [session_id])
        if not rows:
            raise NotFoundError(f"No session with id {session_id!r}")
        return self._load_sessions(rows)[0]

    def sessions_in_group(self, group_id: str) -> list[Session]:
        """Every attendee's session of one group visit."""
        rows = self._rows(
            "SELECT * FROM sessions WHERE group_id = ? ORDER BY first_start_utc, id", [group_id]
        )
        return self._load_sessions(rows)

    def session_exists(self, session_id: str) -> bool:
        return self._one("SELECT 1 AS x FROM sessions WHERE id = ?", [session_id]) is not None

    def _filter_sql(self, f: SessionFilter) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if f.client_id:
            where.append("s.client_id = ?")
            params.append(f.client_id)
        if f.staff_id:
            where.append("s.staff_id = ?")
            params.append(f.staff_id)
        if f.code:
            where.append("s.code = ?")
            params.append(f.code)
        if f.start:
            where.append("s.service_date >= ?")
            params.append(_day(f.start))
        if f.end:
            where.append("s.service_date <= ?")
            params.append(_day(f.end))
        if f.status == SessionStatus.SIGNED:
            where.append("s.signed = 1")
        elif f.status == SessionStatus.RUNNING:
            where.append(
                "s.signed = 0 AND EXISTS (SELECT 1 FROM segments g "
                "WHERE g.session_id = s.id AND g.end_utc IS NULL)"
            )
        elif f.status == SessionStatus.DRAFT:
            where.append(
                "s.signed = 0 AND NOT EXISTS (SELECT 1 FROM segments g "
                "WHERE g.session_id = s.id AND g.end_utc IS NULL)"
            )
        if f.search and _fts_query(f.search):
            where.append("s.rowid IN (SELECT rowid FROM sessions_fts WHERE sessions_fts MATCH ?)")
            params.append(_fts_query(f.search))
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return clause, params

    def sessions(self, f: SessionFilter | None = None) -> list[Session]:
        f = f or SessionFilter()
        clause, params = self._filter_sql(f)
        limit = ""
        if f.limit is not None:
            limit = " LIMIT ? OFFSET ?"
            params += [f.limit, f.offset]
        order = "s.first_start_utc DESC, s.id DESC" if f.newest_first else "s.first_start_utc, s.id"
        rows = self._rows(f"SELECT s.* FROM sessions s {clause} ORDER BY {order}{limit}", params)
        return self._load_sessions(rows)

    def count_sessions(self, f: SessionFilter | None = None) -> int:
        clause, params = self._filter_sql(f or SessionFilter())
        row = self._one(f"SELECT count(*) AS n FROM sessions s {clause}", params)
        return row["n"] if row else 0

    def running_sessions(self) -> list[Session]:
        return self.sessions(SessionFilter(status=SessionStatus.RUNNING))

    def staff_sessions_between(
        self, staff_id: str, start: datetime, end: datetime
    ) -> list[Session]:
        """Sessions of one staff member with a segment touching [start, end)."""
        rows = self._rows(
            "SELECT DISTINCT s.* FROM sessions s JOIN segments g ON g.session_id = s.id "
            "WHERE s.staff_id = ? AND g.start_utc < ? AND (g.end_utc IS NULL OR g.end_utc > ?)",
            [staff_id, to_utc_text(end), to_utc_text(start)],
        )
        return self._load_sessions(rows)

    def save_session(self, session: Session) -> None:
        """Insert or update an unsigned session with its segments and objectives.

        A signed session is locked: this raises :class:`LockedError` (the database
        triggers refuse it too, so no code path can slip past)."""
        with self.transaction():
            before = self._one("SELECT * FROM sessions WHERE id = ?", [session.id])
            if before is not None and before["signed"]:
                raise LockedError(
                    f"Session {session.id} is signed and locked; write an addendum instead"
                )
            if not session.timezone:
                # Its date of service is the client's local date: take the client's zone
                # before the row is computed, and on the caller's object too, so what the
                # caller shows next matches what is stored. An unknown client is left to
                # the foreign key to refuse.
                client = self._one("SELECT timezone FROM clients WHERE id = ?", [session.client_id])
                if client is not None:
                    session.timezone = client["timezone"]
            row = self._session_row(session)
            row["updated_at_utc"] = to_utc_text(utc_now())
            if (
                session.group_id
                and self._one("SELECT 1 AS x FROM group_visits WHERE id = ?", [session.group_id])
                is None
            ):
                self.db["group_visits"].insert(
                    {
                        "id": session.group_id,
                        "staff_id": session.staff_id,
                        "code": session.code,
                        "place_of_service": session.place_of_service,
                        "telehealth": int(session.telehealth),
                        "intervention": session.intervention,
                        "note": "",
                    }
                )
            if before is None:
                self.db["sessions"].insert(row)
            else:
                self.db["sessions"].update(session.id, row)
            self._write_segments(session)
            self._write_objectives(session)
            changed = self._diff(before, {k: row[k] for k in row if k != "updated_at_utc"})
            if changed:
                self.audit(
                    "create" if before is None else "update",
                    "session",
                    session.id,
                    self._audit_safe(changed),
                )

    @staticmethod
    def _audit_safe(changed: dict[str, Any]) -> dict[str, Any]:
        """Record which fields changed; note text is clinical, so its content stays in
        the session row, not copied into the audit details."""
        text_fields = {"intervention", "response", "plan", "note", "manual_reason"}
        return {k: ("(text changed)" if k in text_fields else v) for k, v in changed.items()}

    def _write_segments(self, session: Session) -> None:
        existing = [
            (r["start_utc"], r["end_utc"])
            for r in self._rows(
                "SELECT start_utc, end_utc FROM segments WHERE session_id = ? ORDER BY start_utc",
                [session.id],
            )
        ]
        wanted = [
            (to_utc_text(s.start), to_utc_text(s.end) if s.end else None)
            for s in sorted(session.segments, key=lambda s: s.start)
        ]
        if existing == wanted:
            return
        self.db.execute("DELETE FROM segments WHERE session_id = ?", [session.id])
        for start, end in wanted:
            self.db.execute(
                "INSERT INTO segments (session_id, start_utc, end_utc) VALUES (?, ?, ?)",
                [session.id, start, end],
            )

    def _write_objectives(self, session: Session) -> None:
        existing = {
            r["objective_id"]
            for r in self._rows(
                "SELECT objective_id FROM session_objectives WHERE session_id = ?", [session.id]
            )
        }
        wanted = set(session.objective_ids)
        for objective_id in existing - wanted:
            self.db.execute(
                "DELETE FROM session_objectives WHERE session_id = ? AND objective_id = ?",
                [session.id, objective_id],
            )
        for objective_id in wanted - existing:
            self.db.execute(
                "INSERT INTO session_objectives (session_id, objective_id) VALUES (?, ?)",
                [session.id, objective_id],
            )

    def delete_unsigned_session(self, session_id: str) -> None:
        with self.transaction():
            row = self._one("SELECT signed FROM sessions WHERE id = ?", [session_id])
            if row is None:
                return
            if row["signed"]:
                raise LockedError(f"Session {session_id} is signed and cannot be deleted")
            self.db.execute("DELETE FROM segments WHERE session_id = ?", [session_id])
            self.db.execute("DELETE FROM session_objectives WHERE session_id = ?", [session_id])
            self.db.execute("DELETE FROM sessions WHERE id = ?", [session_id])
            self.audit("delete", "session", session_id)

    def sign_session(self, session_id: str, signature: Signature) -> None:
        """Record the signature and lock the note, in one transaction."""
        with self.transaction():
            row = self._one("SELECT signed FROM sessions WHERE id = ?", [session_id])
            if row is None:
                raise NotFoundError(f"No session with id {session_id!r}")
            if row["signed"]:
                raise LockedError(f"Session {session_id} is already signed")
            open_segment = self._one(
                "SELECT 1 AS x FROM segments WHERE session_id = ? AND end_utc IS NULL", [session_id]
            )
            if open_segment:
                raise StoreError(f"Session {session_id} is still running; stop it before signing")
            self.db["signatures"].insert(
                {
                    "session_id": session_id,
                    "staff_id": signature.staff_id,
                    "signed_at_utc": to_utc_text(signature.signed_at),
                    "timezone": signature.timezone,
                    "signer_name": signature.signer_name,
                    "credential": signature.credential,
                    "attestation": signature.attestation,
                    "late": int(signature.late),
                }
            )
            self.db.execute("UPDATE sessions SET signed = 1 WHERE id = ?", [session_id])
            self.audit(
                "sign",
                "session",
                session_id,
                {
                    "by": signature.staff_id,
                    "at": to_utc_text(signature.signed_at),
                    "late": signature.late,
                },
            )

    def add_addendum(self, addendum: Addendum) -> None:
        with self.transaction():
            row = self._one("SELECT signed FROM sessions WHERE id = ?", [addendum.session_id])
            if row is None:
                raise NotFoundError(f"No session with id {addendum.session_id!r}")
            if not row["signed"]:
                raise StoreError(
                    "An unsigned note is edited directly; addenda are for signed notes"
                )
            self.db["addenda"].insert(
                {
                    "id": addendum.id,
                    "session_id": addendum.session_id,
                    "staff_id": addendum.staff_id,
                    "written_at_utc": to_utc_text(addendum.written_at),
                    "timezone": addendum.timezone,
                    "reason": addendum.reason,
                    "text": addendum.text,
                    "signer_name": addendum.signer_name,
                    "credential": addendum.credential,
                }
            )
            self.audit("addendum", "session", addendum.session_id, {"addendum": addendum.id})

    def insert_signed_session(self, session: Session) -> None:
        """Store a session that arrives already signed (import): the note, then its
        signature and addenda, so the lock applies from the first moment."""
        if session.signature is None:
            raise ValueError("insert_signed_session needs a signature")
        signature, addenda = session.signature, list(session.addenda)
        with self.transaction():
            session.signature = None
            try:
                self.save_session(session)
            finally:
                session.signature = signature
            self.sign_session(session.id, signature)
            for addendum in addenda:
                self.add_addendum(addendum)

    # ---- whole datasets ------------------------------------------------

    def dataset(
        self, *, client_id: str | None = None, start: date | None = None, end: date | None = None
    ) -> Dataset:
        """Everything needed to describe a caseload (or one client) in a period."""
        clients = [self.client(client_id)] if client_id else self.clients(include_archived=True)
        client_ids = {c.id for c in clients}
        sessions = self.sessions(SessionFilter(client_id=client_id, start=start, end=end))
        staff_ids = {s.staff_id for s in sessions}
        for s in sessions:
            if s.signature:
                staff_ids.add(s.signature.staff_id)
            staff_ids.update(a.staff_id for a in s.addenda)
        staff = (
            self.staff_members()
            if client_id is None
            else [m for m in self.staff_members() if m.id in staff_ids]
        )
        payer_ids = {c.payer_id for c in clients}
        return Dataset(
            payers=[p for p in self.payers() if p.id in payer_ids or client_id is None],
            staff=staff,
            clients=clients,
            plans=[p for p in self.plans(client_id) if p.client_id in client_ids],
            authorizations=[a for a in self.authorizations(client_id) if a.client_id in client_ids],
            sessions=sessions,
        )

    def is_empty(self) -> bool:
        row = self._one("SELECT (SELECT count(*) FROM clients) + (SELECT count(*) FROM staff) AS n")
        return not row or row["n"] == 0
