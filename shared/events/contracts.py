"""Every event Chorus publishes: its type, version, topic and data schema.

Events carry ids and facts only; contact details travel solely on the compacted
`recruitment.contact` topic (see DESIGN.md, "Personal data stays out of the log").
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.events.registry import event

CHANNELS = ("sms", "email")
LANGUAGES = ("en", "cy")
SIGN_UP_CHANNELS = ("web", "sms", "email_invitation", "partner_link", "qr_poster", "coordinator")


@event("ParticipantSignedUp", 1, topic="recruitment.participant")
class ParticipantSignedUpV1(Schema):
    participant_id = fields.UUID(required=True)
    sign_up_channel = fields.String(required=True, validate=validate.OneOf(SIGN_UP_CHANNELS))
    preferred_channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    language = fields.String(required=True, validate=validate.OneOf(LANGUAGES))
    signed_up_at = fields.AwareDateTime(required=True)


@event("ContactDetailsChanged", 1, topic="recruitment.contact")
class ContactDetailsChangedV1(Schema):
    participant_id = fields.UUID(required=True)
    preferred_name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    phone = fields.String(
        load_default=None, allow_none=True, validate=validate.Regexp(r"^\+\d{8,15}$")
    )
    email = fields.Email(load_default=None, allow_none=True)
    preferred_channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    language = fields.String(required=True, validate=validate.OneOf(LANGUAGES))


@event("MessageSent", 1, topic="notifications.message")
class MessageSentV1(Schema):
    message_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    template = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(("sent", "failed")))


@event("StaffSessionsRevoked", 1, topic="recruitment.staff")
class StaffSessionsRevokedV1(Schema):
    """Staff sessions issued before valid_after stop working in every service."""

    staff_id = fields.UUID(required=True)
    valid_after = fields.AwareDateTime(required=True)


@event("MagicLinkIssued", 1, topic="recruitment.magic-link")
class MagicLinkIssuedV1(Schema):
    """A link was issued; notifications sends it. The token is rebuilt there, never published."""

    link_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    purpose = fields.String(required=True, validate=validate.OneOf(("me", "book", "pay")))
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    expires_at = fields.AwareDateTime(required=True)


@event("SmsOptedOut", 1, topic="notifications.sms-consent")
class SmsOptedOutV1(Schema):
    """The participant texted STOP (or another opt-out word): send them no more texts."""

    participant_id = fields.UUID(required=True)
    at = fields.AwareDateTime(required=True)


@event("SmsOptedIn", 1, topic="notifications.sms-consent")
class SmsOptedInV1(Schema):
    participant_id = fields.UUID(required=True)
    at = fields.AwareDateTime(required=True)


@event("InboundSmsReceived", 1, topic="notifications.inbound-sms")
class InboundSmsReceivedV1(Schema):
    """A text to Chorus that was not a keyword, for the SMS dialogues. It carries what the person
    wrote, and their number when we do not know them yet, so its topic keeps only 7 days."""

    message_sid = fields.String(
        required=True, validate=validate.Regexp(r"^(SM|MM)[0-9a-fA-F]{32}$")
    )
    participant_id = fields.UUID(load_default=None, allow_none=True)
    from_number = fields.String(
        load_default=None, allow_none=True, validate=validate.Regexp(r"^\+\d{8,15}$")
    )
    text = fields.String(required=True, validate=validate.Length(max=1600))
    received_at = fields.AwareDateTime(required=True)
