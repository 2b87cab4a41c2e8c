"""Small app settings and the running timer's heartbeat (key -> text).

These writes are not audited: they are the app's own bookkeeping, not records of care.
"""

from __future__ import annotations

from sessionlog.store.base import Repository


class AppStateRepository(Repository):
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
