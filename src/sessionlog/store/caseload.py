"""Payers, staff, clients and authorizations: who is served, by whom, paid by whom."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from sessionlog.core.errors import NotFoundError, StoreError
from sessionlog.core.models import Address, Agency, Authorization, Client, Payer, Staff
from sessionlog.store.base import Repository, day_text
from sessionlog.store.wording import t


def _address_text(address: Address | None) -> str | None:
    return None if address is None else json.dumps(asdict(address), sort_keys=True)


def _address_from(text: str | None) -> Address | None:
    return None if not text else Address(**json.loads(text))


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
            "payer_id": p.payer_id,
            "rates": json.dumps({c: str(v) for c, v in p.rates.items()}, sort_keys=True),
            "max_group_size": json.dumps(p.max_group_size, sort_keys=True),
            "audio_only_modifier": p.audio_only_modifier,
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
            payer_id=row["payer_id"],
            rates={c: Decimal(v) for c, v in json.loads(row["rates"]).items()},
            max_group_size=json.loads(row["max_group_size"]),
            audio_only_modifier=row["audio_only_modifier"],
        )

    def payers(self) -> list[Payer]:
        return [self._payer_from(r) for r in self._rows("SELECT * FROM payers ORDER BY name")]

    def payer(self, payer_id: str) -> Payer:
        row = self._one("SELECT * FROM payers WHERE id = ?", [payer_id])
        if row is None:
            raise NotFoundError(t("No payer with id {payer_id!r}", payer_id=payer_id))
        return self._payer_from(row)

    def save_payer(self, payer: Payer) -> None:
        self._save_simple("payers", "payer", self._payer_row(payer))

    # ---- staff ---------------------------------------------------------

    @staticmethod
    def _staff_from(row: dict[str, Any]) -> Staff:
        staff = Staff(
            row["id"],
            row["name"],
            row["credential"],
            row["modifier"],
            row["npi"],
            row["supervisor_id"],
        )
        if row["attestation"]:
            staff.attestation = row["attestation"]
        return staff

    def staff_members(self) -> list[Staff]:
        return [self._staff_from(r) for r in self._rows("SELECT * FROM staff ORDER BY name")]

    def staff(self, staff_id: str) -> Staff:
        row = self._one("SELECT * FROM staff WHERE id = ?", [staff_id])
        if row is None:
            raise NotFoundError(t("No staff member with id {staff_id!r}", staff_id=staff_id))
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
                "npi": staff.npi,
                "supervisor_id": staff.supervisor_id,
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
            address=_address_from(row["address"]),
        )

    def clients(self, *, include_archived: bool = False) -> list[Client]:
        where = "" if include_archived else "WHERE archived = 0"
        return [
            self._client_from(r) for r in self._rows(f"SELECT * FROM clients {where} ORDER BY name")
        ]

    def client(self, client_id: str) -> Client:
        row = self._one("SELECT * FROM clients WHERE id = ?", [client_id])
        if row is None:
            raise NotFoundError(t("No client with id {client_id!r}", client_id=client_id))
        return self._client_from(row)

    def save_client(self, client: Client) -> None:
        self._save_simple("clients", "client", _client_row(client))

    def save_clients(self, clients: Sequence[Client]) -> None:
        """:meth:`save_client` of each, in order; new ones in one statement with the same
        audit rows, one per client (an import or a roster brings hundreds)."""
        with self.transaction():
            if self._saved_one_by_one("clients", clients, self.save_client):
                return
            rows = [_client_row(c) for c in clients]
            self._upsert_many("clients", list(rows[0]), [tuple(r.values()) for r in rows])
            self._audit_many(("create", "client", c.id, {"created": True}) for c in clients)

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
                    t("A client with sessions, plans or authorizations is archived, never deleted")
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

    def authorizations_of(self, client_ids: Iterable[str]) -> list[Authorization]:
        """The authorizations of these clients, by client and start (as
        :meth:`authorizations` orders every client's)."""
        wanted = sorted(set(client_ids))
        rows: list[dict[str, Any]] = []
        for at in range(0, len(wanted), 900):  # SQLite caps bound parameters
            chunk = wanted[at : at + 900]
            rows += self._rows(
                f"SELECT * FROM authorizations WHERE client_id IN ({','.join('?' * len(chunk))})"
                " ORDER BY client_id, start",
                chunk,
            )
        return [self._auth_from(r) for r in rows]

    def authorization(self, authorization_id: str) -> Authorization:
        row = self._one("SELECT * FROM authorizations WHERE id = ?", [authorization_id])
        if row is None:
            raise NotFoundError(
                t(
                    "No authorization with id {authorization_id!r}",
                    authorization_id=authorization_id,
                )
            )
        return self._auth_from(row)

    def save_authorization(self, auth: Authorization) -> None:
        self._save_simple("authorizations", "authorization", _authorization_row(auth))

    def save_authorizations(self, auths: Sequence[Authorization]) -> None:
        """:meth:`save_authorization` of each, in order; new ones in one statement with
        the same audit rows (an import brings thousands)."""
        with self.transaction():
            if self._saved_one_by_one("authorizations", auths, self.save_authorization):
                return
            self._upsert_many(
                "authorizations",
                _AUTHORIZATION_COLUMNS,
                [
                    (
                        a.id,
                        a.client_id,
                        a.code,
                        a.units,
                        day_text(a.start),
                        day_text(a.end),
                        a.number,
                    )
                    for a in auths
                ],
            )
            if len(auths) == 1:
                self.audit("create", "authorization", auths[0].id, {"created": True})
            else:
                self._audit_created_together("authorization", [a.id for a in auths])

    # ---- agency --------------------------------------------------------

    def agency(self) -> Agency | None:
        """The billing provider, or None until it is entered in Setup."""
        row = self._one("SELECT * FROM agency WHERE id = 1")
        if row is None:
            return None
        address = _address_from(row["address"])
        assert address is not None  # NOT NULL column, written by save_agency
        return Agency(
            row["name"], row["npi"], row["tax_id"], row["taxonomy"], address, row["phone"]
        )

    def save_agency(self, agency: Agency) -> None:
        self._save_simple(
            "agency",
            "agency",
            {
                "id": 1,
                "name": agency.name,
                "npi": agency.npi,
                "tax_id": agency.tax_id,
                "taxonomy": agency.taxonomy,
                "address": _address_text(agency.address),
                "phone": agency.phone,
            },
        )

    def is_empty(self) -> bool:
        row = self._one("SELECT (SELECT count(*) FROM clients) + (SELECT count(*) FROM staff) AS n")
        return not row or row["n"] == 0


def _client_row(client: Client) -> dict[str, Any]:
    return {
        "id": client.id,
        "name": client.name,
        "birth_date": client.birth_date.isoformat(),
        "medicaid_id": client.medicaid_id,
        "payer_id": client.payer_id,
        "diagnoses": json.dumps(client.diagnoses),
        "timezone": client.timezone,
        "archived": int(client.archived),
        "address": _address_text(client.address),
    }


_AUTHORIZATION_COLUMNS = ("id", "client_id", "code", "units", "start", "end", "number")


def _authorization_row(auth: Authorization) -> dict[str, Any]:
    return {
        "id": auth.id,
        "client_id": auth.client_id,
        "code": auth.code,
        "units": auth.units,
        "start": day_text(auth.start),
        "end": day_text(auth.end),
        "number": auth.number,
    }
