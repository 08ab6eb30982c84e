"""The app's own per-address limit, behind nginx's `limit_req` (deploy/nginx/chorus.conf.template):
a view wrapped in `limited_per_address` counts each POST against the client's address in the
service's database (shared/send_limits.py, so every worker and instance shares the count) and
answers 429 with Retry-After once the address has had its share.

The client's address is REMOTE_ADDR, or X-Forwarded-For's last hop when the request came from a
proxy we trust (shared/pages/proxy.py). The host's own loopback address (127.0.0.1, ::1) is not
limited: only someone on the machine itself (the operators, the test stacks) has it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from flask import request
from werkzeug.exceptions import TooManyRequests

from shared.send_limits import PER_ADDRESS
from shared.web import unit_of_work

THIS_HOST = frozenset({"127.0.0.1", "::1"})


def limited_per_address(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def limited(*args: Any, **kwargs: Any) -> Any:
        address = request.remote_addr or "unknown"
        if request.method == "POST" and address not in THIS_HOST:
            with unit_of_work() as uow:
                taken = uow.send_limits.take(PER_ADDRESS, address, datetime.now(UTC))
                uow.commit()
            if not taken.allowed:
                raise TooManyRequests(retry_after=taken.retry_after)
        return view(*args, **kwargs)

    return limited
