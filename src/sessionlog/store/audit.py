"""Reading the append-only audit log (every repository writes to it through its base)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sessionlog.core.integrity import IntegrityReport
from sessionlog.store.base import Repository
from sessionlog.store.integrity import check_record, restored_at_open


class AuditLogRepository(Repository):
    def audit_log(
        self, entity: str | None = None, entity_id: str | None = None
    ) -> list[dict[str, Any]]:
        where: list[str] = []
        params: list[Any] = []
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

    def check_record(
        self, client_id: str | None = None, *, now: datetime | None = None
    ) -> IntegrityReport:
        """Recompute every seal and the audit hash chain (``sessionlog check``); with
        ``client_id``, only that client's seals (and deleted notes'), for its packet, and
        the audit chain from the checkpoint a whole check kept within a day of ``now``."""
        return check_record(self.db, client_id, now=now)

    def triggers_restored_at_open(self) -> list[str]:
        """Protective triggers that were missing when this file was opened, now put back."""
        return restored_at_open(self.db)
