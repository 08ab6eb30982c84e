"""Participants: the people who take part, and the rules for signing them up."""

from __future__ import annotations

import uuid
from datetime import datetime

from services.recruitment.participants.domain.contact import (
    Consent,
    Profile,
    SignUpRejected,
    check_contact,
)
from services.recruitment.participants.domain.events import (
    ConsentWithdrawn,
    ContactDetailsChanged,
    ParticipantLeftOrganisation,
    ParticipantSessionsEnded,
    ParticipantSignedUp,
)


class Participant:
    def __init__(
        self,
        id: str,
        preferred_name: str,
        phone: str | None,
        email: str | None,
        preferred_channel: str,
        language: str,
        sign_up_channel: str,
        consent_version: str,
        consented_at: datetime,
        signed_up_at: datetime,
    ) -> None:
        self.id = id
        self.preferred_name = preferred_name
        self.phone = phone
        self.email = email
        self.preferred_channel = preferred_channel
        self.language = language
        self.sign_up_channel = sign_up_channel
        self.consent_version = consent_version
        self.consented_at = consented_at
        self.signed_up_at = signed_up_at
        self.postcode: str | None = None
        self.age_band: str | None = None
        self.support_needs: list[str] = []
        self.interpreter_language: str | None = None
        self.availability: list[str] = []
        self.interests: list[str] = []
        self.health_tags: list[str] = []
        self.withdrawn_at: datetime | None = None
        self.do_not_contact = False  # everywhere (before organisations had their own lists)
        # {organisation id: since (ISO time)}: on that organisation's do-not-contact list.
        # Stored as JSON, replaced, never changed in place.
        self.do_not_contact_in: dict[str, str] = {}
        # Organisations they left: stored as JSON, replaced, never changed in place.
        self.left_organisations: list[str] = []
        self.links_stopped_at: datetime | None = None
        self.sessions_ended_at: datetime | None = None
        # "No updates": not told what activities changed ("you said, we did"); still taking part.
        self.no_outcome_updates = False
        self.events: list[object] = []

    @classmethod
    def sign_up(
        cls,
        preferred_name: str,
        phone: str | None,
        email: str | None,
        preferred_channel: str,
        language: str,
        sign_up_channel: str,
        consent: Consent | None,
        now: datetime,
        profile: Profile | None = None,
        special_consent: bool = False,
        activity_id: str | None = None,
        channel_code: str | None = None,
    ) -> Participant:
        if consent is None:
            raise SignUpRejected("consent", "You need to agree before you can sign up.")
        check_contact(preferred_name, phone, email, preferred_channel)
        participant = cls(
            id=str(uuid.uuid4()),
            preferred_name=preferred_name.strip(),
            phone=phone,
            email=email.lower() if email else None,
            preferred_channel=preferred_channel,
            language=language,
            sign_up_channel=sign_up_channel,
            consent_version=consent.version,
            consented_at=consent.given_at,
            signed_up_at=now,
        )
        participant._set_profile(profile or Profile(), special_consent)
        participant.events.append(
            ParticipantSignedUp(
                participant.id,
                sign_up_channel,
                preferred_channel,
                language,
                now,
                activity_id,
                channel_code,
            )
        )
        participant.events.append(participant._contact_details())
        return participant

    @property
    def active(self) -> bool:
        """False once they withdrew consent to take part: nobody may invite them then."""
        return self.withdrawn_at is None

    def update(
        self,
        preferred_name: str,
        phone: str | None,
        email: str | None,
        preferred_channel: str,
        language: str,
        profile: Profile,
        special_consent: bool,
    ) -> None:
        check_contact(preferred_name, phone, email, preferred_channel)
        self.preferred_name = preferred_name.strip()
        self.phone, self.email = phone, email.lower() if email else None
        self.preferred_channel, self.language = preferred_channel, language
        self._set_profile(profile, special_consent)
        self.events.append(self._contact_details())

    def withdraw(self, channel: str, now: datetime) -> None:
        """Withdraw consent to take part; health details go too, since they were only kept
        to find activities for someone who takes part."""
        if self.withdrawn_at is not None:
            return
        self.withdrawn_at = now
        self.health_tags = []
        self.events.append(ConsentWithdrawn(self.id, "taking_part", channel, now))

    def leave(self, organisation_id: str, now: datetime) -> bool:
        """Leave one organisation: withdrawal there only (its staff may not invite them again,
        and a form filled in with their details does not put them back). False if already."""
        if organisation_id in self.left_organisations:
            return False
        self.left_organisations = sorted({*self.left_organisations, organisation_id})
        self.events.append(ParticipantLeftOrganisation(self.id, organisation_id, now))
        return True

    def is_with(self, organisation_id: str) -> bool:
        """May take part with `organisation_id` (not withdrawn, nor left it)."""
        return self.active and organisation_id not in self.left_organisations

    def put_on_do_not_contact_list(self, now: datetime, organisation_id: str | None = None) -> None:
        """They asked (by phone, letter, in person) never to be contacted. By one organisation
        (its coordinator's list): as leaving it, and it stays even if one of its forms is filled
        in again; the other organisations keep them. With no organisation: as withdrawal
        everywhere (the list before organisations had their own)."""
        if organisation_id is None:
            self.do_not_contact = True
            self.withdraw("coordinator", now)
            return
        self.do_not_contact_in = {**self.do_not_contact_in, organisation_id: now.isoformat()}
        self.leave(organisation_id, now)

    def take_off_do_not_contact_list(self, organisation_id: str | None = None) -> bool:
        """They told a coordinator they want to hear from us again. False if not on that list.
        Off one organisation's list they are with it again; off the list everywhere, their
        consent to take part is given again by the caller, as a new record."""
        if organisation_id is not None and organisation_id in self.do_not_contact_in:
            self.do_not_contact_in = {
                k: v for k, v in self.do_not_contact_in.items() if k != organisation_id
            }
            self.left_organisations = [o for o in self.left_organisations if o != organisation_id]
            return True
        if not self.do_not_contact:
            return False
        self.do_not_contact = False
        self.withdrawn_at = None
        return True

    def not_to_be_contacted_by(self, organisation_id: str) -> bool:
        """On that organisation's do-not-contact list, or on the one for everywhere."""
        return self.do_not_contact or organisation_id in self.do_not_contact_in

    def choose_outcome_updates(self, wanted: bool) -> None:
        """Their own choice, on their page or by text (NO UPDATES / UPDATES)."""
        self.no_outcome_updates = not wanted

    def end_sessions(self, now: datetime) -> None:
        """Signed out (or stopped their links): every session of theirs issued before now stops
        working, in every browser and every service."""
        self.sessions_ended_at = now
        self.events.append(ParticipantSessionsEnded(self.id, now))

    def stop_links(self, now: datetime) -> None:
        """Message links signed until now no longer open, and they are signed out everywhere."""
        self.links_stopped_at = now
        self.end_sessions(now)

    def forget_health_details(self, channel: str, now: datetime) -> None:
        self.health_tags = []
        self.events.append(ConsentWithdrawn(self.id, "special_category", channel, now))

    def _set_profile(self, profile: Profile, special_consent: bool) -> None:
        if profile.health_tags and not special_consent:
            raise SignUpRejected(
                "health_tags",
                "Tick the box to let us keep health details, or leave them out.",
            )
        self.postcode, self.age_band = profile.postcode, profile.age_band
        self.support_needs = sorted(set(profile.support_needs))
        self.interpreter_language = profile.interpreter_language or None
        self.availability = sorted(set(profile.availability))
        self.interests = sorted(set(profile.interests))
        self.health_tags = sorted(set(profile.health_tags))

    def _contact_details(self) -> ContactDetailsChanged:
        return ContactDetailsChanged(
            self.id,
            self.preferred_name,
            self.phone,
            self.email,
            self.preferred_channel,
            self.language,
            list(self.support_needs),
            self.interpreter_language if "interpreter" in self.support_needs else None,
        )
