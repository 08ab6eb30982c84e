"""The SMS booking dialogue: what a reply means, and the numbered offer it answers.

Strict on purpose: only a bare number books ("1", " 2 "), because a booking made from a guess
("one", "1.", "11") would be worse than asking again. Words are matched whole and in any case.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

MAX_OPTIONS = 3  # a text can list about three times in two segments
OFFER_LIFETIME = timedelta(hours=24)

BOOK, CHOOSE, CANCEL, CHANGE, TAKE = "book", "choose", "cancel", "change", "take"
UNCLEAR = "unclear"
# A bare CANCEL never reaches us: Twilio and the carriers treat it as STOP (opt out of all
# texts), so our texts ask for CANCEL BOOKING.
# TAKE accepts a place held from the waitlist (YES would be Twilio's opt-in word).
# Each word has its Welsh twin, which does exactly what the English does (Welsh texts name the
# Welsh word): ARCHEBU, CANSLO ARCHEB (a bare CANSLO is not a carrier word, but we keep the pair
# alike), NEWID, CYMRYD.
_WORDS = {
    "BOOK": BOOK,
    "ARCHEBU": BOOK,
    "CANCEL BOOKING": CANCEL,
    "CANSLO ARCHEB": CANCEL,
    "CHANGE": CHANGE,
    "NEWID": CHANGE,
    "TAKE": TAKE,
    "CYMRYD": TAKE,
}
_NUMBER = re.compile(r"^[1-9]$")


@dataclass(frozen=True)
class Reply:
    kind: str
    choice: int | None = None


def understand(text: str) -> Reply:
    words = " ".join(text.upper().split())
    if words in _WORDS:
        return Reply(_WORDS[words])
    if _NUMBER.match(words):
        return Reply(CHOOSE, int(words))
    return Reply(UNCLEAR)


@dataclass
class Offer:
    """Numbered slots texted to one person; a number in reply books that slot while the offer
    is open. A newer offer replaces the older one."""

    participant_id: str
    activity_id: str
    slot_ids: list[str]  # option n is slot_ids[n - 1]
    created_at: datetime
    reason: str
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    status: str = "open"  # open -> used | replaced

    @property
    def expires_at(self) -> datetime:
        return self.created_at + OFFER_LIFETIME

    def is_open(self, now: datetime) -> bool:
        return self.status == "open" and now < self.expires_at

    def slot_for(self, choice: int) -> str | None:
        return self.slot_ids[choice - 1] if 1 <= choice <= len(self.slot_ids) else None
