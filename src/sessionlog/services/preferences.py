"""Who uses this laptop: a setting of the app (``app_state``), not a record of care, so
it is not audited (docs/architecture.md). Written here, like every other write, so the
window and Setup publish the changes this returns."""

from __future__ import annotations

from sessionlog.core.changes import Changes, Entity
from sessionlog.services.records import AppSettings, SettingsReader

CURRENT_STAFF_KEY = "current_staff_id"


def current_staff(store: SettingsReader) -> str | None:
    return store.get_state(CURRENT_STAFF_KEY)


def choose_current_staff(store: AppSettings, staff_id: str | None) -> Changes:
    """Record who uses this laptop (None: nobody chosen); the setting changed."""
    if staff_id is None:
        store.delete_state(CURRENT_STAFF_KEY)
    else:
        store.set_state(CURRENT_STAFF_KEY, staff_id)
    return Changes.of(Entity.SETTINGS, CURRENT_STAFF_KEY)
