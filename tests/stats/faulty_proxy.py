"""A faulty network between kiosk and collector: a TCP proxy on 127.0.0.1 that drops
connections, cuts requests, swallows or truncates responses (the collector has written,
the kiosk never sees the acknowledgement) and delays traffic, at random."""
from __future__ import annotations

import random
import socket
import threading
import time
from collections import Counter


class FaultyProxy:
    def __init__(self, upstream_port: int, *, seed: int = 0, drop=0.1, cut_request=0.05,
                 cut_response=0.2, truncate_response=0.05, delay=0.15, max_delay_s=0.3):
        self.upstream = ("127.0.0.1", upstream_port)
        self.rng = random.Random(seed)
        self.rng_lock = threading.Lock()
        self.p = dict(drop=drop, cut_request=cut_request, cut_response=cut_response,
                      truncate_response=truncate_response, delay=delay)
        self.max_delay_s = max_delay_s
        self.faults: Counter = Counter()
        self.enabled = True
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.port = self._sock.getsockname()[1]
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _roll(self, fault: str) -> bool:
        with self.rng_lock:
            hit = self.enabled and self.rng.random() < self.p[fault]
        if hit:
            self.faults[fault] += 1
        return hit

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            if self._roll("drop"):
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.upstream, timeout=30)
            except OSError:
                client.close()
                continue
            for src, dst, direction in ((client, upstream, "request"), (upstream, client, "response")):
                threading.Thread(target=self._pump, args=(src, dst, direction, client, upstream),
                                 daemon=True).start()

    def _pump(self, src, dst, direction, *both) -> None:
        try:
            while True:
                chunk = src.recv(65536)
                if not chunk:
                    break
                if self._roll("delay"):
                    time.sleep(self.rng.uniform(0, self.max_delay_s))
                if direction == "request" and self._roll("cut_request"):
                    dst.sendall(chunk[: len(chunk) // 2])
                    break
                if direction == "response":
                    if self._roll("cut_response"):
                        break  # the collector answered; the kiosk never hears it
                    if self._roll("truncate_response"):
                        dst.sendall(chunk[: len(chunk) // 2])
                        break
                dst.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in both:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def close(self) -> None:
        self._stop = True
        self._sock.close()
