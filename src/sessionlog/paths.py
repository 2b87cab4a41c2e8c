"""Where SessionLog keeps its files (platformdirs), and how they are overridden."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

from sessionlog import APPLICATION_NAME

DB_ENV_VAR = "SESSIONLOG_DB"
DB_FILE_NAME = "sessionlog.sqlite3"


def default_db_path() -> Path:
    return user_data_path(APPLICATION_NAME, appauthor=False) / DB_FILE_NAME


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--db PATH`` wins, then ``$SESSIONLOG_DB``, then the user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(DB_ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    return default_db_path()
