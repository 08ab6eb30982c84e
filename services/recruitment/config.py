"""Recruitment's own settings, on top of the ones every service shares."""

from __future__ import annotations

import os
from dataclasses import dataclass

from shared.config import Settings, common_values
from shared.startup_checks import require

SERVICE = "recruitment"


@dataclass(frozen=True)
class RecruitmentSettings(Settings):
    invitations_per_30_days: int = 3  # nobody is asked more often than this
    # The number posters tell people to text JOIN <CODE> to (notifications' sending number).
    text_number: str = ""


def load_settings() -> RecruitmentSettings:
    """Recruitment's settings from os.environ."""
    return RecruitmentSettings(
        **common_values(SERVICE),
        invitations_per_30_days=int(os.environ.get("RECRUITMENT_INVITATIONS_PER_30_DAYS", "3")),
        text_number=os.environ.get("TWILIO_FROM_NUMBER", ""),
    )


def settings_for(process: str) -> RecruitmentSettings:
    """The environment's settings for one of recruitment's processes, checked."""
    settings = load_settings()
    require(settings, process)  # refuses unsafe settings
    return settings
