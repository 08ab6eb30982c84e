"""An organisation: an ICB, trust, hospice, charity or research team using this deployment.

Each is its own data controller: its name and logo head its pages, its number and address send
its texts and emails, its Stripe account pays its people. A platform admin creates them.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, fields
from datetime import datetime

from shared.vocabulary.organisations import Organisation
from shared.vocabulary.recruitment import (
    MESSAGING_SERVICE_PATTERN,
    SHORT_NAME_PATTERN,
    STRIPE_ACCOUNT_PATTERN,
)

MAX_FINANCE_THRESHOLD_PENCE = 1_000_000  # £10,000: above it, every claim waits for finance
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_UK_NUMBER = re.compile(r"^\+44\d{9,10}$")


class OrganisationRuleBroken(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class OrganisationChanged(Organisation):
    """An organisation as every service shows and sends as it (created or changed): the event's
    data is the Organisation every other service keeps (shared/vocabulary/organisations.py)."""


@dataclass
class Details:
    """What staff write about an organisation; None: the deployment's own setting is used."""

    name: str
    short_name: str
    public_contact: str
    welsh_name: str | None = None
    privacy_notice_url: str | None = None
    accessibility_contact: str | None = None
    logo_url: str | None = None
    sms_sender: str | None = None  # a UK number in +44 form, or a messaging service (MG…)
    email_from_name: str | None = None
    email_from_address: str | None = None
    stripe_account: str | None = None  # a connected account (acct_…); None: the platform's
    finance_threshold_pence: int = 10_000

    def checked(self) -> Details:
        """These details tidied (spaces trimmed, empty answers as None), or the first rule
        they break."""
        tidy = {
            f.name: (v.strip() or None) if isinstance(v := getattr(self, f.name), str) else v
            for f in fields(self)
        }
        details = Details(**tidy)
        details.short_name = (details.short_name or "").upper()
        _check(details)
        return details


def _check(d: Details) -> None:
    if not d.name or len(d.name) > 100:
        raise OrganisationRuleBroken("name", "Enter the organisation's name (100 letters at most).")
    if not re.fullmatch(SHORT_NAME_PATTERN, d.short_name):
        raise OrganisationRuleBroken(
            "short_name", "Enter a short name of 2 to 20 capital letters or numbers, like LEEDSICB."
        )
    if not d.public_contact or len(d.public_contact) > 200:
        raise OrganisationRuleBroken(
            "public_contact", "Enter how the public can reach you: a phone number or email."
        )
    for name in ("welsh_name", "email_from_name"):
        if (value := getattr(d, name)) is not None and len(value) > 100:
            raise OrganisationRuleBroken(name, "Use 100 letters at most.")
    for name in ("privacy_notice_url", "logo_url"):
        if (url := getattr(d, name)) is not None and not (
            url.startswith("https://") and len(url) <= 500
        ):
            raise OrganisationRuleBroken(name, "Enter a web address that starts with https://.")
    if d.accessibility_contact is not None and len(d.accessibility_contact) > 200:
        raise OrganisationRuleBroken("accessibility_contact", "Use 200 letters at most.")
    if d.sms_sender is not None and not (
        _UK_NUMBER.fullmatch(d.sms_sender) or re.fullmatch(MESSAGING_SERVICE_PATTERN, d.sms_sender)
    ):
        raise OrganisationRuleBroken(
            "sms_sender", "Enter a UK number like +447700900123, or a messaging service id (MG…)."
        )
    if d.email_from_address is not None and not _EMAIL.fullmatch(d.email_from_address):
        raise OrganisationRuleBroken("email_from_address", "Enter an email address.")
    if d.stripe_account is not None and not re.fullmatch(STRIPE_ACCOUNT_PATTERN, d.stripe_account):
        raise OrganisationRuleBroken("stripe_account", "Enter a Stripe account id (acct_…).")
    if not 0 <= d.finance_threshold_pence <= MAX_FINANCE_THRESHOLD_PENCE:
        raise OrganisationRuleBroken(
            "finance_threshold_pence", "Enter an amount from £0 to £10,000."
        )


class Organisation:
    def __init__(self, id: str, details: Details, created_at: datetime, created_by: str | None):
        self.id = id
        self.created_at = created_at
        self.created_by = created_by
        self.events: list[object] = []
        self._set(details)

    @classmethod
    def create(cls, details: Details, now: datetime, created_by: str | None) -> Organisation:
        organisation = cls(str(uuid.uuid4()), details.checked(), now, created_by)
        organisation.events.append(organisation.announcement(now))
        return organisation

    def change(self, details: Details, now: datetime) -> bool:
        """New details; False (and nothing announced) if they are what they were."""
        details = details.checked()
        if details == self.details:
            return False
        self._set(details)
        self.events.append(self.announcement(now))
        return True

    def _set(self, details: Details) -> None:
        for f in fields(Details):
            setattr(self, f.name, getattr(details, f.name))

    @property
    def details(self) -> Details:
        return Details(**{f.name: getattr(self, f.name) for f in fields(Details)})

    def announcement(self, now: datetime) -> OrganisationChanged:
        return OrganisationChanged(organisation_id=self.id, changed_at=now, **vars(self.details))
