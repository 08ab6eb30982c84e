"""Exit 0 once a Kafka broker answers a metadata request (used by deploy scripts)."""

from __future__ import annotations

import argparse
import sys

from kafka import KafkaAdminClient
from kafka.errors import KafkaError


def broker_answers(bootstrap: str, timeout_s: float) -> bool:
    try:
        admin = KafkaAdminClient(
            bootstrap_servers=bootstrap,
            request_timeout_ms=int(timeout_s * 1000),
            bootstrap_timeout_ms=int(timeout_s * 1000),
        )
    except (KafkaError, OSError, ValueError):
        return False
    try:
        admin.describe_cluster()
        return True
    except (KafkaError, OSError):
        return False
    finally:
        admin.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("bootstrap")
    parser.add_argument("--timeout", type=float, default=2.0)
    args = parser.parse_args()
    return 0 if broker_answers(args.bootstrap, args.timeout) else 1


if __name__ == "__main__":
    sys.exit(main())
