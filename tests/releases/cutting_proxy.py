"""A link between kiosk and collector that drops a download partway: a TCP proxy on
127.0.0.1 that closes the connection after ``cut_after`` bytes of the answer to each
of the first ``cuts`` requests whose path contains ``match`` (the collector was sending
a release file when the link went down), can slow those answers down (``delay_s``
between chunks: a weak 4G link), and records each such request's Range header."""
from __future__ import annotations

import socket
import threading
import time


class CuttingProxy:
    def __init__(self, upstream_port: int, *, match: str = "/file", cut_after: int | None = None, cuts: int = 0,
                 delay_s: float = 0.0, chunk: int = 16384):
        self.upstream = ("127.0.0.1", upstream_port)
        self.match, self.cut_after, self.cuts_left = match, cut_after, cuts
        self.delay_s, self.chunk = delay_s, chunk
        self.ranges: list[str | None] = []   # the Range header of each matching request, in order
        self.cut = 0                          # connections cut
        self.sent = 0                         # bytes of the matching answers passed on (headers included)
        self._online = True
        self.offline_on_cut = False           # True: a cut takes the whole link down (online = False)
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.port = self._sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def online(self) -> bool:
        return self._online

    @online.setter
    def online(self, value: bool) -> None:
        """False: the link is down, open connections dropped, new ones refused."""
        self._online = value
        if not value:
            with self._lock:
                dropped, self._open = list(self._open), set()
            for sock in dropped:
                _close(sock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._sock.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            if not self._online:
                client.close()
                continue
            with self._lock:
                self._open.add(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(self.upstream, timeout=30)
        except OSError:
            client.close()
            return
        head = b""
        while b"\r\n\r\n" not in head:
            data = client.recv(65536)
            if not data:
                client.close()
                upstream.close()
                return
            head += data
        lines = head.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        matching = self.match in lines[0]
        cut_after = None
        if matching:
            found = [ln.split(":", 1)[1].strip() for ln in lines[1:] if ln.lower().startswith("range:")]
            with self._lock:
                self.ranges.append(found[0] if found else None)
                if self.cuts_left > 0:
                    self.cuts_left -= 1
                    cut_after = self.cut_after
        upstream.sendall(head)
        threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
        self._answer(upstream, client, cut_after, slow=matching)

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            _close(dst)

    def _answer(self, upstream: socket.socket, client: socket.socket, cut_after: int | None, slow: bool) -> None:
        sent = 0
        try:
            while data := upstream.recv(self.chunk):
                if cut_after is not None and sent + len(data) >= cut_after:
                    client.sendall(data[:cut_after - sent])
                    with self._lock:
                        self.cut += 1
                        self.sent += cut_after - sent
                    if self.offline_on_cut:
                        self.online = False
                    break
                client.sendall(data)
                sent += len(data)
                if slow:
                    with self._lock:
                        self.sent += len(data)
                if slow and self.delay_s:
                    time.sleep(self.delay_s)
        except OSError:
            pass
        finally:
            _close(client)
            _close(upstream)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
