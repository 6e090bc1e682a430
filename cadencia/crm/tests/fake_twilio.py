"""A local fake of Twilio's Messages API (the parts the adapter uses), served on a free port."""

from __future__ import annotations

import base64
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

ACCOUNT, TOKEN = "AC0123", "secret-token"
INVALID_TO = "+15005550001"  # Twilio's magic "invalid number"


class FakeTwilio(BaseHTTPRequestHandler):
    sent: list[dict[str, str]] = []

    def log_message(self, *args: Any) -> None:
        pass

    def _authorised(self) -> bool:
        expected = base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()
        return self.headers.get("Authorization", "") == f"Basic {expected}"

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        if not self._authorised():
            return self._answer(401, {"message": "Authenticate"})
        if self.path != f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json":
            return self._answer(404, {"message": "Not found"})
        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        if form.get("To") == INVALID_TO:
            return self._answer(400, {"message": "The 'To' number is not a valid phone number."})
        sid = f"SM{len(self.sent):032d}"
        self.sent.append({**form, "sid": sid})
        return self._answer(201, {"sid": sid, "status": "queued", "to": form.get("To")})

    def do_GET(self) -> None:
        if not self._authorised():
            return self._answer(401, {"message": "Authenticate"})
        found = re.fullmatch(rf"/2010-04-01/Accounts/{ACCOUNT}/Messages/(SM\d+)\.json", self.path)
        if not found or all(m["sid"] != found.group(1) for m in self.sent):
            return self._answer(404, {"message": "Not found"})
        return self._answer(200, {"sid": found.group(1), "status": "delivered"})


@contextmanager
def fake_twilio() -> Iterator[str]:
    FakeTwilio.sent = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeTwilio)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
