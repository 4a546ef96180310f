"""Shared by the ``graphkit serve`` tests: HTTP requests on loopback and a listener that records connections."""

from __future__ import annotations

import http.client
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def running(out, limits=None) -> Iterator:
    """``graphkit serve`` on ``out`` in a thread (its workers are processes), stopped on exit."""
    from graphkit.serve import serve_in_thread

    srv, thread = serve_in_thread(out, limits=limits)
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(5)


def request(srv, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
            timeout: float = 60):
    host, port = srv.server_address
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def get_query(srv, query: str, headers: dict[str, str] | None = None, **extra: str):
    return request(srv, "GET", "/sparql?" + urllib.parse.urlencode({"query": query, **extra}), headers=headers)


def all_ways(srv, query: str, headers: dict[str, str] | None = None):
    """The query sent by GET, by POST as application/sparql-query and by POST as a form."""
    extra = headers or {}
    return [
        get_query(srv, query, headers=extra),
        request(srv, "POST", "/sparql", query.encode(), {"Content-Type": "application/sparql-query", **extra}),
        request(srv, "POST", "/sparql", urllib.parse.urlencode({"query": query}).encode(),
                {"Content-Type": "application/x-www-form-urlencoded", **extra}),
    ]


class Listener:
    """A real TCP listener on 127.0.0.1 that records the first bytes of every connection it gets."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                self.received.append(conn.recv(200) or b"(connected)")
            except OSError:
                self.received.append(b"(connected)")
            conn.close()

    def __enter__(self) -> "Listener":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()
