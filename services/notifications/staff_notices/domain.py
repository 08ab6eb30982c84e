"""What staff must be told: open tasks (payments' and scheduling's StaffTask events) for the
staff who may act on them, in a daily digest and, for urgent ones, at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from shared.pages.formats import LONDON
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID

# The order the digest lists kinds in: money waiting first.
KINDS = (
    "claim_needs_coordinator",
    "claim_needs_finance",
    "budget_80",
    "budget_100",
    "session_below_minimum",
    "hold_expired",
    "panel_term_ending",
)


@dataclass
class StaffMember:
    staff_id: str
    name: str
    email: str
    roles: list[str]
    active: bool
    memberships: dict[str, list[str]] | None = None

    def roles_in(self, organisation_id: str) -> list[str]:
        """Their roles in one organisation; memberships not known yet: their roles anywhere."""
        if self.memberships is None:
            return self.roles
        return self.memberships.get(organisation_id, [])


@dataclass
class StaffTask:
    task_id: str
    kind: str
    state: str
    activity_id: str
    roles: list[str]
    path: str
    urgent: bool
    not_for_staff_ids: list[str] = field(default_factory=list)
    amount_pence: int | None = None
    budget_pence: int | None = None
    booked: int | None = None
    minimum: int | None = None
    starts_at: datetime | None = None

    def for_member(self, member: StaffMember, organisation_id: str = FIRST_ORGANISATION_ID) -> bool:
        """Open, one of their roles in the task's organisation may act on it, and four eyes do
        not keep them out."""
        return (
            member.active
            and self.state == "open"
            and bool(set(member.roles_in(organisation_id)) & set(self.roles))
            and member.staff_id not in self.not_for_staff_ids
        )


def digest_day(now: datetime, at: time) -> date | None:
    """The UK day whose digest is due at `now`, or None before today's digest time."""
    local = now.astimezone(LONDON)
    return local.date() if local.time() >= at else None


def grouped(tasks: list[StaffTask]) -> list[tuple[str, list[StaffTask]]]:
    """Tasks by kind, in KINDS order."""
    return [
        (k, [t for t in tasks if t.kind == k]) for k in KINDS if any(t.kind == k for t in tasks)
    ]
