"""A loopback webhook receiver for the tests: an HTTP server in a thread that checks each
request's signature with the subscription's secret, the way docs/api.md tells a receiver to,
records what it got, and answers with scripted status codes (the last one repeats)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    verified: bool

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    url: str
    codes: list[int]
    secret: str = ""
    redirect_to: str = ""
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def verify(self, headers: dict[str, str], body: bytes) -> bool:
        """The receiver's check, as documented: HMAC-SHA256 over "<timestamp>.<raw body>"."""
        timestamp = headers.get("X-Spotme-Timestamp", "")
        given = headers.get("X-Spotme-Signature", "")
        if not self.secret or not timestamp.isdigit():
            return False
        if abs(time.time() - int(timestamp)) > 300:
            return False
        expected = hmac.new(
            self.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
        ).hexdigest()
        return hmac.compare_digest("v1=" + expected, given)

    def next_code(self) -> int:
        with self.lock:
            index = min(len(self.received), len(self.codes)) - 1
            return self.codes[max(index, 0)]

    def wait_for(self, count: int, *, seconds: float = 30.0) -> list[Received]:
        deadline = time.monotonic() + seconds
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.received)


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {key.title(): value for key, value in self.headers.items()}
            with receiver.lock:
                receiver.received.append(
                    Received(self.path, headers, body, receiver.verify(headers, body))
                )
            code = receiver.next_code()
            self.send_response(code)
            if 300 <= code < 400:
                self.send_header("Location", receiver.redirect_to or "/elsewhere")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@contextmanager
def webhook_receiver(codes: list[int] | None = None, secret: str = "") -> Iterator[Receiver]:
    """A running receiver on 127.0.0.1 (a free port); ``receiver.url`` is its /hook address."""
    receiver = Receiver(url="", codes=codes or [200], secret=secret)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


def until(check: Callable[[], bool], *, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()
