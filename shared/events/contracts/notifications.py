"""The events notifications publishes (topics notifications.*): messages sent, delivered (a
text's receipt) or failed for good, SMS consent, and the texts people send us."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.events.contracts.validators import E164
from shared.events.registry import event
from shared.vocabulary.notifications import CHANNELS, DELIVERY_FAILURES, MESSAGE_STATUSES


@event("MessageSent", 1, topic="notifications.message")
class MessageSentV1(Schema):
    message_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    template = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(MESSAGE_STATUSES))
    # Added within v1: whose message (its activity, its organisation; null: the deployment's
    # own, like a sign-in link) and when it went or failed. Never its words or address.
    activity_id = fields.UUID(load_default=None, allow_none=True)
    organisation_id = fields.UUID(load_default=None, allow_none=True)
    sent_at = fields.AwareDateTime(load_default=None, allow_none=True)


@event("MessageDelivered", 1, topic="notifications.message")
class MessageDeliveredV1(Schema):
    """The carrier's receipt says a text reached the phone (email has no receipt). On the same
    topic and key as MessageSent, so it follows the message's own MessageSent."""

    message_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(load_default=None, allow_none=True)
    organisation_id = fields.UUID(load_default=None, allow_none=True)
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    template = fields.String(required=True)
    delivered_at = fields.AwareDateTime(required=True)


@event("SmsOptedOut", 1, topic="notifications.sms-consent")
class SmsOptedOutV1(Schema):
    """The participant texted STOP (or another opt-out word) to one sender: send them no more
    texts from it. `organisation_id`: the organisation whose number they texted; null, the
    deployment's own number (which the organisations without a number of their own share)."""

    participant_id = fields.UUID(required=True)
    at = fields.AwareDateTime(required=True)
    organisation_id = fields.UUID(load_default=None, allow_none=True)


@event("SmsOptedIn", 1, topic="notifications.sms-consent")
class SmsOptedInV1(Schema):
    """START to a sender they had stopped (`organisation_id` as in SmsOptedOut)."""

    participant_id = fields.UUID(required=True)
    at = fields.AwareDateTime(required=True)
    organisation_id = fields.UUID(load_default=None, allow_none=True)


@event("InboundSmsReceived", 1, topic="notifications.inbound-sms")
class InboundSmsReceivedV1(Schema):
    """A text to Chorus that was not a keyword, for the SMS dialogues. It carries what the person
    wrote, and their number when we do not know them yet, so its topic keeps only 7 days."""

    message_sid = fields.String(
        required=True, validate=validate.Regexp(r"^(SM|MM)[0-9a-fA-F]{32}$")
    )
    participant_id = fields.UUID(load_default=None, allow_none=True)
    from_number = fields.String(load_default=None, allow_none=True, validate=E164)
    text = fields.String(required=True, validate=validate.Length(max=1600))
    received_at = fields.AwareDateTime(required=True)
    # Whose number they texted, so a reply goes to that organisation's dialogue; None: the
    # deployment's own number. Added within version 1: absent from older events.
    organisation_id = fields.UUID(load_default=None, allow_none=True)


@event("MessageDeliveryFailed", 1, topic="notifications.delivery")
class MessageDeliveryFailedV1(Schema):
    """A message did not reach the person for good, so the service that asked for it can try
    another way (a phone call, a letter). The reason is a code, never the message's words."""

    message_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(load_default=None, allow_none=True)
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    template = fields.String(required=True)
    reason = fields.String(required=True, validate=validate.OneOf(DELIVERY_FAILURES))
    provider_code = fields.String(load_default=None, allow_none=True)
    failed_at = fields.AwareDateTime(required=True)
