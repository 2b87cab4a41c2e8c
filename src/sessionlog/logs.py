"""Logging without protected health information.

Log records carry event names, ids and counts, never names, notes or dates of
birth. Exception messages may quote data (SQLite errors quote values), so the
file handler writes an exception's type and where it happened, not its text.
"""

from __future__ import annotations

import io
import logging
import os
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_log_path

from sessionlog import APPLICATION_NAME

LOG_ENV_VAR = "SESSIONLOG_LOG_DIR"


class _NoPHIFormatter(logging.Formatter):
    def formatException(self, ei) -> str:
        exc_type, _exc, tb = ei
        frames = traceback.extract_tb(tb)
        where = [f"{Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames[-6:]]
        name = exc_type.__name__ if exc_type else "Exception"
        return f"{name} (message withheld: may contain client data)\n  " + "\n  ".join(where)


class _PrivateRotatingFileHandler(RotatingFileHandler):
    """Every log file (the current one and each rotation) is owner-only (0600)."""

    def _open(self) -> io.TextIOWrapper:
        stream = super()._open()
        os.chmod(self.baseFilename, 0o600)
        return stream


def log_dir() -> Path:
    override = os.environ.get(LOG_ENV_VAR)
    return Path(override) if override else user_log_path(APPLICATION_NAME, appauthor=False)


def log_file() -> Path:
    return log_dir() / "sessionlog.log"


def configure_logging() -> None:
    root = logging.getLogger("sessionlog")
    if root.handlers:
        return
    root.setLevel(logging.INFO)
    root.propagate = False
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        handler: logging.Handler = _PrivateRotatingFileHandler(
            log_file(), maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(_NoPHIFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
