"""One writer per database: a lock file beside it, held by whoever writes.

The running app holds ``<database>.lock`` (a QLockFile) for as long as its window is
open, and listens on a local socket named after the database, so a second ``sessionlog``
started on the same file can bring the first window to the front instead of opening a
second writer. Command-line commands that write take the same lock for their run.

QLockFile writes the holder's PID and host into the file; a lock whose process is gone
(a crash, SIGKILL) is stale and taken over. The stale *age* is switched off: the app
legitimately holds its lock for hours.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

# The message a second app sends the first over the local socket.
RAISE_REQUEST = b"raise\n"


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def server_name(db_path: Path) -> str:
    """The local-socket name of the app open on ``db_path`` (one per database file)."""
    import hashlib  # here: the first window needs no hash (issue 12)

    digest = hashlib.sha256(str(db_path.expanduser().resolve()).encode()).hexdigest()
    return f"sessionlog-{digest[:20]}"


class DatabaseLock:
    """The writer's lock on one database file."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.path = lock_path(db_path)
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)  # only a dead holder makes it stale

    def acquire(self, timeout_ms: int = 0) -> bool:
        """Take the lock (taking over a stale one); ``timeout_ms`` < 0 waits for ever."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return bool(self._lock.tryLock(timeout_ms))

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()

    def place_is_read_only(self) -> bool:
        """After a failed ``acquire``: the lock file could not be created because its folder
        cannot be written (a read-only file system, a USB stick's write switch). No process
        can write the database there either, so there is no writer to keep out."""
        if self._lock.error() == QLockFile.LockError.LockFailedError:
            return False  # held by another process
        # access() reports a read-only file system (EROFS) even to root.
        return not os.access(self.path.parent, os.W_OK)

    @property
    def held(self) -> bool:
        return bool(self._lock.isLocked())

    def holder_pid(self) -> int | None:
        """The process holding the lock, when someone else holds it."""
        info = self._lock.getLockInfo()  # PySide6: (pid, host, app), pid 0 when unknown
        pid = info[0] if isinstance(info, tuple) else 0
        return int(pid) or None

    def __enter__(self) -> DatabaseLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


class InstanceServer(QObject):
    """Listens for a second ``sessionlog`` on the same database asking to be shown.

    It listens once ``listen()`` is called: the app calls it after the window's first
    paint, as QtNetwork's import and the socket are no part of what the coach first sees
    (issue 12). A second app started before then finds the lock held and keeps asking
    (``app.FIND_RUNNING_APP_MS``) until this one answers."""

    raise_requested = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self._name: str | None = None
        self._server: QLocalServer | None = None
        self.listening = False

    @property
    def name(self) -> str:
        """The socket's name, worked out when first needed (listening, a second of the
        window's being up)."""
        if self._name is None:
            self._name = server_name(self.db_path)
        return self._name

    def listen(self) -> bool:
        """Start listening (once); whether the socket listens."""
        if self._server is not None:
            return self.listening
        from PySide6.QtNetwork import QLocalServer

        # Only the lock holder gets here, so a socket left by a crashed app is stale.
        QLocalServer.removeServer(self.name)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        self.listening = bool(self._server.listen(self.name))
        return self.listening

    def _on_connection(self) -> None:
        assert self._server is not None  # connected in listen()
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._on_request(s))
            socket.disconnected.connect(socket.deleteLater)

    def _on_request(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE_REQUEST.strip()):
            self.raise_requested.emit()
            socket.write(b"ok\n")
            socket.flush()
        socket.disconnectFromServer()

    def close(self) -> None:
        if self._server is not None:
            self._server.close()


def ask_running_app_to_raise(db_path: Path, timeout_ms: int = 3000) -> bool:
    """Ask the app open on ``db_path`` to bring its window to the front; False when no
    app answers (nobody listening, or the lock is held by a command)."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(server_name(db_path))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(RAISE_REQUEST)
    socket.flush()
    answered = socket.waitForReadyRead(timeout_ms) and bytes(socket.readAll().data()) == b"ok\n"
    socket.disconnectFromServer()
    return answered
