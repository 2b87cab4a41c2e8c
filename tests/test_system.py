"""Windows and POSIX differ in owner-only files, asking whether a process lives, and where
the data folder is. Both branches run here: the Windows one with ``sys.platform`` set to
``win32`` and a stand-in for kernel32 (the real one exists only on Windows)."""

from __future__ import annotations

import ntpath
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from platformdirs.macos import MacOS
from platformdirs.unix import Unix
from platformdirs.windows import Windows

from sessionlog import paths, system
from sessionlog.export.files import remove_orphaned_parts, write_private_file

STILL_ACTIVE = 259
ERROR_ACCESS_DENIED = 5
ERROR_INVALID_PARAMETER = 87


class FakeKernel32:
    """kernel32's OpenProcess, GetExitCodeProcess and CloseHandle over a table of pids:
    an exit code per pid, or the error OpenProcess fails with."""

    def __init__(self, processes: dict[int, int], refused: dict[int, int]) -> None:
        self.processes = processes
        self.refused = refused
        self.error = 0
        self.open_handles: set[int] = set()

    def OpenProcess(self, access: int, inherit: bool, pid: int) -> int | None:
        assert access == 0x1000 and inherit is False  # query only, nothing inherited
        if pid in self.refused:
            self.error = self.refused[pid]
            return None
        handle = 1000 + pid
        self.open_handles.add(handle)
        return handle

    def GetExitCodeProcess(self, handle: int, code_out) -> int:
        code_out._obj.value = self.processes[handle - 1000]
        return 1

    def CloseHandle(self, handle: int) -> int:
        self.open_handles.remove(handle)
        return 1


@pytest.fixture
def on_windows(monkeypatch: pytest.MonkeyPatch):
    """This test runs the Windows branch: signal 0 would be Ctrl+C there, and os.fchmod
    does not exist before Python 3.13, so neither may be reached."""
    monkeypatch.setattr(sys, "platform", "win32")

    def no_kill(*_args: object) -> None:
        raise AssertionError("os.kill(pid, 0) sends Ctrl+C on Windows")

    monkeypatch.setattr(os, "kill", no_kill)
    monkeypatch.delattr(os, "fchmod", raising=False)
    kernel32 = FakeKernel32(
        processes={101: STILL_ACTIVE, 102: 0},
        refused={103: ERROR_ACCESS_DENIED, 104: ERROR_INVALID_PARAMETER},
    )
    monkeypatch.setattr(system, "_windows_api", lambda: (kernel32, lambda: kernel32.error))
    return kernel32


def test_posix_new_files_are_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "f"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.fchmod(fd, 0o644)  # whatever the umask allowed
        system.make_open_file_owner_only(fd)
    finally:
        os.close(fd)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_process_alive_for_this_process_and_not_for_a_finished_one() -> None:
    """The real system's branch (kernel32 itself when this runs on Windows)."""
    assert system.process_alive(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(timeout=30)  # reaped: its pid names no process now
    assert not system.process_alive(child.pid)


def test_windows_export_writes_without_fchmod(on_windows, tmp_path: Path) -> None:
    target = tmp_path / "packet.pdf"
    write_private_file(target, b"%PDF-1.7")
    assert target.read_bytes() == b"%PDF-1.7"
    assert list(tmp_path.glob(".*.part")) == []


def test_windows_process_alive_asks_kernel32(on_windows) -> None:
    assert system.process_alive(101)  # still active
    assert not system.process_alive(102)  # exited with 0
    assert system.process_alive(103)  # another user's: cannot be opened, but it exists
    assert not system.process_alive(104)  # no such process
    assert on_windows.open_handles == set()  # every handle opened was closed


def test_windows_orphaned_part_is_removed_and_a_live_writers_is_kept(
    on_windows, tmp_path: Path
) -> None:
    folder = paths.pending_exports_dir()
    folder.mkdir(parents=True)
    for pid in (101, 102):
        part = tmp_path / f".export-{pid}.part"
        part.write_bytes(b"half")
        (folder / f"{pid}-x.pending").write_text(str(part), encoding="utf-8")
    assert remove_orphaned_parts() == [tmp_path / ".export-102.part"]
    assert (tmp_path / ".export-101.part").exists()


def test_data_folder_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """What README and packaging/README.md promise: one SessionLog folder in the user's
    local profile, no author folder above it."""
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", r"C:\Users\rosa\AppData\Local")
    windows = paths.app_dirs(Windows)
    assert ntpath.normpath(windows.user_data_dir) == r"C:\Users\rosa\AppData\Local\SessionLog"
    assert ntpath.normpath(windows.user_state_dir) == r"C:\Users\rosa\AppData\Local\SessionLog"


def test_posix_data_folders_on_macos_and_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/Users/rosa")
    monkeypatch.delenv("XDG_DATA_HOME")  # the test profile's; platformdirs honours it
    mac = paths.app_dirs(MacOS)
    assert mac.user_data_dir == "/Users/rosa/Library/Application Support/SessionLog"
    assert paths.app_dirs(Unix).user_data_dir == "/Users/rosa/.local/share/SessionLog"


real_fsync = os.fsync
REAL_PLATFORM = sys.platform  # before any test sets sys.platform


def windows_fsync(fd: int) -> None:
    """os.fsync as on Windows: FlushFileBuffers refuses a handle not open for writing.
    On Windows itself (the build workflow runs this file there) the real one does."""
    if REAL_PLATFORM == "win32":
        real_fsync(fd)
        return
    import errno
    import fcntl

    if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
        raise OSError(errno.EBADF, "Bad file descriptor")
    real_fsync(fd)


def test_windows_backup_flushes_its_file_through_a_writable_handle(
    on_windows, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A backup's last step flushes the finished copy; on Windows that needs write access
    (a read-only descriptor failed every backup there with EBADF)."""
    import sqlite3

    from sessionlog.store.backup import write_snapshot

    monkeypatch.setattr(os, "fsync", windows_fsync)
    source = tmp_path / "source.sqlite3"
    with sqlite3.connect(source) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (42)")
    conn.close()
    target = tmp_path / "backup.sqlite3"
    write_snapshot(source, target)
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT x FROM t").fetchall() == [(42,)]
    copy.close()


def test_fsync_path_flushes_on_both_systems(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "file"
    target.write_bytes(b"data")
    monkeypatch.setattr(os, "fsync", windows_fsync)
    monkeypatch.setattr(sys, "platform", "win32")
    system.fsync_path(target)  # read-write there
    monkeypatch.setattr(sys, "platform", "linux")
    with pytest.raises(OSError):
        system.fsync_path(target)  # POSIX opens read-only, which POSIX's fsync accepts
    if REAL_PLATFORM != "win32":
        monkeypatch.setattr(os, "fsync", real_fsync)
        system.fsync_path(target)
