"""Issuing, redeeming and revoking participants' magic links."""

from __future__ import annotations

from datetime import UTC, datetime

from services.recruitment.domain.links import LinkRefused, MagicLink
from services.recruitment.domain.phone import InvalidPhone, normalise_uk_mobile
from shared.magic_links import PURPOSES, LinkClaims


def request_link(contact: str, purpose: str, uow) -> str | None:  # type: ignore[no-untyped-def]
    """Send a link to whoever has this phone number or email; None (and nothing sent) if nobody.

    The link goes to the channel the person typed, so it reaches only the owner of that address.
    """
    text = contact.strip()
    if "@" in text:
        phone, email, channel = None, text.lower(), "email"
    else:
        try:
            phone, email, channel = normalise_uk_mobile(text), None, "sms"
        except InvalidPhone:
            return None
    with uow:
        participant = uow.participants.find_by_contact(phone, email)
        if participant is None:
            return None
        link = MagicLink.issue(
            participant.id, purpose, channel, PURPOSES[purpose], datetime.now(UTC)
        )
        uow.links.add(link)
        uow.commit()
        return link.id


def redeem_link(claims: LinkClaims, uow) -> str:  # type: ignore[no-untyped-def]
    """Use the link once; returns the participant it lets in. Raises LinkRefused."""
    with uow:
        link = uow.links.get(claims.link_id)
        if link is None or link.purpose != claims.purpose:
            raise LinkRefused("unknown")
        link.redeem(datetime.now(UTC))
        uow.commit()
        return link.participant_id


def revoke_links(participant_id: str, uow) -> int:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    with uow:
        links = uow.links.for_participant(participant_id)
        for link in links:
            link.revoke(now)
        uow.commit()
        return len(links)
