"""What coordinators tell scheduling about its staff tasks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MarkHoldsSeen:
    """The coordinator has seen the session's lapsed holds."""

    session_id: str
