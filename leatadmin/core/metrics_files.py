"""Where the processes of one host keep their Prometheus counts (the client's
multiprocess mode: PROMETHEUS_MULTIPROC_DIR), for settings.py and
gunicorn.conf.py alike, which must agree on it. Plain Python: gunicorn's
master uses it before Django is set up, and before the Prometheus client is
imported (which reads the variable once, on import)."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

#: prometheus_client's file names: counter_1234.db, gauge_mostrecent_1234.db, ...
_FILE = re.compile(r"[a-z_]+_(\d+)\.db\Z")


def default_directory(base_dir: Path) -> str:
    """One per checkout on a host, shared by its web and task worker processes."""
    return os.path.join(tempfile.gettempdir(), "leatadmin-metrics-" + hashlib.sha256(str(base_dir).encode()).hexdigest()[:8])


def use(directory: str) -> None:
    """Make `directory` the processes' (this one and those it starts)."""
    os.makedirs(directory, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory


def clear(directory: str) -> None:
    """At gunicorn's start: the files of processes that ended go (their counts
    would be added to the new ones'); a running task worker's stay."""
    for entry in os.scandir(directory):
        match = _FILE.match(entry.name)
        if match and not _alive(int(match.group(1))):
            try:
                os.remove(entry.path)
            except FileNotFoundError:
                pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
