"""Scheduling's own settings: the shared ones plus how long a freed place is held and when
reminders go."""

from __future__ import annotations

import os
from dataclasses import dataclass

from shared.config import Settings, common_values
from shared.startup_checks import require


@dataclass(frozen=True)
class SchedulingSettings(Settings):
    hold_hours: float = 2  # a freed place is held this long for the next in line
    reminder_offsets: str = "2d,2h"  # before each booked time; "off" for none
    feedback_delay_minutes: float = 60  # after a time ends, before its people are asked
    feedback_hours: str = "09:00-20:00"  # when (UK time) people are asked; "any": every hour


def load_settings(common: Settings | None = None) -> SchedulingSettings:
    """From os.environ; `common`, when given, is the shared part already loaded (and checked)
    by the process runner."""
    shared = common_values("scheduling", common)
    return SchedulingSettings(
        **shared,
        hold_hours=float(os.environ.get("SCHEDULING_HOLD_HOURS", "2")),
        reminder_offsets=os.environ.get("SCHEDULING_REMINDER_OFFSETS", "2d,2h"),
        feedback_delay_minutes=float(os.environ.get("SCHEDULING_FEEDBACK_DELAY_MINUTES", "60")),
        feedback_hours=os.environ.get("SCHEDULING_FEEDBACK_HOURS", "09:00-20:00"),
    )


def settings_for(process: str) -> SchedulingSettings:
    """The environment's settings for one scheduling process, refused if unsafe."""
    return require(load_settings(), process)  # type: ignore[return-value]
