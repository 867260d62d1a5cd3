"""The sandbox's management commands, as `make demo` runs them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
from django.core.management import call_command

from leatadmin.sandbox import contacts
from leatadmin.sandbox.db import Store

ROOT = Path(__file__).resolve().parents[2]


def test_seed_sandbox_and_if_empty(tmp_path, capsys):
    db = tmp_path / "seed.sqlite3"
    call_command("seed_sandbox", "--db", str(db), "--contacts", "30")
    assert "30 contacts" in capsys.readouterr().out
    contacts.create(Store(db), {"email": "kept.here@example.com"})
    call_command("seed_sandbox", "--db", str(db), "--if-empty")
    assert "already has data; keeping it" in capsys.readouterr().out
    assert contacts.by_email(Store(db), "kept.here@example.com") is not None


def test_runsandbox_serves_with_the_key_and_faults(tmp_path):
    db = tmp_path / "run.sqlite3"
    call_command("seed_sandbox", "--db", str(db), "--contacts", "20")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "leatadmin.settings", "DEBUG": "true", "LEAT_API_KEY": "cmd-key"}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runsandbox", f"127.0.0.1:{port}", "--db", str(db), "--latency-ms", "1", "--maintenance"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/api/v3/oauth/clients/shops"
        for _ in range(100):
            try:
                answer = requests.get(url, headers={"Authorization": "Bearer cmd-key"}, timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert answer.status_code == 503  # --maintenance
        assert requests.get(url, timeout=2).status_code == 401
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    assert f"Sandbox Leat API on http://127.0.0.1:{port}" in output and "maintenance=True" in output
