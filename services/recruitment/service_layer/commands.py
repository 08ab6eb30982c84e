"""What callers ask recruitment to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SignUp:
    preferred_name: str
    phone: str | None
    email: str | None
    preferred_channel: str
    language: str
    sign_up_channel: str
    consent_version: str | None  # None: the person did not agree
