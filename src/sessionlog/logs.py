"""Logging without protected health information.

Log records carry event names, ids and counts, never names, notes or dates of
birth. Exception messages may quote data (SQLite errors quote values), so the
file handler writes an exception's type and where it happened, not its text.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from sessionlog import APPLICATION_NAME

LOG_ENV_VAR = "SESSIONLOG_LOG_DIR"


class _NoPHIFormatter(logging.Formatter):
    def formatException(self, ei) -> str:
        import traceback

        exc_type, _exc, tb = ei
        frames = traceback.extract_tb(tb)
        where = [f"{Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames[-6:]]
        name = exc_type.__name__ if exc_type else "Exception"
        return f"{name} (message withheld: may contain client data)\n  " + "\n  ".join(where)


def _private_file_handler(path: Path) -> logging.Handler:
    """A rotating file handler whose every file (the current one and each rotation) is
    owner-only (0600)."""
    import io
    from logging.handlers import RotatingFileHandler

    class PrivateRotatingFileHandler(RotatingFileHandler):
        def _open(self) -> io.TextIOWrapper:
            stream = super()._open()
            os.chmod(self.baseFilename, 0o600)
            return stream

    return PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")


class _FileOnFirstRecord(logging.Handler):
    """The log file's handler, made when the first record arrives: a command that logs
    nothing (most runs of ``units``) does not import the rotating file handler (issue 12:
    a command's start-up is measured against a bare Python start). The folder and the
    file themselves are made owner-only at once, as before."""

    def __init__(self, formatter: logging.Formatter) -> None:
        super().__init__()
        self._formatter = formatter
        self._target: logging.Handler | None = None
        try:
            folder = log_dir()
            folder.mkdir(parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
            os.close(os.open(log_file(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
            os.chmod(log_file(), 0o600)
        except OSError:
            self._target = logging.NullHandler()

    def _open(self) -> logging.Handler:
        try:
            target = _private_file_handler(log_file())
        except OSError:
            target = logging.NullHandler()
        target.setFormatter(self._formatter)
        return target

    def emit(self, record: logging.LogRecord) -> None:
        if self._target is None:
            self._target = self._open()
        self._target.handle(record)

    def flush(self) -> None:
        if self._target is not None:
            self._target.flush()

    def close(self) -> None:
        if self._target is not None:
            self._target.close()
        super().close()


def log_dir() -> Path:
    override = os.environ.get(LOG_ENV_VAR)
    if override:
        return Path(override)
    from platformdirs import user_log_path

    return user_log_path(APPLICATION_NAME, appauthor=False)


def log_file() -> Path:
    return log_dir() / "sessionlog.log"


def configure_logging() -> None:
    root = logging.getLogger("sessionlog")
    if root.handlers:
        return
    root.setLevel(logging.INFO)
    root.propagate = False
    root.addHandler(
        _FileOnFirstRecord(_NoPHIFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    )
