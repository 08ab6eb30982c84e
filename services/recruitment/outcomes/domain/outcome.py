""" "You said, we did": one thing an activity changed (or did not), in plain words.

A coordinator drafts an outcome, may edit it while it is a draft, and publishes it once; then
it is public and its contributors are told. Where nothing changed, the reason is required."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from shared.vocabulary.recruitment import OUTCOME_STATUSES

TITLE_MAX, WORDS_MAX, REASON_MAX, LINK_MAX = 120, 1000, 1000, 500


class OutcomeRuleBroken(ValueError):
    """An outcome breaks a rule; the message is plain words for the coordinator's form."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class OutcomeWords:
    """What the coordinator writes: checked as a whole, on drafting and on every edit."""

    title: str
    description: str
    status: str
    reason: str
    decided_on: date
    link: str | None = None

    def checked(self) -> OutcomeWords:
        title, description = self.title.strip(), self.description.strip()
        reason, link = self.reason.strip(), (self.link or "").strip() or None
        if not title:
            raise OutcomeRuleBroken("title", "Enter what changed, or what you looked at.")
        if len(title) > TITLE_MAX:
            raise OutcomeRuleBroken("title", "The title must be 120 characters or fewer.")
        if len(description) > WORDS_MAX:
            raise OutcomeRuleBroken(
                "description", "The description must be 1,000 characters or fewer."
            )
        if self.status not in OUTCOME_STATUSES:
            raise OutcomeRuleBroken("status", "Choose what happened.")
        if self.status == "not_changed" and not reason:
            raise OutcomeRuleBroken("reason", "Say why nothing changed, in plain words.")
        if len(reason) > REASON_MAX:
            raise OutcomeRuleBroken("reason", "The reason must be 1,000 characters or fewer.")
        if link is not None and not _https(link):
            raise OutcomeRuleBroken("link", "The link must start with https://")
        return OutcomeWords(title, description, self.status, reason, self.decided_on, link)


def _https(link: str) -> bool:
    parts = urlsplit(link)
    return len(link) <= LINK_MAX and parts.scheme == "https" and bool(parts.hostname)


class Outcome:
    def __init__(
        self,
        id: str,
        activity_id: str,
        organisation_id: str,
        words: OutcomeWords,
        created_by: str | None,
        created_at: datetime,
    ) -> None:
        self.id = id
        self.activity_id = activity_id
        self.organisation_id = organisation_id
        self.created_by = created_by
        self.created_at = created_at
        self.published_at: datetime | None = None
        self.told = 0  # contributors it was sent to when published
        self._set(words.checked())
        self.events: list[object] = []

    @classmethod
    def draft(
        cls,
        activity_id: str,
        organisation_id: str,
        words: OutcomeWords,
        created_by: str | None,
        now: datetime,
    ) -> Outcome:
        return cls(str(uuid.uuid4()), activity_id, organisation_id, words, created_by, now)

    def _set(self, words: OutcomeWords) -> None:
        self.title, self.description, self.status = words.title, words.description, words.status
        # A reason is kept for any status (it helps), required only for "not changed".
        self.reason, self.decided_on, self.link = words.reason, words.decided_on, words.link

    @property
    def published(self) -> bool:
        return self.published_at is not None

    @property
    def words(self) -> OutcomeWords:
        return OutcomeWords(
            self.title, self.description, self.status, self.reason, self.decided_on, self.link
        )

    def edit(self, words: OutcomeWords) -> None:
        if self.published:
            raise OutcomeRuleBroken("outcome", "This is published, so it cannot be changed.")
        self._set(words.checked())

    def publish(self, now: datetime, told: int) -> None:
        """Once only: a second publish would tell everyone again."""
        if self.published:
            raise OutcomeRuleBroken("outcome", "This is already published.")
        self.published_at = now
        self.told = told
