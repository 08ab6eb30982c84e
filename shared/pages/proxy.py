"""X-Forwarded-* believed only from our own proxy. ProxyFix alone would take a client's own
X-Forwarded-For as its address whenever it reached a service directly, and so step round the
per-address limits; here only a request whose TCP peer is in TRUSTED_PROXIES (CIDRs, comma
separated; by default loopback and the private ranges a container network uses) is fixed."""

from __future__ import annotations

import ipaddress
import os
from typing import Any

from werkzeug.middleware.proxy_fix import ProxyFix

DEFAULT_TRUSTED = "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"


def trusted_networks(text: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(part.strip()) for part in text.split(",") if part.strip()]


class FromTrustedProxy:
    """WSGI middleware: one hop of X-Forwarded-For/-Proto/-Host, from a trusted peer only."""

    def __init__(self, app: Any, trusted: str | None = None) -> None:
        self.app = app
        self.fixed = ProxyFix(app, x_for=1, x_proto=1, x_host=1)
        self.trusted = trusted_networks(
            trusted or os.environ.get("TRUSTED_PROXIES", DEFAULT_TRUSTED)
        )

    def _trusted(self, peer: str) -> bool:
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return False
        return any(address in network for network in self.trusted)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if self._trusted(environ.get("REMOTE_ADDR", "")):
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)
