"""The app's own per-address limit, behind nginx's `limit_req` (deploy/nginx/chorus.conf.template):
a view wrapped in `limited_per_address` counts each POST against the client's address in the
service's database (shared/send_limits.py, so every worker and instance shares the count) and
answers 429 with Retry-After once the address has had its share.

The client's address is REMOTE_ADDR, or X-Forwarded-For's last hop when the request came from a
proxy we trust (shared/pages/proxy.py). The host's own loopback address (127.0.0.1, ::1) is not
limited: only someone on the machine itself (the operators, the test stacks) has it.

ADDRESS_LIMIT_PER_10_MINUTES changes the share (default PER_ADDRESS.most): a test stack whose
client reaches nginx through NAT, as `make compose-test`'s does, has one address for everyone."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from flask import request
from werkzeug.exceptions import TooManyRequests

from shared.send_limits import PER_ADDRESS, Limit
from shared.web import unit_of_work

THIS_HOST = frozenset({"127.0.0.1", "::1"})


def address_limit() -> Limit:
    """PER_ADDRESS, or the share ADDRESS_LIMIT_PER_10_MINUTES sets (read per request)."""
    most = os.environ.get("ADDRESS_LIMIT_PER_10_MINUTES", "").strip()
    return replace(PER_ADDRESS, most=int(most)) if most else PER_ADDRESS


def limited_per_address(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def limited(*args: Any, **kwargs: Any) -> Any:
        address = request.remote_addr or "unknown"
        if request.method == "POST" and address not in THIS_HOST:
            with unit_of_work() as uow:
                taken = uow.send_limits.take(address_limit(), address, datetime.now(UTC))
                uow.commit()
            if not taken.allowed:
                raise TooManyRequests(retry_after=taken.retry_after)
        return view(*args, **kwargs)

    return limited
