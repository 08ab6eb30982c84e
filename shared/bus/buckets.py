"""The outbox's key space, split into a fixed number of buckets that relays share.

All rows of one key fall in one bucket, so whoever holds a bucket publishes that key's rows
alone, in id order. The hash is CRC-32 (not Python's hash(), which differs per process), and
the count is fixed: buckets are stored on the rows, so changing it would misfile them."""

from __future__ import annotations

import math
import zlib

BUCKETS = 32


def bucket_of(key: str) -> int:
    return zlib.crc32(key.encode()) % BUCKETS


def fair_share(live_relays: int, buckets: int = BUCKETS) -> int:
    """How many buckets one of `live_relays` relays may hold: ceil(buckets / live)."""
    return math.ceil(buckets / max(live_relays, 1))


def bucket_lease(bucket: int) -> str:
    return f"relay-bucket:{bucket:02d}"


def bucket_from_lease(name: str) -> int:
    return int(name.rsplit(":", 1)[1])
