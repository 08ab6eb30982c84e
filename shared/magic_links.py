"""Participant magic links: signed, expiring, single-purpose tokens.

Two kinds, one redeem path (`/join/link/<purpose>/<token>`), both redeemed by recruitment:
- an *issued* link (someone asked at /join/link): recruitment keeps a row for it and publishes
  MagicLinkIssued; notifications rebuilds the address from the link's id;
- a *message* link: notifications mints one for each message that asks for an action (an
  invitation, a held place, a booking...). It carries whose link it is, the channel it went to
  and a nonce; recruitment records the nonce when it is used, so it opens once.
The token never travels on Kafka. Both sign with the same SECRET_KEY; each purpose has its own
salt, so a link for one purpose never opens another. Where to land is `?next=`, a path that
recruitment only follows inside the purpose's own pages (LINK_LANDING, recruitment's vocabulary).
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from shared.redirects import safe_next
from shared.vocabulary.recruitment import LINK_LANDING, LINK_LIFETIMES, LINK_REDEEM_PATH

# Recruitment's rules, published in its vocabulary: each purpose's lifetime, where links are
# redeemed, and where each purpose may land (its own pages: the `next` allowed after redeeming).
# Message links' ids are derived from (participant, nonce), so the same link has the same id.
_MESSAGE_LINKS = uuid.UUID("6f0d5c1e-8a43-4b7e-9c2d-3e1f5a7b9c04")


class LinkInvalid(ValueError):
    """Tampered with, or for another purpose."""


class LinkExpired(ValueError):
    pass


@dataclass(frozen=True)
class LinkClaims:
    link_id: str
    purpose: str
    # Set for message links only (issued links are looked up by id instead).
    participant_id: str | None = None
    channel: str | None = None
    issued_at: datetime | None = None

    @property
    def is_message_link(self) -> bool:
        return self.participant_id is not None


def _serializer(secret_key: str, purpose: str) -> URLSafeTimedSerializer:
    if purpose not in LINK_LIFETIMES:
        raise LinkInvalid(f"unknown purpose {purpose!r}")
    if not secret_key:
        raise ValueError("SECRET_KEY must be set to sign magic links")
    return URLSafeTimedSerializer(secret_key, salt=f"chorus-magic-link:{purpose}")


def make_token(secret_key: str, link_id: str, purpose: str) -> str:
    # Only the link's id: short enough for a text message; recruitment knows whose link it is.
    return _serializer(secret_key, purpose).dumps(link_id)


def link_url(public_base_url: str, secret_key: str, link_id: str, purpose: str) -> str:
    return (
        f"{public_base_url}{LINK_REDEEM_PATH}/{purpose}/{make_token(secret_key, link_id, purpose)}"
    )


def make_message_token(secret_key: str, participant_id: str, purpose: str, channel: str) -> str:
    """A link for one message: whose it is, where it was sent, and a nonce so it opens once."""
    participant = uuid.UUID(participant_id).hex  # 32 characters, not 36: texts are short
    return _serializer(secret_key, purpose).dumps([participant, channel, secrets.token_urlsafe(6)])


def message_link_url(
    public_base_url: str,
    secret_key: str,
    participant_id: str,
    purpose: str,
    channel: str,
    next_path: str | None = None,
) -> str:
    token = make_message_token(secret_key, participant_id, purpose, channel)
    url = f"{public_base_url}{LINK_REDEEM_PATH}/{purpose}/{token}"
    return f"{url}?next={quote(next_path, safe='/')}" if next_path else url


def safe_landing(purpose: str, next_path: str | None) -> str:
    """Where to go after redeeming: `next` if it is one of the purpose's own pages, else home."""
    home = LINK_LANDING[purpose]
    next_path = safe_next(next_path, default="")  # the same guard as every other redirect
    if not next_path or "//" in next_path:
        return home
    if next_path == home or next_path.startswith(home + "/"):
        return next_path
    return home


def _claims(raw: object, purpose: str, issued_at: datetime | None) -> LinkClaims:
    if isinstance(raw, list) and len(raw) == 3 and all(isinstance(x, str) for x in raw):
        participant_hex, channel, nonce = raw
        participant_id = str(uuid.UUID(hex=participant_hex))
        link_id = str(uuid.uuid5(_MESSAGE_LINKS, f"{participant_id}:{nonce}"))
        return LinkClaims(link_id, purpose, participant_id, channel, issued_at)
    return LinkClaims(str(raw), purpose)


def read_token(secret_key: str, purpose: str, token: str) -> LinkClaims:
    try:
        raw, signed_at = _serializer(secret_key, purpose).loads(
            token, max_age=int(LINK_LIFETIMES[purpose].total_seconds()), return_timestamp=True
        )
    except SignatureExpired as exc:
        raise LinkExpired("the link has expired") from exc
    except (BadSignature, ValueError) as exc:
        raise LinkInvalid("the link has been changed or is for something else") from exc
    try:
        return _claims(raw, purpose, signed_at.astimezone(UTC))
    except ValueError as exc:
        raise LinkInvalid("the link has been changed or is for something else") from exc


def read_expired_token(secret_key: str, purpose: str, token: str) -> LinkClaims | None:
    """The claims of a genuine link that has expired (to send a fresh one to the same place);
    None if the signature does not hold."""
    try:
        raw = _serializer(secret_key, purpose).loads(token)  # no max_age: age is not the question
        return _claims(raw, purpose, None)
    except (BadSignature, ValueError):
        return None
