"""The image's HEALTHCHECK: a web container's /health/live; a relay or consumer is its process.

A web container has PORT set; relay and consumer containers do not (they serve nothing unless
METRICS_PORT is set, in which case that answers too). Docker only runs this while PID 1 lives,
so for those the check is that PID 1 is the Python process, not a shell left behind.
"""

import os
import sys
import urllib.request

port = os.environ.get("PORT") or os.environ.get("METRICS_PORT")
if not port or port == "0":
    with open("/proc/1/cmdline", "rb") as cmdline:
        sys.exit(0 if b"python" in cmdline.read() else 1)
path = "/health/live" if os.environ.get("PORT") else "/metrics"
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except OSError:
    sys.exit(1)
