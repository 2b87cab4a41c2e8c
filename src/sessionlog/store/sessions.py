"""Sessions with their segments and objectives, group visits, signatures and addenda.

A signed session is locked: only an addendum may be added (the database triggers
refuse anything else too, so no code path can slip past).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from sessionlog.core.clock import from_utc_text, to_utc_text
from sessionlog.core.errors import LockedError, NotFoundError, StoreError
from sessionlog.core.integrity import SEAL_ADDENDUM, SEAL_COSIGNATURE, SEAL_SIGNATURE
from sessionlog.core.limits import MAX_SEGMENT
from sessionlog.core.models import (
    Addendum,
    Cosignature,
    GroupVisit,
    Segment,
    Session,
    SessionStatus,
    Signature,
    utc_now,
)
from sessionlog.core.queries import SessionFilter
from sessionlog.store.base import Repository, day_text, values_chunks
from sessionlog.store.billing_cache import NewNotesKeptLines
from sessionlog.store.fts_words import reads_lazily, spelled_out
from sessionlog.store.integrity import seal_new_notes, write_seal, written_notes
from sessionlog.store.sqlite import dedupe_keys
from sessionlog.store.wording import t


def _search_words(text: str) -> list[str]:
    """The user's words, without the quotes that would end an FTS5 string."""
    return [w for w in (t.replace('"', "") for t in text.split()) if w]


def _fts_query(text: str) -> str:
    """User words -> an FTS5 query of quoted prefix terms (no syntax errors possible)."""
    return " ".join(f'"{w}"*' for w in _search_words(text))


class _HitCursor:
    """The rowids a full-text query hits, read in rowid order as far as asked."""

    def __init__(self, conn: Any, query: str, *, descending: bool) -> None:
        direction = "DESC" if descending else "ASC"
        self._cursor = conn.execute(
            f"SELECT rowid FROM sessions_fts WHERE sessions_fts MATCH ? ORDER BY rowid {direction}",
            [query],
        )
        self.descending = descending
        self.seen: set[int] = set()
        self.last: int | None = None  # the last rowid read
        self.done = False

    def _read(self, count: int) -> None:
        rows = self._cursor.fetchmany(count)
        if len(rows) < count:
            self.done = True
        if rows:
            self.seen.update(r[0] for r in rows)
            self.last = rows[-1][0]

    def read_up_to(self, count: int) -> bool:
        """Read the first ``count`` hits; True when there are no more."""
        self._read(count)
        return self.done

    def read_past(self, rowid: int) -> None:
        """Read on until every hit on this side of ``rowid`` (inclusive) has been read."""
        while not self.done and (
            self.last is None or (self.last > rowid if self.descending else self.last < rowid)
        ):
            self._read(4096)


