"""One window per caseload file: the first window listens, a second start brings it forward.

The first window of a file holds its WindowLock (storage/database.py) and listens on a local socket
named after the file; a second start on the same file finds the lock taken, tells the user, and,
if asked to, sends that window a message to come to the front, then ends.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

RAISE = b"nach-vorn"


def server_name(path: Path) -> str:
    """A name for the file's socket: the same for every start of this user on this file."""
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name known
        user = ""
    digest = hashlib.sha256(f"{user}\0{Path(path).resolve()}".encode()).hexdigest()[:24]
    return f"terminassistent-{digest}"


class WindowBeacon(QObject):
    """Listens for a second start on the same file and brings ``window`` to the front."""

    def __init__(self, path: Path, window: QWidget):
        super().__init__(window)
        self._window = window
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # this user only
        name = server_name(path)
        QLocalServer.removeServer(name)  # a socket file left by a crashed window
        self._server.listen(name)
        self._server.newConnection.connect(self._answer)

    def close(self) -> None:
        """Stop listening (removes the socket file)."""
        self._server.close()

    def _answer(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if RAISE in bytes(socket.readAll().data()):
            window = self._window
            window.showNormal() if window.isMinimized() else window.show()
            window.raise_()
            window.activateWindow()


def bring_forward(path: Path, timeout_ms: int = 1000) -> bool:
    """Ask the window that has ``path`` open to come to the front; False if it does not answer."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(path))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(RAISE)
    done = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return done
