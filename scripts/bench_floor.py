"""The floor: the same finished contact page, served at once by a plain server.

What the browser needs to show a contact page is not all the app's doing:
chromium sends the request, reads the bytes, parses them, attaches the
declarative shadow root, lays out and paints, on a machine it shares with the
app, the sandbox and everyone else's tests. To tell the app's time from the
browser's, the benchmark keeps the complete HTML of a contact page exactly as
the browser received it from the app (the body of one navigation, logged in),
and serves it again from this plain HTTP server, in its own process on another
loopback port, from memory and without delay. A `<base href>` to the app is
put right after `<head>`, so the page's /static/ stylesheet, scripts and icon
still come from the app (whitenoise, with its caching headers, as in
production). Playwright's request interception is not used: it adds a delay of
its own to every request it answers.

The copy has no Content-Security-Policy: the app sends its CSP as a response
header (SECURE_CSP, with `base-uri 'none'`), and this server sends none, so
the `<base>` is honoured and the app's CSS and scripts load from the other
origin. htmx requests the copy might make would go to the app's origin too,
but the contact page makes none on load: its panels are in the HTML.

    floor time = the plain-served page's "complete" (the same init script and
                 definition as the app's page: every panel in its slot and the
                 stylesheet arrived)
    floor      = the slowest Leat call the page needs + floor time

Run as a script, this module is the server: `python scripts/bench_floor.py PORT`.
Pages are put into it with PUT (path, body) and served with GET at that path.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.bench_system import PYTHON, free_port, wait_for_port  # noqa: E402


def with_base(html: bytes, app_url: str) -> bytes:
    """The page with `<base href="app_url">` right after its `<head>`."""
    head = re.search(rb"<head(\s[^>]*)?>", html, re.IGNORECASE)
    if not head or re.search(rb"<base[\s>]", html, re.IGNORECASE):
        raise SystemExit("The contact page has no <head> to put a <base> in, or has a <base> already.")
    return html[: head.end()] + f'<base href="{app_url}">'.encode() + html[head.end() :]


class FloorServer:
    """The plain server, in a process of its own (not a thread of the
    benchmark, whose interpreter is busy with Playwright's messages while a
    page loads)."""

    def __init__(self, app_url: str) -> None:
        self.app_url = app_url
        self.port = free_port()
        self.process = subprocess.Popen([PYTHON, __file__, str(self.port)], stdout=subprocess.DEVNULL, start_new_session=True)
        wait_for_port(self.port)
        self.pages: dict[str, bytes] = {}

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def put(self, path: str, html: bytes) -> None:
        page = with_base(html, self.app_url)
        requests.put(self.url(path), data=page, timeout=10).raise_for_status()
        self.pages[path] = page

    def close(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Plain(BaseHTTPRequestHandler):
    """Answers a GET with the page put at that path, in one write, at once."""

    protocol_version = "HTTP/1.1"  # keep-alive, as chromium has with gunicorn
    disable_nagle_algorithm = True
    pages: dict[str, bytes] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        page = self.pages.get(self.path.split("?", 1)[0])
        if page is None:
            self.answer(404, b"", "text/plain")
        else:
            self.answer(200, page, "text/html; charset=utf-8")

    def do_PUT(self) -> None:  # noqa: N802
        self.pages[self.path] = self.rfile.read(int(self.headers["Content-Length"]))
        self.answer(204, b"", "text/plain")

    def answer(self, status: int, body: bytes, kind: str) -> None:
        # Status line, headers and body in one write: no second small segment to wait behind the first.
        head = (
            f"HTTP/1.1 {status} {self.responses[status][0]}\r\n"
            f"Content-Type: {kind}\r\nContent-Length: {len(body)}\r\nCache-Control: no-store\r\n\r\n"  # no-store, as the app's page
        ).encode()
        self.wfile.write(head + body)

    def log_message(self, *args: object) -> None:
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Plain)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.serve_forever()