class SessionRepository(Repository):
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
            raise NotFoundError(t("No group visit with id {group_id!r}", group_id=group_id))
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
            "audio_only": int(s.audio_only),
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
        cosignatures: dict[str, Cosignature] = {}
        addenda: dict[str, list[Addendum]] = {}
        voided: dict[str, str] = {}
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
            for r in self._rows(f"SELECT * FROM cosignatures WHERE session_id IN ({marks})", chunk):
                cosignatures[r["session_id"]] = Cosignature(
                    r["staff_id"],
                    from_utc_text(r["signed_at_utc"]),
                    r["timezone"],
                    r["signer_name"],
                    r["credential"],
                    r["statement"],
                )
            for r in self._rows(
                f"SELECT session_id, reason FROM voided_sessions WHERE session_id IN ({marks})",
                chunk,
            ):
                voided[r["session_id"]] = r["reason"]
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
                audio_only=bool(r["audio_only"]),
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
                cosignature=cosignatures.get(r["id"]),
                void_reason=voided.get(r["id"]),
            )
            for r in rows
        ]

    def session(self, session_id: str) -> Session:
        rows = self._rows("SELECT * FROM sessions WHERE id = ?", [session_id])
        if not rows:
            raise NotFoundError(t("No session with id {session_id!r}", session_id=session_id))
        return self._load_sessions(rows)[0]

    def sessions_in_group(self, group_id: str) -> list[Session]:
        """Every attendee's session of one group visit."""
        rows = self._rows(
            "SELECT * FROM sessions WHERE group_id = ? ORDER BY first_start_utc, id", [group_id]
        )
        return self._load_sessions(rows)

    def sessions_with_ids(self, session_ids: Sequence[str]) -> list[Session]:
        """The stored sessions among ``session_ids`` (an import asks a batch at a time)."""
        rows: list[dict[str, Any]] = []
        for start in range(0, len(session_ids), 900):
            chunk = list(session_ids[start : start + 900])
            marks = ",".join("?" * len(chunk))
            rows += self._rows(f"SELECT * FROM sessions WHERE id IN ({marks})", chunk)
        return self._load_sessions(rows)

    def session_exists(self, session_id: str) -> bool:
        return self._one("SELECT 1 AS x FROM sessions WHERE id = ?", [session_id]) is not None

    def _filter_sql(self, f: SessionFilter, *, ordered: bool = True) -> tuple[str, list[Any]]:
        """The WHERE clause of ``f``; ``ordered=False`` for a count, which reads its
        dates' sessions through (service date) faster than in the order of their starts."""
        where: list[str] = []
        params: list[Any] = []
        if f.client_id:
            where.append("s.client_id = ?")
            params.append(f.client_id)
        if f.staff_id:
            where.append("s.staff_id = ?")
            params.append(f.staff_id)
        if (f.start or f.end) and (ordered or f.staff_id):
            # A date of service is the local date of the first start, within a day of
            # its UTC date: bounding the start too reads the staff member's sessions of
            # those days through (staff, start), not all ten years, and a page of dates
            # through (start) in display order, not by sorting every session of the
            # dates first (at 300k a year five years back took 85 ms, until 2019 125).
            if f.start:
                where.append("s.first_start_utc >= ?")
                params.append(day_text(f.start - timedelta(days=1)))
            if f.end:
                where.append("s.first_start_utc < ?")
                params.append(day_text(f.end + timedelta(days=2)))
        if f.code:
            where.append("s.code = ?")
            params.append(f.code)
        if f.start:
            where.append("s.service_date >= ?")
            params.append(day_text(f.start))
        if f.end:
            where.append("s.service_date <= ?")
            params.append(day_text(f.end))
        if f.status == SessionStatus.VOIDED:
            where.append("s.id IN (SELECT session_id FROM voided_sessions)")
        elif not f.include_voided:
            where.append("s.id NOT IN (SELECT session_id FROM voided_sessions)")
        if f.status == SessionStatus.SIGNED:
            where.append("s.signed = 1")
        elif f.status == SessionStatus.RUNNING:
            # Open segments come from their small partial index (m009), not a look at
            # every unsigned session's segments.
            where.append(
                "s.signed = 0 AND s.id IN (SELECT session_id FROM segments WHERE end_utc IS NULL)"
            )
        elif f.status == SessionStatus.DRAFT:
            where.append(
                "s.signed = 0 AND NOT EXISTS (SELECT 1 FROM segments g "
                "WHERE g.session_id = s.id AND g.end_utc IS NULL)"
            )
        if f.search and _fts_query(f.search):
            # The note's own text, or any of its addenda (a correction is part of the record).
            where.append(
                "(s.rowid IN (SELECT rowid FROM sessions_fts WHERE sessions_fts MATCH ?) "
                "OR s.id IN (SELECT a.session_id FROM addenda AS a "
                "JOIN addenda_fts ON addenda_fts.rowid = a.rowid WHERE addenda_fts MATCH ?))"
            )
            params += [_fts_query(f.search)] * 2
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return clause, params

    # More hits than this makes a word "common": its page is found by walking, not sorting.
    _COMMON_HITS = 1_000

    def sessions(self, f: SessionFilter | None = None) -> list[Session]:
        f = f or SessionFilter()
        if f.search and _fts_query(f.search) and f.limit is not None:
            return self._search_page(f)
        clause, params = self._filter_sql(f)
        limit = ""
        if f.limit is not None:
            limit = " LIMIT ? OFFSET ?"
            params += [f.limit, f.offset]
        order = "s.first_start_utc DESC, s.id DESC" if f.newest_first else "s.first_start_utc, s.id"
        rows = self._rows(f"SELECT s.* FROM sessions s {clause} ORDER BY {order}{limit}", params)
        return self._load_sessions(rows)

    def session_batches(self, f: SessionFilter, size: int = 500) -> Iterator[list[Session]]:
        """:meth:`sessions` of ``f`` (not a page of it) ``size`` at a time, in the same
        order: an export of ten years of notes holds one batch in memory, not all of them
        (issue 12)."""
        if f.limit is not None:
            raise ValueError("session_batches reads every session of a filter, not a page")
        clause, params = self._filter_sql(f)
        order = "s.first_start_utc DESC, s.id DESC" if f.newest_first else "s.first_start_utc, s.id"
        cursor = self.db.conn.execute(
            f"SELECT s.* FROM sessions s {clause} ORDER BY {order}", params
        )
        try:
            keys = dedupe_keys(d[0] for d in cursor.description)
            while rows := cursor.fetchmany(size):
                yield self._load_sessions([dict(zip(keys, row, strict=True)) for row in rows])
        finally:
            cursor.close()

    def _search_page(self, f: SessionFilter) -> list[Session]:
        """One page of a full-text search without sorting every hit (issue 12: a common
        word has most of ten years' notes as hits).

        The word's hits are read once, in rowid order, from one FTS5 cursor (a prefix
        query merges every matching term's hits: that is its cost, paid once). A rare
        word's hits are few: they are sorted. A common word's page is found by walking
        the sessions the other filters select, in display order, a chunk at a time, and
        keeping those the word hits: the hits in the chunk's rowid range when every word
        is spelled out as whole words (FTS5 seeks to them), else the cursor read on as
        far as the chunk's rowids reach, which is not far when rowids follow time (notes
        are written as they happen). The walk stops once the page is full. Both give
        exactly the page the plain query would."""
        assert f.limit is not None and f.search
        query = _fts_query(f.search)
        wanted = f.offset + f.limit
        order = "s.first_start_utc DESC, s.id DESC" if f.newest_first else "s.first_start_utc, s.id"
        addenda_hits = {
            r["rowid"]
            for r in self._rows(
                "SELECT s.rowid AS rowid FROM sessions s WHERE s.id IN (SELECT a.session_id "
                "FROM addenda AS a JOIN addenda_fts ON addenda_fts.rowid = a.rowid "
                "WHERE addenda_fts MATCH ?)",
                [query],
            )
        }
        # The same hits, without first merging every hit of every word the prefix
        # stands for (fts_words: 70-90 ms of a common word's page at 300k sessions).
        spelled = spelled_out(self.db.conn, _search_words(f.search))
        lazy = reads_lazily(spelled)
        hits = _HitCursor(self.db.conn, spelled, descending=f.newest_first)
        others, params = self._filter_sql(replace(f, search=""))
        if hits.read_up_to(self._COMMON_HITS):
            found = hits.seen | addenda_hits
            if not found:
                return []
            also = f"{others} AND" if others else "WHERE"
            page = self._rows(
                f"SELECT s.rowid AS rowid FROM sessions s {also} s.rowid IN "
                f"(SELECT value FROM json_each(?)) ORDER BY {order} LIMIT ? OFFSET ?",
                [*params, json.dumps(sorted(found)), f.limit, f.offset],
            )
            return self._load_rowids([r["rowid"] for r in page], order)
        kept: list[int] = []
        walked = 0
        # Hits of a common word are dense: a first chunk of twice the page is usually
        # enough; each further chunk doubles (a word of many hits long ago).
        chunk_size = max(2 * wanted, 256)
        while len(kept) < wanted:
            # Plain tuples: a chunk is thousands of rowids, not records.
            chunk = [
                r[0]
                for r in self.db.conn.execute(
                    f"SELECT s.rowid FROM sessions s {others} ORDER BY {order} LIMIT ? OFFSET ?",
                    [*params, chunk_size, walked],
                )
            ]
            if not chunk:
                break
            walked += len(chunk)
            chunk_size = min(chunk_size * 2, 32_768)
            if lazy:
                # Whole words are read where they lie: a page a date filter puts years
                # back reads that stretch's hits, not every newer one on the way (the
                # cursor read 150k hits, 100 ms, for a year five years back at 300k).
                hit = {
                    r[0]
                    for r in self.db.conn.execute(
                        "SELECT rowid FROM sessions_fts WHERE sessions_fts MATCH ? "
                        "AND rowid BETWEEN ? AND ?",
                        [spelled, min(chunk), max(chunk)],
                    )
                }
            else:
                hits.read_past(min(chunk) if f.newest_first else max(chunk))
                hit = hits.seen
            kept += [r for r in chunk if r in hit or r in addenda_hits]
        return self._load_rowids(kept[f.offset : wanted], order)

    def _load_rowids(self, rowids: list[int], order: str) -> list[Session]:
        if not rowids:
            return []
        rows = self._rows(
            "SELECT s.* FROM sessions s WHERE s.rowid IN (SELECT value FROM json_each(?)) "
            f"ORDER BY {order}",
            [json.dumps(rowids)],
        )
        return self._load_sessions(rows)

    def count_sessions(self, f: SessionFilter | None = None) -> int:
        clause, params = self._filter_sql(f or SessionFilter(), ordered=False)
        row = self._one(f"SELECT count(*) AS n FROM sessions s {clause}", params)
        return row["n"] if row else 0

    def any_sessions(self, f: SessionFilter | None = None) -> bool:
        """Whether ``count_sessions(f)`` is above zero, found at the first one: a
        client's count read all its sessions (~2,000 at 300,000 sessions, 6-12 ms on the
        GUI thread at each client shown in Setup)."""
        clause, params = self._filter_sql(f or SessionFilter(), ordered=False)
        row = self._one(f"SELECT EXISTS (SELECT 1 FROM sessions s {clause}) AS n", params)
        return bool(row and row["n"])

    def running_sessions(self) -> list[Session]:
        return self.sessions(SessionFilter(status=SessionStatus.RUNNING))

    def staff_sessions_between(
        self, staff_id: str, start: datetime, end: datetime
    ) -> list[Session]:
        """Sessions of one staff member with a segment touching [start, end).

        Read through indexed bounds (m009): a closed segment is at most MAX_SEGMENT long
        (every way in refuses longer), so one touching the window starts after
        ``start - MAX_SEGMENT``; open segments come from their partial index."""
        end_text = to_utc_text(end)
        rows = self._rows(
            "SELECT s.* FROM sessions s WHERE s.staff_id = ? AND s.id IN ("
            "SELECT session_id FROM segments WHERE start_utc >= ? AND start_utc < ? "
            "AND end_utc > ? "
            "UNION SELECT session_id FROM segments WHERE end_utc IS NULL AND +start_utc < ?) "
            "AND s.id NOT IN (SELECT session_id FROM voided_sessions) "
            "ORDER BY s.first_start_utc, s.id",
            [staff_id, to_utc_text(start - MAX_SEGMENT), end_text, to_utc_text(start), end_text],
        )
        return self._load_sessions(rows)

    def sessions_on_days(self, client_days: Iterable[tuple[str, date]]) -> list[Session]:
        """The sessions (not voided) of these (client, date of service) pairs, in
        chronological order, read in one query per 400 pairs (indexed by client and
        date), however many clients and years they span."""
        pairs = sorted({(client_id, day_text(day)) for client_id, day in client_days})
        rows: list[dict[str, Any]] = []
        for values, params in values_chunks(pairs, 400):
            # A SELECT, not a WITH: the store's wrapper reads a SELECT straight from the
            # connection and hands anything else to sqlite-utils, imported for it (Today's
            # units at start; issue 12). The query plan is the same.
            rows += self._rows(
                f"SELECT s.* FROM (VALUES {values}) w JOIN sessions s "
                "ON s.client_id = w.column1 AND s.service_date = w.column2 "
                "WHERE s.id NOT IN (SELECT session_id FROM voided_sessions)",
                params,
            )
        rows.sort(key=lambda r: (r["first_start_utc"] or "", r["id"]))
        return self._load_sessions(rows)

    def staff_session_times(
        self, windows: Iterable[tuple[str, datetime, datetime]]
    ) -> list[Session]:
        """For each (staff id, start, end) window, the sessions of that staff member with
        a segment touching [start, end) (as :meth:`staff_sessions_between`), all in one
        query, with only what overlap detection reads (id, client, staff, code, group,
        zone and segments; no note, objectives or signature). The windows' hits are
        looked up by id (``IN``): joined to them, SQLite walked every session in time
        order, or (3.40, a CROSS JOIN) built a Bloom filter over every session first:
        0.25-0.45 s at 300k sessions for Today's first units (issue 12); 4 ms now."""
        wanted = sorted(
            {
                (staff, to_utc_text(a - MAX_SEGMENT), to_utc_text(b), to_utc_text(a))
                for staff, a, b in windows
            }
        )
        found: dict[str, Session] = {}
        for values, params in values_chunks(wanted, 200):
            rows = self.db.execute(
                f"WITH w(staff_id, earliest, end_utc, start_utc) AS (VALUES {values}), "
                "hit(session_id, staff_id) AS ("
                "SELECT x.session_id, w.staff_id FROM w JOIN segments x "
                "ON x.start_utc >= w.earliest AND x.start_utc < w.end_utc "
                "AND x.end_utc > w.start_utc "
                "UNION SELECT x.session_id, w.staff_id FROM w JOIN segments x "
                "ON x.end_utc IS NULL AND +x.start_utc < w.end_utc) "
                "SELECT s.id, s.client_id, s.staff_id, s.code, s.group_size, s.group_id, "
                "s.timezone, g.start_utc, g.end_utc "
                "FROM sessions s JOIN segments g ON g.session_id = s.id "
                "WHERE (s.id, s.staff_id) IN (SELECT session_id, staff_id FROM hit) "
                "AND s.id NOT IN (SELECT session_id FROM voided_sessions) "
                "ORDER BY s.first_start_utc, s.id, g.start_utc",
                params,
            ).fetchall()
            seen: set[str] = set()
            for sid, client_id, staff_id, code, size, group_id, zone, start, end in rows:
                session = found.get(sid)
                if session is None:
                    session = found[sid] = Session(
                        sid,
                        client_id,
                        staff_id,
                        code,
                        group_size=size,
                        group_id=group_id,
                        timezone=zone,
                    )
                elif sid not in seen:
                    continue  # read by an earlier chunk already, with all its segments
                seen.add(sid)
                session.segments.append(
                    Segment(from_utc_text(start), from_utc_text(end) if end else None)
                )
        return list(found.values())

    def save_session(self, session: Session) -> None:
        """Insert or update an unsigned session with its segments and objectives.

        A signed session is locked: this raises :class:`LockedError` (the database
        triggers refuse it too, so no code path can slip past)."""
        with self.transaction():
            before = self._one("SELECT * FROM sessions WHERE id = ?", [session.id])
            if before is not None and before["signed"]:
                raise LockedError(
                    t(
                        "Session {session_id} is signed and locked; write an addendum instead",
                        session_id=session.id,
                    )
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
                self._insert(
                    "group_visits",
                    {
                        "id": session.group_id,
                        "staff_id": session.staff_id,
                        "code": session.code,
                        "place_of_service": session.place_of_service,
                        "telehealth": int(session.telehealth),
                        "intervention": session.intervention,
                        "note": "",
                    },
                )
            if before is None:
                self._insert("sessions", row)
            else:
                self._update("sessions", session.id, row)
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
                raise LockedError(
                    t("Session {session_id} is signed and cannot be deleted", session_id=session_id)
                )
            self.db.execute("DELETE FROM segments WHERE session_id = ?", [session_id])
            self.db.execute("DELETE FROM session_objectives WHERE session_id = ?", [session_id])
            self.db.execute("DELETE FROM note_copies WHERE session_id = ?", [session_id])
            self.db.execute("DELETE FROM sessions WHERE id = ?", [session_id])
            self.audit("delete", "session", session_id)

    def sign_session(self, session_id: str, signature: Signature) -> None:
        """Record the signature and lock the note, in one transaction."""
        with self.transaction():
            row = self._one("SELECT signed FROM sessions WHERE id = ?", [session_id])
            if row is None:
                raise NotFoundError(t("No session with id {session_id!r}", session_id=session_id))
            if row["signed"]:
                raise LockedError(
                    t("Session {session_id} is already signed", session_id=session_id)
                )
            open_segment = self._one(
                "SELECT 1 AS x FROM segments WHERE session_id = ? AND end_utc IS NULL", [session_id]
            )
            if open_segment:
                raise StoreError(
                    t(
                        "Session {session_id} is still running; stop it before signing",
                        session_id=session_id,
                    )
                )
            self._insert(
                "signatures",
                {
                    "session_id": session_id,
                    "staff_id": signature.staff_id,
                    "signed_at_utc": to_utc_text(signature.signed_at),
                    "timezone": signature.timezone,
                    "signer_name": signature.signer_name,
                    "credential": signature.credential,
                    "attestation": signature.attestation,
                    "late": int(signature.late),
                },
            )
            self.db.execute("UPDATE sessions SET signed = 1 WHERE id = ?", [session_id])
            write_seal(self.db, session_id, SEAL_SIGNATURE, session_id)
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
                raise NotFoundError(
                    t("No session with id {session_id!r}", session_id=addendum.session_id)
                )
            if not row["signed"]:
                raise StoreError(
                    t("An unsigned note is edited directly; addenda are for signed notes")
                )
            self._insert(
                "addenda",
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
                },
            )
            write_seal(self.db, addendum.session_id, SEAL_ADDENDUM, addendum.id)
            self.audit("addendum", "session", addendum.session_id, {"addendum": addendum.id})

    def cosign_session(self, session_id: str, cosignature: Cosignature) -> None:
        """Record a supervisor's co-signature on a signed note; once made it can be
        neither changed nor removed (database triggers, like signatures)."""
        with self.transaction():
            row = self._one("SELECT signed FROM sessions WHERE id = ?", [session_id])
            if row is None:
                raise NotFoundError(t("No session with id {session_id!r}", session_id=session_id))
            if not row["signed"]:
                raise StoreError(
                    t(
                        "Session {session_id} is not signed; only a signed note is co-signed",
                        session_id=session_id,
                    )
                )
            if self._one("SELECT 1 AS x FROM cosignatures WHERE session_id = ?", [session_id]):
                raise LockedError(
                    t("Session {session_id} is already co-signed", session_id=session_id)
                )
            self._insert(
                "cosignatures",
                {
                    "session_id": session_id,
                    "staff_id": cosignature.staff_id,
                    "signed_at_utc": to_utc_text(cosignature.signed_at),
                    "timezone": cosignature.timezone,
                    "signer_name": cosignature.signer_name,
                    "credential": cosignature.credential,
                    "statement": cosignature.statement,
                },
            )
            write_seal(self.db, session_id, SEAL_COSIGNATURE, session_id)
            self.audit(
                "cosign",
                "session",
                session_id,
                {"by": cosignature.staff_id, "at": to_utc_text(cosignature.signed_at)},
            )

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
            if session.cosignature is not None:
                self.cosign_session(session.id, session.cosignature)

    def insert_new_sessions(self, sessions: Sequence[Session]) -> None:
        """Store sessions none of which is stored yet (an import), signed or not, in one
        statement per table: what :meth:`save_session`, :meth:`sign_session`,
        :meth:`add_addendum` and :meth:`cosign_session` would write one note at a time,
        with the same seals and audit rows in the same order (issue 12: an import of
        years of notes is bound by SQLite, not by a round trip per row).

        Each note is written unsigned first, then signed, so the lock applies from the
        first moment, as the triggers require. The kept lines' triggers these writes
        fire are taken out meanwhile and what they would have done is done once for the
        batch (:class:`NewNotesKeptLines`: each statement says how many rows it wrote)."""
        if not sessions:
            return
        with self.transaction(), NewNotesKeptLines(self.db.conn, [s.id for s in sessions]) as kept:
            conn = self.db.conn
            unzoned = {s.client_id for s in sessions if not s.timezone}
            if unzoned:  # as save_session: the date of service is the client's local date
                marks = ",".join("?" * len(unzoned))
                zones = {
                    r["id"]: r["timezone"]
                    for r in self._rows(
                        f"SELECT id, timezone FROM clients WHERE id IN ({marks})", list(unzoned)
                    )
                }
                for s in sessions:
                    if not s.timezone and s.client_id in zones:
                        s.timezone = zones[s.client_id]
            now = to_utc_text(utc_now())
            group_ids = list(dict.fromkeys(s.group_id for s in sessions if s.group_id))
            if group_ids:
                # A group visit the first of its sessions creates (save_session's rule).
                conn.executemany(
                    "INSERT INTO group_visits (id, staff_id, code, place_of_service, "
                    "telehealth, intervention, note) VALUES (?, ?, ?, ?, ?, ?, '') "
                    "ON CONFLICT(id) DO NOTHING",
                    [
                        (
                            s.group_id,
                            s.staff_id,
                            s.code,
                            s.place_of_service,
                            int(s.telehealth),
                            s.intervention,
                        )
                        for s in sessions
                        if s.group_id
                    ],
                )
            rows = [{**self._session_row(s), "updated_at_utc": now} for s in sessions]
            names = list(rows[0])
            kept.fired(
                conn.executemany(
                    f"INSERT INTO sessions ({', '.join(names)}) "
                    f"VALUES ({', '.join('?' * len(names))})",
                    [tuple(row.values()) for row in rows],
                ).rowcount
            )
            segments = [
                (s.id, to_utc_text(g.start), to_utc_text(g.end) if g.end else None)
                for s in sessions
                for g in sorted(s.segments, key=lambda g: g.start)
            ]
            kept.fired(
                conn.executemany(
                    "INSERT INTO segments (session_id, start_utc, end_utc) VALUES (?, ?, ?)",
                    segments,
                ).rowcount
            )
            objectives = [(s.id, o) for s in sessions for o in dict.fromkeys(s.objective_ids)]
            kept.fired(
                conn.executemany(
                    "INSERT INTO session_objectives (session_id, objective_id) VALUES (?, ?)",
                    objectives,
                ).rowcount
            )
            signed = [s for s in sessions if s.signature is not None]
            signatures = {
                s.id: {
                    "session_id": s.id,
                    "staff_id": g.staff_id,
                    "signed_at_utc": to_utc_text(g.signed_at),
                    "timezone": g.timezone,
                    "signer_name": g.signer_name,
                    "credential": g.credential,
                    "attestation": g.attestation,
                    "late": int(g.late),
                }
                for s in signed
                if (g := s.signature) is not None
            }
            kept.fired(
                conn.executemany(
                    "INSERT INTO signatures (session_id, staff_id, signed_at_utc, timezone, "
                    "signer_name, credential, attestation, late) VALUES (:session_id, "
                    ":staff_id, :signed_at_utc, :timezone, :signer_name, :credential, "
                    ":attestation, :late)",
                    list(signatures.values()),
                ).rowcount
            )
            signing = conn.executemany(
                "UPDATE sessions SET signed = 1 WHERE id = ?", [(s.id,) for s in signed]
            )
            kept.fired(2 * signing.rowcount)  # its trigger forgets around OLD, then NEW
            addenda = {
                a.id: {
                    "id": a.id,
                    "session_id": s.id,
                    "staff_id": a.staff_id,
                    "written_at_utc": to_utc_text(a.written_at),
                    "timezone": a.timezone,
                    "reason": a.reason,
                    "text": a.text,
                    "signer_name": a.signer_name,
                    "credential": a.credential,
                }
                for s in signed
                for a in s.addenda
            }
            conn.executemany(
                "INSERT INTO addenda (id, session_id, staff_id, written_at_utc, timezone, "
                "reason, text, signer_name, credential) VALUES (:id, :session_id, :staff_id, "
                ":written_at_utc, :timezone, :reason, :text, :signer_name, :credential)",
                list(addenda.values()),
            )
            cosignatures = {
                s.id: {
                    "session_id": s.id,
                    "staff_id": c.staff_id,
                    "signed_at_utc": to_utc_text(c.signed_at),
                    "timezone": c.timezone,
                    "signer_name": c.signer_name,
                    "credential": c.credential,
                    "statement": c.statement,
                }
                for s in signed
                if (c := s.cosignature) is not None
            }
            conn.executemany(
                "INSERT INTO cosignatures (session_id, staff_id, signed_at_utc, timezone, "
                "signer_name, credential, statement) VALUES (:session_id, :staff_id, "
                ":signed_at_utc, :timezone, :signer_name, :credential, :statement)",
                list(cosignatures.values()),
            )
            acts: list[tuple[str, str, str]] = []
            audit: list[tuple[str, str, dict[str, Any]]] = []
            if len(sessions) > 1:  # one row naming them all (issue 12), as for plans
                self._audit_created_together("session", [s.id for s in sessions])
            for s in sessions:
                if len(sessions) == 1:
                    audit.append(("create", s.id, self._audit_safe(self._diff(None, {}))))
                if s.signature is None:
                    continue
                acts.append((s.id, SEAL_SIGNATURE, s.id))
                audit.append(
                    (
                        "sign",
                        s.id,
                        {
                            "by": s.signature.staff_id,
                            "at": to_utc_text(s.signature.signed_at),
                            "late": s.signature.late,
                        },
                    )
                )
                for a in s.addenda:
                    acts.append((s.id, SEAL_ADDENDUM, a.id))
                    audit.append(("addendum", s.id, {"addendum": a.id}))
                if s.cosignature is not None:
                    acts.append((s.id, SEAL_COSIGNATURE, s.id))
                    audit.append(
                        (
                            "cosign",
                            s.id,
                            {
                                "by": s.cosignature.staff_id,
                                "at": to_utc_text(s.cosignature.signed_at),
                            },
                        )
                    )
            seal_new_notes(
                self.db,
                acts,
                written_notes(rows, segments, objectives),
                {
                    **{(SEAL_SIGNATURE, k): v for k, v in signatures.items()},
                    **{(SEAL_ADDENDUM, k): v for k, v in addenda.items()},
                    **{(SEAL_COSIGNATURE, k): v for k, v in cosignatures.items()},
                },
            )
            self._audit_many((action, "session", sid, details) for action, sid, details in audit)

    def last_place(self, client_id: str, code: str) -> tuple[str, bool] | None:
        """Where the client's latest session of ``code`` with a place of service was, and
        whether it was telehealth: one row, not the client's whole history. Ordered by the
        date of service first, so the (client, date) index is walked from the newest day
        and stops at the first match (0.03 ms instead of sorting the client's history:
        15 ms at 30k sessions); the date is the first start's local date, so the order is
        the same."""
        row = self._one(
            "SELECT s.place_of_service, s.telehealth FROM sessions s "
            "WHERE s.client_id = ? AND s.code = ? AND s.place_of_service != '' "
            "AND s.id NOT IN (SELECT session_id FROM voided_sessions) "
            "ORDER BY s.service_date DESC, s.first_start_utc DESC, s.id DESC LIMIT 1",
            [client_id, code],
        )
        if row is None:
            return None
        return str(row["place_of_service"]), bool(row["telehealth"])
