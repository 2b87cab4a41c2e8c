"""The app's own settings (``app_state``): who uses this laptop, when the window locks
itself, whether a packet opens when done. Settings, not records of care, so they are not
audited (docs/architecture.md). Written here, like every other write, so the window and
Setup publish the changes these return."""

from __future__ import annotations

from sessionlog.core.changes import Changes, Entity
from sessionlog.services.protection import AUTO_LOCK_KEY, DEFAULT_AUTO_LOCK_MINUTES
from sessionlog.services.records import AppSettings, SettingsReader

CURRENT_STAFF_KEY = "current_staff_id"
PACKET_OPEN_WHEN_DONE_KEY = "packet_open_when_done"


def current_staff(store: SettingsReader) -> str | None:
    return store.get_state(CURRENT_STAFF_KEY)


def choose_current_staff(store: AppSettings, staff_id: str | None) -> Changes:
    """Record who uses this laptop (None: nobody chosen); the setting changed."""
    if staff_id is None:
        store.delete_state(CURRENT_STAFF_KEY)
    else:
        store.set_state(CURRENT_STAFF_KEY, staff_id)
    return Changes.of(Entity.SETTINGS, CURRENT_STAFF_KEY)


def auto_lock_minutes(store: SettingsReader) -> int:
    """Minutes of inactivity before a protected database locks (0: never)."""
    value = store.get_state(AUTO_LOCK_KEY)
    try:
        return max(0, int(value)) if value is not None else DEFAULT_AUTO_LOCK_MINUTES
    except ValueError:
        return DEFAULT_AUTO_LOCK_MINUTES


def set_auto_lock_minutes(store: AppSettings, minutes: int) -> Changes:
    store.set_state(AUTO_LOCK_KEY, str(max(0, int(minutes))))
    return Changes.of(Entity.SETTINGS, AUTO_LOCK_KEY)


def packet_opens_when_done(store: SettingsReader) -> bool:
    return store.get_state(PACKET_OPEN_WHEN_DONE_KEY) == "1"


def set_packet_opens_when_done(store: AppSettings, opens: bool) -> Changes:
    store.set_state(PACKET_OPEN_WHEN_DONE_KEY, "1" if opens else "0")
    return Changes.of(Entity.SETTINGS, PACKET_OPEN_WHEN_DONE_KEY)
