"""The Leat client never reads a ~/.netrc (an entry for Leat's host would
replace the API key); the environment's proxies and CA bundle still apply,
read when the client is made."""

from __future__ import annotations

from urllib.parse import urlsplit

from leatadmin.leat import LeatClient


def test_a_netrc_entry_for_leats_host_never_replaces_the_key(sandbox, tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine {urlsplit(sandbox.url).hostname} login someone password something\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    client = LeatClient(sandbox.url, sandbox.api_key, retries=0)
    assert client.shops.list()  # with the .netrc's Basic auth instead of the Bearer key: 401


def test_proxies_and_ca_bundle_come_from_the_environment_when_the_client_is_made(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/company.pem")
    client = LeatClient("https://api.example.com", "key")
    assert client.session.proxies["https"] == "http://proxy.example:3128"
    assert client.session.verify == "/etc/ssl/certs/company.pem"

    monkeypatch.setenv("NO_PROXY", "api.example.com")
    assert "https" not in LeatClient("https://api.example.com", "key").session.proxies
