"""gunicorn's settings for every Chorus web process: `gunicorn -c python:shared.gunicorn_config`
(deploy/local/Procfile, deploy/docker/entrypoint.sh). A module, not a file under deploy/, so the
image (which ships shared/ and services/ only) has it too.

It turns on prometheus-client's multiprocess mode, so that /metrics under several workers shows
the sum of all of them, not the counters of whichever worker answered the scrape:

- one directory per gunicorn master (a process group), `gunicorn-<host>-<master pid>` under
  CHORUS_METRICS_DIR (default: the temporary directory's `chorus-metrics`), named in
  PROMETHEUS_MULTIPROC_DIR before any worker imports prometheus_client (it reads the variable
  once, on import);
- emptied when the master starts (a restarted container has the same pid and the same /tmp,
  and stale files would be counted again), and the directories of masters of this host that
  are gone are removed;
- `child_exit` tells prometheus-client a worker died (its live gauges stop counting);
- `on_exit` removes the directory.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Any

HOST = socket.gethostname()
BASE = Path(os.environ.get("CHORUS_METRICS_DIR") or Path(tempfile.gettempdir()) / "chorus-metrics")
PREFIX = f"gunicorn-{HOST}-"
METRICS_DIR = BASE / f"{PREFIX}{os.getpid()}"  # this module is loaded by the master

# Set here, at load time: workers are forked from the master and import prometheus_client later.
os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(METRICS_DIR)
# The process group's name in chorus_instance_info (shared/metrics.py), unless the operator
# names it: every worker reports the master's host:pid.
os.environ.setdefault("CHORUS_INSTANCE", f"{HOST}:{os.getpid()}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _remove_gone_masters() -> None:
    for directory in BASE.glob(f"{PREFIX}*"):
        pid = directory.name.removeprefix(PREFIX)
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(directory, ignore_errors=True)


def on_starting(server: Any) -> None:
    global METRICS_DIR
    shutil.rmtree(METRICS_DIR, ignore_errors=True)
    try:
        METRICS_DIR.mkdir(parents=True)
        _remove_gone_masters()
    except OSError:  # e.g. another user's directory: a private one, rather than no start
        METRICS_DIR = Path(tempfile.mkdtemp(prefix=f"chorus-metrics-{os.getpid()}-"))
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(METRICS_DIR)  # workers are not forked yet
    server.log.info("Prometheus multiprocess directory: %s", METRICS_DIR)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid, str(METRICS_DIR))


def on_exit(server: Any) -> None:
    shutil.rmtree(METRICS_DIR, ignore_errors=True)
