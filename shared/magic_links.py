"""Participant magic links: signed, expiring, single-purpose tokens.

Recruitment issues and redeems them (it keeps which were used or revoked); notifications only
builds the address it sends, so the token itself never travels on Kafka. Both sign with the
same SECRET_KEY; each purpose has its own salt, so a link for one purpose never opens another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

PURPOSES = {"me": timedelta(days=3), "book": timedelta(days=7), "pay": timedelta(days=7)}
REDEEM_PATH = "/join/link"


class LinkInvalid(ValueError):
    """Tampered with, or for another purpose."""


class LinkExpired(ValueError):
    pass


@dataclass(frozen=True)
class LinkClaims:
    link_id: str
    purpose: str


def _serializer(secret_key: str, purpose: str) -> URLSafeTimedSerializer:
    if purpose not in PURPOSES:
        raise LinkInvalid(f"unknown purpose {purpose!r}")
    if not secret_key:
        raise ValueError("SECRET_KEY must be set to sign magic links")
    return URLSafeTimedSerializer(secret_key, salt=f"chorus-magic-link:{purpose}")


def make_token(secret_key: str, link_id: str, purpose: str) -> str:
    # Only the link's id: short enough for a text message; recruitment knows whose link it is.
    return _serializer(secret_key, purpose).dumps(link_id)


def link_url(public_base_url: str, secret_key: str, link_id: str, purpose: str) -> str:
    return f"{public_base_url}{REDEEM_PATH}/{purpose}/{make_token(secret_key, link_id, purpose)}"


def read_token(secret_key: str, purpose: str, token: str) -> LinkClaims:
    try:
        claims = _serializer(secret_key, purpose).loads(
            token, max_age=int(PURPOSES[purpose].total_seconds())
        )
    except SignatureExpired as exc:
        raise LinkExpired("the link has expired") from exc
    except BadSignature as exc:
        raise LinkInvalid("the link has been changed or is for something else") from exc
    return LinkClaims(str(claims), purpose)
