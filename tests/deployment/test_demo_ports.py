"""#28.12: the demo on other ports, by one setting per address.

APP_ADDR and SANDBOX_ADDR choose where `make demo` serves the app and the
sandbox; LEAT_API_URL and LEAT_WEBHOOK_URL follow from them unless set. Each
test gets its own .env (LEATADMIN_ENV_FILE), written by scripts/write_env.py
as `make demo` writes it, so the developer's own .env plays no part.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: What scripts/write_env.py wrote before the URLs followed the addresses (the file the issue's demo read).
OLD_ENV = (
    "# Written by `make demo` for a local demo against the sandbox. Never commit this file.\n"
    "DEBUG=true\n"
    f"SECRET_KEY={'s' * 60}\n"
    "LEAT_API_URL=http://127.0.0.1:8001\n"
    "LEAT_API_KEY=sandbox-old-key\n"
)
URLS = ("APP_ADDR", "SANDBOX_ADDR", "LEAT_API_URL", "LEAT_WEBHOOK_URL")


def environment(env_file: Path, **extra: str) -> dict[str, str]:
    """This process's environment without any of leatadmin's settings, the .env being `env_file`."""
    own = ("DJANGO_", "LEAT", "SECRET", "DEBUG", "CACHE_URL", "DATABASE_URL", "APP_ADDR", "SANDBOX_")
    kept = {name: value for name, value in os.environ.items() if not name.startswith(own)}
    return {**kept, "LEATADMIN_ENV_FILE": str(env_file), **extra}


def run(env: dict[str, str], *command: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def written_env(tmp_path: Path) -> Path:
    """A .env as `make demo` writes it now."""
    path = tmp_path / "demo.env"
    result = run(environment(path), sys.executable, "scripts/write_env.py")
    assert result.returncode == 0 and path.is_file(), result.stderr
    return path


def urls(env_file: Path, **extra: str) -> dict[str, str]:
    code = f"import json; from django.conf import settings; print(json.dumps({{n: getattr(settings, n) for n in {URLS!r}}}))"
    result = run(environment(env_file, DJANGO_SETTINGS_MODULE="leatadmin.settings", **extra), sys.executable, "manage.py", "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_urls_follow_the_two_addresses(tmp_path):
    env_file = written_env(tmp_path)
    assert "LEAT_API_URL" not in env_file.read_text()  # nothing pinned: it follows SANDBOX_ADDR
    assert urls(env_file, APP_ADDR="127.0.0.1:8100", SANDBOX_ADDR="127.0.0.1:8101") == {
        "APP_ADDR": "127.0.0.1:8100",
        "SANDBOX_ADDR": "127.0.0.1:8101",
        "LEAT_API_URL": "http://127.0.0.1:8101",
        "LEAT_WEBHOOK_URL": "http://127.0.0.1:8100/webhooks/leat/",
    }
    assert urls(env_file)["LEAT_API_URL"] == "http://127.0.0.1:8001" and urls(env_file)["LEAT_WEBHOOK_URL"] == "http://127.0.0.1:8000/webhooks/leat/"
    # In the .env, the addresses work the same.
    with env_file.open("a") as file:
        file.write("APP_ADDR=127.0.0.1:8200\nSANDBOX_ADDR=127.0.0.1:8201\n")
    assert urls(env_file)["LEAT_API_URL"] == "http://127.0.0.1:8201" and urls(env_file)["LEAT_WEBHOOK_URL"] == "http://127.0.0.1:8200/webhooks/leat/"


def test_urls_set_on_purpose_are_kept(tmp_path):
    env_file = written_env(tmp_path)
    chosen = urls(env_file, SANDBOX_ADDR="127.0.0.1:8101", LEAT_API_URL="https://api.piggy.eu", LEAT_WEBHOOK_URL="https://admin.example.com/webhooks/leat/")
    assert chosen["LEAT_API_URL"] == "https://api.piggy.eu" and chosen["LEAT_WEBHOOK_URL"] == "https://admin.example.com/webhooks/leat/"


def test_an_old_demo_env_is_brought_up_to_date_and_a_real_leat_is_left_alone(tmp_path):
    old = tmp_path / "old.env"
    old.write_text(OLD_ENV)
    assert urls(old, SANDBOX_ADDR="127.0.0.1:8101")["LEAT_API_URL"] == "http://127.0.0.1:8001"  # the pin the demo tripped on
    result = run(environment(old), sys.executable, "scripts/write_env.py", "--upgrade")
    assert result.returncode == 0 and "removed LEAT_API_URL" in result.stdout
    assert old.read_text() == OLD_ENV.replace("LEAT_API_URL=http://127.0.0.1:8001\n", "")
    assert urls(old, SANDBOX_ADDR="127.0.0.1:8101")["LEAT_API_URL"] == "http://127.0.0.1:8101"
    real = tmp_path / "real.env"
    real.write_text(OLD_ENV.replace("http://127.0.0.1:8001", "https://api.piggy.eu"))
    before = real.read_text()
    assert run(environment(real), sys.executable, "scripts/write_env.py", "--upgrade").returncode == 0 and real.read_text() == before
    # The demo refuses to write its bookings and webhooks to a real Leat, in one sentence, not a traceback.
    refused = run(environment(real), sys.executable, "scripts/demo_addresses.py")
    assert refused.returncode == 1 and "LEAT_API_URL is set to https://api.piggy.eu" in refused.stderr and "Traceback" not in refused.stderr


@pytest.mark.parametrize(("settings", "says"), [({"APP_ADDR": "8100"}, "give it as HOST:PORT"), ({"APP_ADDR": "127.0.0.1:8101", "SANDBOX_ADDR": "127.0.0.1:8101"}, "different ports")])
def test_addresses_that_cannot_work_are_refused_in_words(tmp_path, settings, says):
    refused = run(environment(written_env(tmp_path), **settings), sys.executable, "scripts/demo_addresses.py")
    assert refused.returncode == 1 and says in refused.stderr and "Traceback" not in refused.stderr


@pytest.mark.django_db
def test_demo_bookings_without_a_sandbox_say_where_they_looked(settings, make_staff):
    from django.core.management import CommandError, call_command

    from leatadmin.core.leat import _client

    with pytest.raises(CommandError, match="create_demo_staff"):
        call_command("seed_demo_bookings")
    make_staff("Shop manager", username="manager")
    settings.LEAT_API_URL, settings.LEAT_RETRIES = "http://127.0.0.1:9", 0  # nothing listens there
    _client.cache_clear()
    with pytest.raises(CommandError, match=r"Leat at http://127\.0\.0\.1:9 did not take the demo bookings: .* Is the sandbox running there \(SANDBOX_ADDR\)\?"):
        call_command("seed_demo_bookings")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.smoke
def test_make_demo_on_other_ports(tmp_path):
    """scripts/demo.sh (what `make demo` runs after writing .env) with APP_ADDR and
    SANDBOX_ADDR alone: it seeds through the sandbox on its port, registers the
    webhooks at the app's, and serves the app there. Its own data files."""
    app, sandbox = f"127.0.0.1:{free_port()}", f"127.0.0.1:{free_port()}"
    env = environment(
        written_env(tmp_path), APP_ADDR=app, SANDBOX_ADDR=sandbox,
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}", SANDBOX_DB=str(tmp_path / "sandbox.sqlite3"), PYTHONUNBUFFERED="1",
    )
    log = tmp_path / "demo.log"
    with log.open("w") as out:
        demo = subprocess.Popen(["scripts/demo.sh"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while f"leatadmin is at http://{app}/" not in log.read_text():
            assert demo.poll() is None, log.read_text()[-4000:]
            assert time.monotonic() < deadline, log.read_text()[-4000:]
            time.sleep(0.5)
        text = log.read_text()
        assert "Made 8 demo bookings through leatadmin." in text, text[-4000:]
        assert f"subscribed http://{app}/webhooks/leat/" in text and f"sandbox Leat API at http://{sandbox}" in text
        for _ in range(100):  # runserver starts after the line
            try:
                with urllib.request.urlopen(f"http://{app}/login/", timeout=2) as page:
                    assert page.status == 200
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError(log.read_text()[-4000:])
    finally:
        os.killpg(demo.pid, signal.SIGTERM)  # demo.sh, its sandbox, worker and server: the group it started
        try:
            demo.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(demo.pid, signal.SIGKILL)
            demo.wait()
