"""Who an activity's outcomes are told to: the people who took part in it.

Recruitment hears attendance (scheduling's AttendanceRecorded marks a sign-up "took part"), so
where any attendance is recorded, contributors are those who took part. An activity with none
(a survey, or sessions run outside Chorus) counts everyone still signed up, since that is all
recruitment knows of who gave their views. Withdrawn sign-ups, people who stopped taking part
or left the organisation, and people who said "no updates" are never told."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SignUp:
    participant_id: str
    withdrawn: bool
    took_part: bool


def contributors(sign_ups: Iterable[SignUp]) -> list[str]:
    """The participant ids who contributed, each once, in the order given."""
    current = [s for s in sign_ups if not s.withdrawn]
    if any(s.took_part for s in current):
        current = [s for s in current if s.took_part]
    return list(dict.fromkeys(s.participant_id for s in current))
