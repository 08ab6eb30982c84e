"""A feed's secret: high-entropy, so a plain sha256 is enough to keep (no salt or slow hash is
needed when nobody can guess the input), and only the hash is ever stored."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32  # 256 bits: the URL is the only key a calendar app can hold


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
