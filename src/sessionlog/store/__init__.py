"""The only package that speaks SQL."""

from sessionlog.store.database import StoreError, open_database, schema_version
from sessionlog.store.repository import LockedError, NotFoundError, SessionFilter, Store

__all__ = [
    "LockedError",
    "NotFoundError",
    "SessionFilter",
    "Store",
    "StoreError",
    "open_database",
    "schema_version",
]
