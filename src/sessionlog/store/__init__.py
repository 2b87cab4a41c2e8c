"""The only package that speaks SQL."""

from sessionlog.store.database import (
    DamagedDatabaseError,
    NewerDatabaseError,
    StoreError,
    is_read_only,
    open_database,
    schema_version,
)
from sessionlog.store.repository import LockedError, NotFoundError, SessionFilter, Store

__all__ = [
    "DamagedDatabaseError",
    "LockedError",
    "NewerDatabaseError",
    "NotFoundError",
    "SessionFilter",
    "Store",
    "StoreError",
    "is_read_only",
    "open_database",
    "schema_version",
]
