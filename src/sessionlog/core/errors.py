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


class BusyError(StoreError):
    """Another program (an import on the command line) holds the database's write lock
    longer than this connection waits; nothing was written, the write may be retried."""


class OutputError(StoreError):
    """A file SessionLog writes (an export, a packet, a backup) could not be written; the
    message names the file and the cause (disk full, read-only, no such folder)."""


def describe_os_error(exc: OSError) -> str:
    """The cause of a file-system failure in the user's words (and language)."""
    import errno

    from sessionlog.core.wording import t

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return t("the disk is full")
    if exc.errno == errno.EROFS:
        return t("the location is read-only")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return t("permission denied (the location is read-only or not yours)")
    if exc.errno == errno.ENOENT:
        return t("the folder does not exist")
    if exc.errno == errno.ENOTDIR:
        return t("part of the path is not a folder")
    if exc.errno == errno.EISDIR:
        return t("it is a folder")
    if exc.errno == errno.EEXIST:
        return t("a file is in the way of a folder of the same name")
    return exc.strerror or type(exc).__name__
