"""Refuse to start outside development without the settings a process signs or verifies with.

Each process names what it needs (NEEDS, and docs/operations.md "Safe by default:
configuration"); a missing value, or one of the placeholders this repository ships, stops it
with a message that names each setting (never its value).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from urllib.parse import urlsplit

from shared.config import DEVELOPMENT, DEVELOPMENT_SECRET_KEY, PRODUCTION, Settings, load_settings

# What each process signs or verifies with; a process not named here needs none of them.
NEEDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("recruitment", "web"): ("SECRET_KEY", "PUBLIC_BASE_URL"),  # sessions, links; poster QR codes
    ("scheduling", "web"): ("SECRET_KEY",),  # staff and participant sessions
    ("payments", "web"): ("SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "PUBLIC_BASE_URL"),
    ("notifications", "web"): ("SECRET_KEY", "TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL"),
    # It signs the links it sends, and sends texts with Twilio's token.
    ("notifications", "consumer"): ("SECRET_KEY", "TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL"),
}
CHECKED = ("SECRET_KEY", "TWILIO_AUTH_TOKEN", "STRIPE_WEBHOOK_SECRET", "PUBLIC_BASE_URL")

# The values deploy/local/dev.env, deploy/compose/chorus.env and .env.example hold.
PLACEHOLDERS = {
    "SECRET_KEY": {DEVELOPMENT_SECRET_KEY, "compose-test-only-secret-key"},
    "TWILIO_AUTH_TOKEN": {"development-only"},
    "STRIPE_WEBHOOK_SECRET": {"whsec_development_only"},
    "PUBLIC_BASE_URL": {"https://chorus.example.nhs.uk"},  # and any loopback address
}
# Words no real secret holds (after `_` becomes `-`): REQUIRED, development_only, ...
PLACEHOLDER_WORDS = ("required", "placeholder", "changeme", "change-me", "development-only")
PLACEHOLDER_WORDS += ("not-secret", "test-only")


class UnsafeSettings(RuntimeError):
    """The process must not start with these settings."""


def _is_placeholder(name: str, value: str) -> bool:
    plain = value.strip().lower().replace("_", "-")
    if value in PLACEHOLDERS[name] or any(word in plain for word in PLACEHOLDER_WORDS):
        return True
    return name == "PUBLIC_BASE_URL" and not _is_public_host(urlsplit(value).hostname or "")


def _is_public_host(host: str) -> bool:
    """Not an example domain (RFC 2606) nor this machine: Twilio and people must reach it."""
    if "example" in host.split(".") or host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name, not an IP address
        return True


def problems(settings: Settings, needs: tuple[str, ...]) -> list[str]:
    """What stops a process that needs these settings; nothing in development."""
    if settings.env not in (DEVELOPMENT, PRODUCTION):
        return [f"CHORUS_ENV is {settings.env!r}: it must be {PRODUCTION} or {DEVELOPMENT}"]
    if settings.is_development:
        return []
    found = []
    for name in needs:
        if not hasattr(settings, name.lower()):  # a service's own option, in its own settings
            found.append(f"{name} is not in {type(settings).__name__}: load the service's own")
            continue
        value = str(getattr(settings, name.lower()))
        if not value.strip():
            found.append(f"{name} is missing")
        elif _is_placeholder(name, value):
            found.append(f"{name} is a placeholder, not a real value")
        elif name == "PUBLIC_BASE_URL" and not _is_address(value):
            found.append(f"{name} must be the public address, like https://chorus.nhs.uk")
    return found


def _is_address(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("https", "http") and bool(parts.hostname) and not parts.query


def require(settings: Settings, process: str) -> Settings:
    """The settings, if this process of the service may start with them; else UnsafeSettings."""
    found = problems(settings, NEEDS.get((settings.service, process), ()))
    if found:
        raise UnsafeSettings(
            f"Chorus {settings.service} {process} will not start (CHORUS_ENV={settings.env}): "
            + "; ".join(found)
            + ". Set real values (docs/operations.md, 'Safe by default: configuration'),"
            " or CHORUS_ENV=development on a developer's own machine."
        )
    return settings


def settings_for(
    service: str, process: str, load: Callable[[str], Settings] = load_settings
) -> Settings:
    """The environment's settings for one process (web, relay, consumer, cli), checked. `load`
    is the service's own loader when it has settings of its own (its config.load_settings)."""
    return require(load(service), process)
