"""Involvement activities: why (purpose), who (audience) and how (approach), and what is offered."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from services.recruitment.participants.domain.events import ActivityPublished
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID

APPROACHES = ("survey", "interview", "focus_group", "workshop", "advisory_panel")
FORMATS = ("online", "in_person", "hybrid")
STATUSES = ("draft", "open", "closed")
AGE_BANDS = ("16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+")
RATE_UNITS = ("hour", "session", "day")
MAX_RATE_PENCE = 100_000  # ActivityPublished's limit, as the API's
# A target names one group: "place:LS7", "age:65-74", "tag:diabetes", "channel:sms".
TARGET_KINDS = ("place", "age", "tag", "channel", "partner")


class ActivityRuleBroken(ValueError):
    """A change to an activity breaks a rule; the message is safe to show to the coordinator."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class Audience:
    places: list[str] = field(default_factory=list)  # postcode districts or local authorities
    age_bands: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # lived experience and conditions
    interests: list[str] = field(default_factory=list)
    seldom_heard: list[str] = field(default_factory=list)  # tags to reach first
    targets: dict[str, int] = field(default_factory=dict)  # group -> how many people we want

    def check(self) -> None:
        for group, wanted in self.targets.items():
            kind, _, value = group.partition(":")
            if kind not in TARGET_KINDS or not value:
                raise ActivityRuleBroken(
                    "targets", f"'{group}' is not a group. Write it like place:LS7 or age:65-74."
                )
            if not 0 < wanted <= 100_000:
                raise ActivityRuleBroken("targets", f"The target for {group} must be 1 or more.")


@dataclass
class Offer:
    """What people get in return, shown before anyone signs up."""

    rate_pence: int = 0
    rate_unit: str = "hour"
    expenses_covered: bool = True
    recognition: str = ""


class Activity:
    def __init__(
        self,
        id: str,
        title: str,
        purpose: str,
        approach: str,
        formats: list[str],
        audience: dict[str, Any],
        offer: dict[str, Any],
        status: str,
        created_by: str | None,
        created_at: datetime,
        organisation_id: str = FIRST_ORGANISATION_ID,
    ) -> None:
        self.id = id
        self.organisation_id = organisation_id  # whose activity: only its staff see it
        self.title = title
        self.purpose = purpose
        self.approach = approach
        self.formats = formats
        self.audience = audience  # stored as JSON; see the `who` and `in_return` views
        self.offer = offer
        self.status = status
        self.created_by = created_by
        self.created_at = created_at
        self.invite_on_sign_up = False  # set by describe(); see service_layer/signups.py
        self.events: list[object] = []

    @classmethod
    def draft(
        cls,
        title: str,
        purpose: str,
        approach: str,
        formats: list[str],
        who: Audience,
        in_return: Offer,
        created_by: str | None,
        now: datetime,
        invite_on_sign_up: bool = False,
        organisation_id: str = FIRST_ORGANISATION_ID,
    ) -> Activity:
        activity = cls(
            str(uuid.uuid4()), "", "", "", [], {}, {}, "draft", created_by, now, organisation_id
        )
        activity.describe(title, purpose, approach, formats, who, in_return, invite_on_sign_up)
        return activity

    def describe(
        self,
        title: str,
        purpose: str,
        approach: str,
        formats: list[str],
        who: Audience,
        in_return: Offer,
        invite_on_sign_up: bool = False,
    ) -> None:
        if not title.strip() or not purpose.strip():
            raise ActivityRuleBroken("purpose", "Give the activity a title and say why it matters.")
        if approach not in APPROACHES:
            raise ActivityRuleBroken("approach", "Choose how people will take part.")
        if not formats or any(f not in FORMATS for f in formats):
            raise ActivityRuleBroken("formats", "Choose online, in person or hybrid.")
        if in_return.rate_pence < 0 or in_return.rate_unit not in RATE_UNITS:
            raise ActivityRuleBroken(
                "offer", "The payment rate must be £0 or more an hour, session or day."
            )
        if in_return.rate_pence > MAX_RATE_PENCE:
            raise ActivityRuleBroken("offer", "The payment rate must be £1,000 or less.")
        who.check()
        self.title, self.purpose, self.approach = title.strip(), purpose.strip(), approach
        self.formats = list(dict.fromkeys(formats))
        self.audience = asdict(who)
        self.offer = asdict(in_return)
        self.invite_on_sign_up = invite_on_sign_up
        self.events.append(self.published())

    @property
    def who(self) -> Audience:
        return Audience(**self.audience)

    @property
    def in_return(self) -> Offer:
        return Offer(**self.offer)

    @property
    def accepts_sign_ups(self) -> bool:
        return self.status == "open"

    def open(self) -> None:
        if self.status == "closed":
            raise ActivityRuleBroken(
                "status", "A closed activity cannot open again. Copy it instead."
            )
        self.status = "open"
        self.events.append(self.published())

    def close(self) -> None:
        self.status = "closed"
        self.events.append(self.published())

    def published(self) -> ActivityPublished:
        """What other services learn: the title and the offer, each time either may change."""
        offer = self.in_return
        return ActivityPublished(
            self.id,
            self.title,
            self.status,
            offer.rate_pence,
            offer.rate_unit,
            offer.expenses_covered,
            datetime.now(UTC),
            self.organisation_id,
        )
