"""The outbox's buckets: stable across processes, every key in exactly one, shares fair."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

from shared.bus.buckets import (
    BUCKETS,
    bucket_from_lease,
    bucket_lease,
    bucket_of,
    fair_share,
)


def test_a_key_has_the_same_bucket_in_another_process() -> None:
    keys = [str(uuid.uuid4()) for _ in range(20)]
    here = [bucket_of(k) for k in keys]
    # A fresh interpreter with another hash seed: Python's hash() would differ, CRC-32 does not.
    script = "import sys; from shared.bus.buckets import bucket_of; " + (
        "print(' '.join(str(bucket_of(k)) for k in sys.argv[1:]))"
    )
    there = subprocess.run(
        [sys.executable, "-c", script, *keys],
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    ).stdout.split()
    assert [int(b) for b in there] == here


def test_buckets_are_known_values_so_rows_stored_earlier_stay_in_theirs() -> None:
    # Stored on outbox rows: a change of hash would strand rows in the wrong bucket.
    assert BUCKETS == 32
    assert [bucket_of(k) for k in ("a", "participant-1", "")] == [3, 21, 0]


def test_keys_spread_over_every_bucket() -> None:
    seen = {bucket_of(str(uuid.uuid4())) for _ in range(2000)}
    assert seen == set(range(BUCKETS))


def test_fair_share_is_the_ceiling_and_covers_every_bucket() -> None:
    assert [fair_share(n) for n in (0, 1, 2, 3, 5, 32, 40)] == [32, 32, 16, 11, 7, 1, 1]
    for live in range(1, 40):
        assert fair_share(live) * live >= BUCKETS


def test_lease_names_round_trip() -> None:
    assert bucket_lease(7) == "relay-bucket:07"
    assert [bucket_from_lease(bucket_lease(b)) for b in range(BUCKETS)] == list(range(BUCKETS))
