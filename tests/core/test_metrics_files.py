"""Where one host's processes add their counts up (gunicorn.conf.py, settings.py):
at gunicorn's start the files of ended processes go, a running worker's stay."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from leatadmin.core import metrics_files


def test_the_files_of_ended_processes_are_cleared_and_a_running_workers_kept(tmp_path):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True).stdout.strip()
    for name in (f"counter_{ended}.db", f"histogram_{ended}.db", f"counter_{os.getpid()}.db", f"gauge_mostrecent_{os.getpid()}.db", "notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    metrics_files.clear(str(tmp_path))
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([f"counter_{os.getpid()}.db", f"gauge_mostrecent_{os.getpid()}.db", "notes.txt"])


def test_web_and_task_worker_agree_on_the_default_directory(monkeypatch, tmp_path):
    """gunicorn.conf.py and settings.py both default to the checkout's folder (production, no setting)."""
    root = Path(__file__).resolve().parents[2]
    env = {"PATH": os.environ["PATH"], "LEATADMIN_ENV_FILE": str(tmp_path / "none.env")}
    code = "import runpy, os; runpy.run_path('gunicorn.conf.py'); print(os.environ['PROMETHEUS_MULTIPROC_DIR'])"
    from_gunicorn = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert from_gunicorn == metrics_files.default_directory(root) and Path(from_gunicorn).is_dir()
