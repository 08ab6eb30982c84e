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


@dataclass(frozen=True)
class CreateActivity:
    description: DescribeActivity
    created_by: str  # the staff member drafting it


@dataclass(frozen=True)
class UpdateActivity:
    activity_id: str
    description: DescribeActivity


@dataclass(frozen=True)
class SetActivityStatus:
    activity_id: str
    status: str  # "open" or "closed"


@dataclass(frozen=True)
class AddChannel:
    """A way in with its own code: a web link, SMS keyword, partner link or poster."""

    activity_id: str
    kind: str
    code: str
    partner: str | None
