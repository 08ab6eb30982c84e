"""Recruitment channels: each way into an activity has its own code, so sign-ups are attributed."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

CHANNEL_KINDS = ("web", "sms", "email_invitation", "partner_link", "qr_poster", "coordinator")
_CODE = re.compile(r"^[A-Z0-9]{2,12}$")


class ChannelRuleBroken(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def normalise_code(text: str) -> str:
    """' ab 12 ' -> 'AB12': people type codes from posters and texts in every shape."""
    return re.sub(r"[\s\-_.]+", "", text).upper()


@dataclass
class Channel:
    id: str
    activity_id: str
    kind: str
    code: str
    partner: str | None
    created_at: datetime

    @classmethod
    def add(
        cls, activity_id: str, kind: str, code: str, partner: str | None, now: datetime
    ) -> Channel:
        code = normalise_code(code)
        if kind not in CHANNEL_KINDS:
            raise ChannelRuleBroken("kind", f"Choose one of: {', '.join(CHANNEL_KINDS)}.")
        if not _CODE.match(code):
            raise ChannelRuleBroken(
                "code", "A code is 2 to 12 letters or numbers, like DEMO or LIB2."
            )
        partner = (partner or "").strip() or None
        if kind == "partner_link" and partner is None:
            raise ChannelRuleBroken("partner", "Name the partner organisation for a partner link.")
        return cls(str(uuid.uuid4()), activity_id, kind, code, partner, now)
