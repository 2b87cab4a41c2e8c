"""Payers, staff, clients and authorizations: who is served, by whom, paid by whom."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sessionlog.core.errors import NotFoundError, StoreError
from sessionlog.core.models import Authorization, Client, Payer, Staff
from sessionlog.store.base import Repository, day_text


class CaseloadRepository(Repository):
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
                "start": day_text(auth.start),
                "end": day_text(auth.end),
                "number": auth.number,
            },
        )

    def is_empty(self) -> bool:
        row = self._one("SELECT (SELECT count(*) FROM clients) + (SELECT count(*) FROM staff) AS n")
        return not row or row["n"] == 0
