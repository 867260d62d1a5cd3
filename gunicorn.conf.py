"""gunicorn's settings that are code (the Procfile's `web` passes `-c gunicorn.conf.py`;
its flags say the rest: bind, workers, threads, the access log's format).

* Metrics across workers: every worker (and the task worker, on the same host)
  writes its counts to PROMETHEUS_MULTIPROC_DIR, and /metrics adds them up
  (the Prometheus client's multiprocess mode, leatadmin/core/metrics.py). The
  directory is set here, before anything imports the Prometheus client, with
  the same default as settings.py; at start the files of processes that ended
  are removed, and a worker that ends is marked dead.
* LOG_FORMAT=json: gunicorn's own lines and its access log come out as JSON
  objects too, through the app's formatter (leatadmin/core/logs.py), to the
  same destinations (--access-logfile).

The settings are read as settings.py reads them: the environment, then `.env`.
"""

import os
from pathlib import Path

import environ
from gunicorn.glogging import Logger

from leatadmin.core import metrics_files
from leatadmin.core.logs import JsonFormatter

BASE_DIR = Path(__file__).resolve().parent
env = environ.Env()
_env_file = Path(os.environ.get("LEATADMIN_ENV_FILE") or BASE_DIR / ".env")
if _env_file.is_file():
    env.read_env(_env_file)

_metrics_dir = env.str("PROMETHEUS_MULTIPROC_DIR", default="" if env.bool("DEBUG", default=False) else metrics_files.default_directory(BASE_DIR))
if _metrics_dir:
    metrics_files.use(_metrics_dir)


def on_starting(server):
    if _metrics_dir:
        metrics_files.clear(_metrics_dir)


def child_exit(server, worker):
    if _metrics_dir:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


class JsonLogger(Logger):
    """gunicorn's logger with the app's JSON lines, wherever gunicorn writes them (set up again on a reload)."""

    def setup(self, cfg):
        super().setup(cfg)
        formatter = JsonFormatter(secrets=[env.str("LEAT_API_KEY", default="")])
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter)


if env.str("LOG_FORMAT", default="plain") == "json":
    logger_class = JsonLogger
