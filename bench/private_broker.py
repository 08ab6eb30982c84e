"""A Kafka broker of a bench's own, started and removed by the bench.

Thousands of bench events left on the shared broker would be replayed by the next `make run`
(its consumer groups start at the beginning) and texted again, so benches that send through
Chorus use this one unless told otherwise (--bootstrap).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

from tests.support import ROOT

PORT, NAME = 19094, "kafka-bench"


def _broker(action: str) -> None:
    env = {**os.environ, "KAFKA_PORT": str(PORT), "KAFKA_NAME": NAME}
    subprocess.run([str(ROOT / "deploy/local/kafka.sh"), action], env=env, check=True, timeout=180)


@contextmanager
def private_broker() -> Iterator[str]:
    """The broker's bootstrap address, while it runs; its data is removed afterwards."""
    _broker("start")
    try:
        yield f"127.0.0.1:{PORT}"
    finally:
        _broker("stop")
        shutil.rmtree(ROOT / "var" / NAME, ignore_errors=True)
