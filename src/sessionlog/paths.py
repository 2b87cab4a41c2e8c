"""Where SessionLog keeps its files (platformdirs), and how they are overridden."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs
from platformdirs.api import PlatformDirsABC

from sessionlog import APPLICATION_NAME

DB_ENV_VAR = "SESSIONLOG_DB"
DB_FILE_NAME = "sessionlog.sqlite3"


def app_dirs(system: type[PlatformDirsABC] = PlatformDirs) -> PlatformDirsABC:
    """The app's folders on this system (``system``: another one's rules, for tests).
    No author folder: ``%LOCALAPPDATA%\\SessionLog``, not ``SessionLog\\SessionLog``."""
    return system(APPLICATION_NAME, appauthor=False)


def default_db_path() -> Path:
    return app_dirs().user_data_path / DB_FILE_NAME


def prepare_data_folder(db_path: Path) -> None:
    """The default data folder holds client records: create it owner-only (0700) and keep
    it so. A folder chosen with --db or $SESSIONLOG_DB is the user's and is left alone."""
    folder = default_db_path().parent
    if Path(db_path).expanduser().absolute().parent != folder.absolute():
        return
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)


def pending_exports_dir() -> Path:
    """Markers of exports being written (see ``sessionlog.export.files``)."""
    return app_dirs().user_state_path / "pending-exports"


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--db PATH`` wins, then ``$SESSIONLOG_DB``, then the user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(DB_ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    return default_db_path()
