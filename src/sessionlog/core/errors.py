"""Errors every layer may raise or catch, worded for the user (no SQL, no client data).

They live in the core so the UI and the services can catch them without importing the
store that raises most of them.
"""

from __future__ import annotations


class StoreError(Exception):
    """A record could not be read or written; the message says why, for the user."""


class LockedError(StoreError):
    """The record is signed and locked; only an addendum may be added."""


class NotFoundError(StoreError):
    """No record with the id asked for."""


class DamagedDatabaseError(StoreError):
    """The database file failed SQLite's integrity check: the app offers a backup and keeps
    the file aside."""

    def __init__(self, message: str, path: object) -> None:
        super().__init__(message)
        self.path = path


class NewerDatabaseError(StoreError):
    """The database file was written by a newer SessionLog than this one."""
