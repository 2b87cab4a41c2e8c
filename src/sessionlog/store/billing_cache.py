"""The authorization draw-down the unit engine computed, kept per client and date of
service (``billing_draws``, migration m011), and for which dates it is still valid.

Derived facts: only :mod:`sessionlog.services.billing` writes them, from the engine's
own lines; the database's triggers mark them stale on every write that can change a
unit, so no other write path needs to know they exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sessionlog.store.base import Repository, day_text


class BillingCacheRepository(Repository):
    def billing_cache_generation(self) -> int:
        """A counter every unit-changing write increments (read it before the records a
        computation uses; :meth:`save_billing_draws` stores nothing if it moved)."""
        row = self._one("SELECT generation FROM billing_cache_generation WHERE id = 1")
        return int(row["generation"]) if row else 0

    def billing_valid_before(self, client_id: str, chain_start: date, rules: str) -> date | None:
        """The first date whose cached draws are not known to be right, for the run of
        authorizations beginning ``chain_start``; None when nothing is cached."""
        row = self._one(
            "SELECT valid_before FROM billing_cache "
            "WHERE client_id = ? AND chain_start = ? AND rules = ?",
            [client_id, day_text(chain_start), rules],
        )
        return date.fromisoformat(row["valid_before"]) if row else None

    def billing_draws(
        self, client_id: str, start: date, before: date
    ) -> list[tuple[date, str, int]]:
        """(date of service, authorization id, units) drawn on dates in [start, before)."""
        rows = self.db.execute(
            "SELECT service_date, authorization_id, units FROM billing_draws "
            "WHERE client_id = ? AND service_date >= ? AND service_date < ? "
            "ORDER BY service_date",
            [client_id, day_text(start), day_text(before)],
        ).fetchall()
        return [(date.fromisoformat(d), auth, units) for d, auth, units in rows]

    def save_billing_draws(
        self,
        client_id: str,
        chain_start: date,
        rules: str,
        start: date,
        valid_before: date,
        draws: Iterable[tuple[date, str, int]],
        generation: int,
    ) -> bool:
        """Replace the client's draws dated in [start, valid_before) and mark the run of
        authorizations beginning ``chain_start`` valid up to ``valid_before``; nothing is
        stored (False) when a write changed units since ``generation`` was read."""
        return self.save_billing_draws_of_runs(
            rules, [(client_id, chain_start, start, valid_before, list(draws))], generation
        )

    def save_billing_draws_of_runs(
        self,
        rules: str,
        runs: Iterable[tuple[str, date, date, date, list[tuple[date, str, int]]]],
        generation: int,
    ) -> bool:
        """:meth:`save_billing_draws` for many runs of authorizations, (client id, chain
        start, start, valid before, draws) each, in one transaction: a History page's
        clients worked out for the first time commit (and sync the disk) once, not once
        per client. Nothing is stored (False) when a write changed units since
        ``generation`` was read."""
        with self.transaction():
            if self.billing_cache_generation() != generation:
                return False
            for client_id, chain_start, start, valid_before, draws in runs:
                self.db.execute(
                    "DELETE FROM billing_draws WHERE client_id = ? "
                    "AND service_date >= ? AND service_date < ?",
                    [client_id, day_text(start), day_text(valid_before)],
                )
                self.db.conn.executemany(
                    "INSERT INTO billing_draws "
                    "(client_id, service_date, authorization_id, units) VALUES (?, ?, ?, ?)",
                    [(client_id, day_text(d), auth, units) for d, auth, units in draws],
                )
                self.db.execute(
                    "INSERT INTO billing_cache (client_id, chain_start, valid_before, rules) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (client_id, chain_start) DO UPDATE SET "
                    "valid_before = excluded.valid_before, rules = excluded.rules",
                    [client_id, day_text(chain_start), day_text(valid_before), rules],
                )
        return True
