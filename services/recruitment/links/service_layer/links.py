"""Issuing, redeeming and revoking participants' magic links (issued and message links)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError

from services.recruitment.links.domain.links import LinkRefused, MagicLink
from services.recruitment.participants.domain.model import Participant
from services.recruitment.participants.domain.phone import InvalidPhone, normalise_uk_mobile
from shared.magic_links import LinkClaims, safe_landing
from shared.vocabulary.recruitment import LINK_LANDING as LANDING
from shared.vocabulary.recruitment import LINK_LIFETIMES as PURPOSES

MAX_NEXT_PATH = 500  # magic_links.next_path


@dataclass(frozen=True)
class Redeemed:
    participant_id: str
    next_path: str | None  # where the issued link was asked to land, if anywhere


def purpose_for(next_path: str | None) -> str:
    """The purpose whose pages hold `next_path` ("me" for anything else)."""
    for purpose, home in LANDING.items():
        if next_path and (next_path == home or next_path.startswith(home + "/")):
            return purpose
    return "me"


def parse_contact(contact: str) -> tuple[str | None, str | None, str] | None:
    """(phone, email, channel) from what someone typed: an email address or a UK mobile."""
    text = contact.strip()
    if "@" in text:
        return None, text.lower(), "email"
    try:
        return normalise_uk_mobile(text), None, "sms"
    except InvalidPhone:
        return None


def request_link(contact: str, purpose: str, uow, next_path: str | None = None) -> str | None:  # type: ignore[no-untyped-def]
    """Send a link to whoever has this phone number or email; None (and nothing sent) if nobody.

    The link goes to the channel the person typed, so it reaches only the owner of that address.
    """
    parsed = parse_contact(contact)
    if parsed is None:
        return None
    phone, email, channel = parsed
    with uow:
        participant = uow.participants.find_by_contact(phone, email)
        if participant is None:
            return None
        link = _issue_within_limit(participant, purpose, channel, next_path, uow)
        uow.commit()
        return link.id if link else None


def link_for_known(phone: str | None, email: str | None, uow) -> str | None:  # type: ignore[no-untyped-def]
    """Someone tried to sign up again with details we hold: a link to their own page, by their
    own channel (not to whoever typed the details), so the answer to the caller can be the same
    as for someone new."""
    with uow:
        person = uow.participants.find_by_contact(phone, email)
        if person is None:
            return None
        channel = person.preferred_channel
        if _address(person, channel) is None:
            channel = "email" if channel == "sms" else "sms"
        link = _issue_within_limit(person, "me", channel, None, uow)
        uow.commit()
        return link.id if link else None


def _address(person: Participant, channel: str) -> str | None:
    """What the per-recipient limit counts: the number or inbox the link goes to."""
    address = person.phone if channel == "sms" else person.email
    return f"{channel}:{address}" if address else None


def _issue_within_limit(  # type: ignore[no-untyped-def]
    person: Participant, purpose: str, channel: str, next_path: str | None, uow
) -> MagicLink | None:
    """A link, unless this number or inbox has had its share lately (PER_RECIPIENT, counted
    in the database across workers): nobody can flood a phone through our forms."""
    address = _address(person, channel)
    if address is None or not uow.recipient_limit.allows(address, datetime.now(UTC)):
        return None
    return _issue(person.id, purpose, channel, next_path, uow)


def _issue(  # type: ignore[no-untyped-def]
    participant_id: str, purpose: str, channel: str, next_path: str | None, uow
) -> MagicLink:
    landing = safe_landing(purpose, next_path)
    if len(landing) > MAX_NEXT_PATH:
        landing = LANDING[purpose]
    link = MagicLink.issue(
        participant_id,
        purpose,
        channel,
        PURPOSES[purpose],
        datetime.now(UTC),
        next_path=None if landing == LANDING[purpose] else landing,
    )
    uow.links.add(link)
    return link


def redeem_link(claims: LinkClaims, uow) -> Redeemed:  # type: ignore[no-untyped-def]
    """Use the link once; returns whom it lets in and where. Raises LinkRefused."""
    if claims.is_message_link:
        return _redeem_message_link(claims, uow)
    with uow:
        link = uow.links.get(claims.link_id)
        if link is None or link.purpose != claims.purpose:
            raise LinkRefused("unknown")
        link.redeem(datetime.now(UTC))
        uow.commit()
        return Redeemed(link.participant_id, link.next_path)


def _redeem_message_link(claims: LinkClaims, uow) -> Redeemed:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    with uow:
        person = uow.participants.get(claims.participant_id)
        if person is None:  # erased (or never known): the link leads nowhere
            raise LinkRefused("unknown")
        stopped = person.links_stopped_at
        if stopped is not None and claims.issued_at is not None and claims.issued_at <= stopped:
            raise LinkRefused("revoked")
        if uow.links.get(claims.link_id) is not None:
            raise LinkRefused("used")
        lifetime = PURPOSES[claims.purpose]
        signed_at = claims.issued_at or now
        uow.links.add(
            MagicLink.message_link_used(
                claims.link_id, person.id, claims.purpose, claims.channel, signed_at, lifetime, now
            )
        )
        try:
            uow.commit()
        except IntegrityError:  # the same link pressed twice at once: the other press won
            raise LinkRefused("used") from None
        return Redeemed(person.id, None)


def send_new_link(claims: LinkClaims, expired: bool, next_path: str | None, uow) -> None:  # type: ignore[no-untyped-def]
    """A fresh issued link, same purpose, landing and channel, for a link that is used or has
    expired. Anything else (a link still good, stopped, or unknown) sends nothing; the caller
    gives the same answer either way."""
    now = datetime.now(UTC)
    with uow:
        old = uow.links.get(claims.link_id)
        if claims.is_message_link:
            participant_id, channel = claims.participant_id, claims.channel
            if not expired and old is None:
                return  # unused and still good: it can simply be opened
        else:
            if old is None or old.purpose != claims.purpose or old.revoked_at is not None:
                return
            if not expired and old.used_at is None and now < old.expires_at:
                return
            participant_id, channel, next_path = old.participant_id, old.channel, old.next_path
        person = uow.participants.get(participant_id)
        if person is None or channel not in ("sms", "email"):
            return
        stopped = person.links_stopped_at
        if claims.is_message_link and stopped and claims.issued_at and claims.issued_at <= stopped:
            return
        _issue_within_limit(person, claims.purpose, channel, next_path, uow)
        uow.commit()  # the link, or only the count of one more try


def revoke_links(participant_id: str, uow) -> int:  # type: ignore[no-untyped-def]
    """Stop every issued link, and every message link signed until now."""
    now = datetime.now(UTC)
    with uow:
        links = uow.links.for_participant(participant_id)
        for link in links:
            link.revoke(now)
        person = uow.participants.get(participant_id)
        if person is not None:
            person.stop_links(now)
        uow.commit()
        return len(links)


def sign_out(participant_id: str, uow) -> None:  # type: ignore[no-untyped-def]
    """End the participant's sessions on the server, so a copied cookie stops working too."""
    with uow:
        person = uow.participants.get(participant_id)
        if person is not None:
            person.end_sessions(datetime.now(UTC))
            uow.commit()
