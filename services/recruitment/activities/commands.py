"""What coordinators ask of activities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DescribeActivity:
    title: str
    purpose: str
    approach: str
    formats: list[str]
    audience: dict[str, Any]
    offer: dict[str, Any]
    invite_on_sign_up: bool = False
