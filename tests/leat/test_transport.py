"""What the client sends and takes from an answer, on a real loopback server:
no cookie kept between calls (the client is shared by every staff member),
and a redirect never followed (a write goes to one address, once)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from leatadmin.leat import LeatClient, errors


class _Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.server.seen.append((self.command, self.path, self.headers.get("Cookie")))  # type: ignore[attr-defined]
        if self.path.endswith("/moved") or self.path.startswith("/moved/"):
            self.send_response(302)
            self.send_header("Location", "/api/v3/oauth/clients/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = json.dumps({"data": [{"uuid": "s1", "name": "Shop"}]}).encode()
        self.send_response(200)
        self.send_header("Set-Cookie", "leat_session=abc; Path=/")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = answer


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    httpd.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def client_for(server) -> LeatClient:
    return LeatClient(f"http://127.0.0.1:{server.server_address[1]}", "transport-key", retries=0)


def test_a_cookie_leat_sets_is_never_sent_back(server):
    client = client_for(server)
    client.data("GET", "shops")
    client.data("GET", "shops")
    assert [cookie for _, _, cookie in server.seen] == [None, None]


def test_a_redirected_read_is_a_bad_answer_and_not_followed(server):
    with pytest.raises(errors.BadResponse) as caught:
        client_for(server).data("GET", "moved")
    assert not caught.value.outcome_unknown
    assert [path for _, path, _ in server.seen] == ["/api/v3/oauth/clients/moved"]


def test_a_redirected_write_is_sent_once_and_its_outcome_unknown(server):
    with pytest.raises(errors.BadResponse) as caught:
        client_for(server).data("POST", "moved", json={"email": "someone@example.com"})
    assert caught.value.outcome_unknown  # Leat answered with something other than a result: it may have acted
    assert [(method, path) for method, path, _ in server.seen] == [("POST", "/api/v3/oauth/clients/moved")]


def test_health_says_a_redirect_is_not_leat_and_does_not_follow_it(server):
    port = server.server_address[1]
    assert LeatClient(f"http://127.0.0.1:{port}/moved", "transport-key").health() == "answered 302 (a redirect: check LEAT_API_URL)"
    assert [path for _, path, _ in server.seen] == ["/moved/api/v3/oauth/clients/"]
    assert client_for(server).health() == "ok"
