"""How the client reads an answer's body (msgspec, or as requests reads it where
msgspec refuses), against a loopback server that answers exactly these bytes."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypedDict

import pytest

from leatadmin.leat import LeatClient, errors
from leatadmin.leat.models import Listed


class Answering:
    """A server answering every GET with `status`, `content_type` and `body`."""

    def __init__(self) -> None:
        self.status, self.content_type, self.body = 200, "application/json", b"{}"
        answering = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                self.send_response(answering.status)
                self.send_header("Content-Type", answering.content_type)
                self.send_header("Content-Length", str(len(answering.body)))
                self.end_headers()
                self.wfile.write(answering.body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, body: bytes, *, status: int = 200, content_type: str = "application/json") -> None:
        self.status, self.content_type, self.body = status, content_type, body


@pytest.fixture
def server():
    answering = Answering()
    thread = threading.Thread(target=answering.server.serve_forever, daemon=True)
    thread.start()
    yield answering
    answering.server.shutdown()
    answering.server.server_close()


@pytest.fixture
def client(server) -> LeatClient:
    return LeatClient(server.url, "key", retries=0, timeout=3)


class Item(TypedDict, total=False):
    uuid: Any
    values: dict[str, Any] | list | None


SHAPE = Listed[Item]


@pytest.mark.parametrize("shape", [Any, SHAPE], ids=["as it comes", "in a shape"])
@pytest.mark.parametrize("body", [b"<html><body>Bad gateway</body></html>", b"", b'{"data": [', b"\xef\xbb\xbf{}", b"[1, 2]", b"null"])
def test_a_2xx_answer_that_is_no_json_object_is_a_bad_response(server, client, body, shape):
    server.answer(body, content_type="text/html" if body.startswith(b"<") else "application/json")
    with pytest.raises(errors.BadResponse) as caught:
        client.request("GET", "contacts", shape=shape)
    assert (caught.value.status, caught.value.message) == (200, errors.BadResponse.default_message)


def test_a_proxys_html_error_page_is_the_error_its_status_says(server, client):
    server.answer(b"<html>400 Bad Request</html>", status=400, content_type="text/html")
    with pytest.raises(errors.LeatError) as caught:
        client.request("GET", "contacts", shape=SHAPE)
    assert caught.value.status == 400 and caught.value.body is None and not isinstance(caught.value, errors.BadResponse)


def test_an_error_envelope_is_read_whatever_shape_was_asked_for(server, client):
    server.answer(b'{"message": "Contact not found.", "code": 55031}', status=404)
    with pytest.raises(errors.ContactNotFound):
        client.request("GET", "contacts", shape=SHAPE)


def test_a_shape_keeps_only_the_members_it_names(server, client):
    server.answer(b'{"data": [{"uuid": "u-1", "attributes": [{"name": "x"}], "values": {"a": 1}}, {"uuid": "u-2", "values": []}], '
                  b'"meta": {"total": 2}, "links": {"next": null}}')
    assert client.request("GET", "contacts", shape=SHAPE) == {"data": [{"uuid": "u-1", "values": {"a": 1}}, {"uuid": "u-2", "values": []}], "meta": {"total": 2}}
    assert client.request("GET", "contacts")["links"] == {"next": None}  # without one, everything


@pytest.mark.parametrize("body", [b'{"data": {"uuid": "u-1"}}', b'{"data": ["not an item"]}', b'{"data": [{"uuid": "u-1", "values": 5}]}'])
def test_json_not_of_the_shape_asked_for_is_a_bad_response(server, client, body):
    server.answer(body)
    with pytest.raises(errors.BadResponse) as caught:
        client.request("GET", "contacts", shape=SHAPE)
    assert caught.value.status == 200
    assert isinstance(client.request("GET", "contacts"), dict)  # it is JSON: read as it comes


def test_json_msgspec_refuses_is_read_as_requests_reads_it(server, client):
    """NaN (Python's json reads it) and a string that is not UTF-8 (requests
    reads it with a replacement character) were readable before msgspec."""
    server.answer(b'{"data": [{"uuid": "u-\xff", "values": {"balance": NaN}}], "meta": {}}')
    body = client.request("GET", "contacts")
    assert body["data"][0]["uuid"] == "u-\ufffd" and body["data"][0]["values"]["balance"] != body["data"][0]["values"]["balance"]  # NaN
    shaped = client.request("GET", "contacts", shape=SHAPE)
    assert shaped["data"][0]["uuid"] == "u-\ufffd" and set(shaped) == {"data", "meta"}
