"""What differs between Windows and POSIX (Linux, macOS) below the UI: owner-only files and
asking whether a process is still alive.

Each function branches on ``sys.platform`` when it is called, so a test on Linux can run
the Windows branch by setting ``sys.platform`` (the Windows API itself is reached through
:func:`_windows_api`, which a test replaces).

Owner-only files on Windows: the POSIX mode bits mean nothing there (``chmod`` only sets or
clears the read-only flag, and ``os.fchmod`` does not exist before Python 3.13). What keeps
another user out is the folder's access list: the database, its backups, logs and settings
live under the user's profile (``%LOCALAPPDATA%\\SessionLog``), whose ACL grants only that
user, SYSTEM and the administrators, and a new file inherits it. A file exported to a
folder other users can read is readable by them on every system; that is the user's choice.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

OWNER_ONLY_FILE = 0o600

# Windows API constants (processthreadsapi.h, winerror.h, minwinbase.h).
_PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
_ERROR_ACCESS_DENIED = 5
_STILL_ACTIVE = 259


def on_windows() -> bool:
    return sys.platform == "win32"


def make_open_file_owner_only(fd: int) -> None:
    """Mode 0600 on a file just created (POSIX); on Windows the profile folder's ACL
    already keeps it private (see the module's docstring)."""
    if on_windows():
        return
    os.fchmod(fd, OWNER_ONLY_FILE)


def fsync_path(path: str | os.PathLike[str]) -> None:
    """Flush a finished file's bytes to the disk before it is renamed into place. On
    Windows ``os.fsync`` is FlushFileBuffers, which needs a handle open for writing: on a
    read-only descriptor it fails with EBADF (a backup written there failed at its last
    step), so the file is opened read-write there."""
    flags = os.O_RDWR | getattr(os, "O_BINARY", 0) if on_windows() else os.O_RDONLY
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` is running. When that cannot be told (another user's
    process), it counts as alive: callers use this to keep what a live process owns."""
    if on_windows():
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0: only asks; on Windows it would send Ctrl+C instead
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _windows_process_alive(pid: int) -> bool:
    kernel32, last_error = _windows_api()
    handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        # No such process, or one this user may not open (another user's): only the
        # second is alive.
        return bool(last_error() == _ERROR_ACCESS_DENIED)
    try:
        exit_code = _DWord()
        if not kernel32.GetExitCodeProcess(handle, exit_code.pointer()):
            return True
        return exit_code.value == _STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


class _DWord:
    """An out-parameter of the Windows API (a DWORD)."""

    def __init__(self) -> None:
        import ctypes

        self._value = ctypes.c_ulong(0)

    def pointer(self) -> Any:
        import ctypes

        return ctypes.byref(self._value)

    @property
    def value(self) -> int:
        return int(self._value.value)


def _windows_api() -> tuple[Any, Callable[[], int]]:
    """kernel32 and the last-error reader; only Windows has them."""
    if sys.platform != "win32":
        raise OSError("the Windows API exists only on Windows")
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.restype = ctypes.c_void_p
    kernel32.OpenProcess.argtypes = (ctypes.c_ulong, ctypes.c_int, ctypes.c_ulong)
    kernel32.GetExitCodeProcess.argtypes = (ctypes.c_void_p, ctypes.POINTER(ctypes.c_ulong))
    kernel32.CloseHandle.argtypes = (ctypes.c_void_p,)
    return kernel32, ctypes.get_last_error
