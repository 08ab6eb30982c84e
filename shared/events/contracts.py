"""Every event Chorus publishes: its type, version, topic and data schema.

Events carry ids and facts only; contact details travel solely on the compacted
`recruitment.contact` topic (see DESIGN.md, "Personal data stays out of the log").
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.events.registry import event

CHANNELS = ("sms", "email")
LANGUAGES = ("en", "cy")
# Structured access and support needs (recruitment's profile); they drive logistics downstream.
SUPPORT_NEEDS = (
    "interpreter",
    "bsl",
    "large_print",
    "easy_read",
    "captions",
    "step_free",
    "hearing_loop",
    "carer",
    "data_or_device",
    "travel_help",
)
SIGN_UP_CHANNELS = ("web", "sms", "email_invitation", "partner_link", "qr_poster", "coordinator")
CHANNEL_CODE = validate.Regexp(r"^[A-Z0-9]{2,12}$")  # an activity's sign-up code ("DEMO")
E164 = validate.Regexp(r"^\+\d{8,15}$")  # a phone number in international form


@event("ParticipantSignedUp", 1, topic="recruitment.participant")
class ParticipantSignedUpV1(Schema):
    participant_id = fields.UUID(required=True)
    sign_up_channel = fields.String(required=True, validate=validate.OneOf(SIGN_UP_CHANNELS))
    preferred_channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    language = fields.String(required=True, validate=validate.OneOf(LANGUAGES))
    signed_up_at = fields.AwareDateTime(required=True)
    # Added within v1: the activity and channel code the sign-up came through (attribution).
    activity_id = fields.UUID(load_default=None, allow_none=True)
    channel_code = fields.String(load_default=None, allow_none=True, validate=CHANNEL_CODE)


CONSENT_SCOPES = ("taking_part", "special_category")


@event("ConsentGiven", 1, topic="recruitment.participant")
class ConsentGivenV1(Schema):
    """The participant agreed to a version of the consent text. "special_category" covers
    health conditions and lived experience, which are kept only with this explicit consent."""

    participant_id = fields.UUID(required=True)
    scope = fields.String(required=True, validate=validate.OneOf(CONSENT_SCOPES))
    consent_version = fields.String(required=True, validate=validate.Length(min=1, max=30))
    channel = fields.String(required=True, validate=validate.OneOf(SIGN_UP_CHANNELS))
    given_at = fields.AwareDateTime(required=True)


@event("ConsentWithdrawn", 1, topic="recruitment.participant")
class ConsentWithdrawnV1(Schema):
    """The participant took a consent back. For "taking_part" nobody may invite or remind
    them again; for "special_category" their health details are already deleted."""

    participant_id = fields.UUID(required=True)
    scope = fields.String(required=True, validate=validate.OneOf(CONSENT_SCOPES))
    channel = fields.String(required=True, validate=validate.OneOf(SIGN_UP_CHANNELS))
    withdrawn_at = fields.AwareDateTime(required=True)


@event("ErasureRequested", 1, topic="recruitment.participant")
class ErasureRequestedV1(Schema):
    """The participant asked us to forget them (UK GDPR article 17). Every service deletes what
    it holds about them, except what the law makes us keep (payments' ledger), which it keeps
    under the bare id. Recruitment also writes a tombstone on recruitment.contact."""

    participant_id = fields.UUID(required=True)
    requested_at = fields.AwareDateTime(required=True)


@event("ParticipantSessionsEnded", 1, topic="recruitment.participant")
class ParticipantSessionsEndedV1(Schema):
    """The participant signed out, stopped all their links or was erased: every session of
    theirs issued before ended_at stops working in every service, in every browser."""

    participant_id = fields.UUID(required=True)
    ended_at = fields.AwareDateTime(required=True)


@event("ContactDetailsChanged", 1, topic="recruitment.contact")
class ContactDetailsChangedV1(Schema):
    participant_id = fields.UUID(required=True)
    preferred_name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    phone = fields.String(load_default=None, allow_none=True, validate=E164)
    email = fields.Email(load_default=None, allow_none=True)
    preferred_channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    language = fields.String(required=True, validate=validate.OneOf(LANGUAGES))
    # Added within v1 (additive): what changes how we write to them, e.g. large print.
    support_needs = fields.List(
        fields.String(validate=validate.OneOf(SUPPORT_NEEDS)), load_default=list
    )


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


STAFF_ROLES = ("coordinator", "finance_approver", "admin")


@event("StaffProfileChanged", 1, topic="recruitment.staff-profile")
class StaffProfileChangedV1(Schema):
    """A staff account as other services show and tell it: the name staff pages print, the
    work email digests go to, the roles that decide who must act. Compacted, keyed by staff id,
    so a service that starts late still learns every colleague's latest profile. Staff details
    only: no participant's data ever travels here."""

    staff_id = fields.UUID(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    email = fields.Email(required=True)
    roles = fields.List(fields.String(validate=validate.OneOf(STAFF_ROLES)), required=True)
    active = fields.Boolean(required=True)
    changed_at = fields.AwareDateTime(required=True)


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
    from_number = fields.String(load_default=None, allow_none=True, validate=E164)
    text = fields.String(required=True, validate=validate.Length(max=1600))
    received_at = fields.AwareDateTime(required=True)


ACTIVITY_FORMATS = ("online", "in_person", "hybrid")


ACTIVITY_STATUSES = ("draft", "open", "closed")
RATE_UNITS = ("hour", "session", "day")


@event("ActivityPublished", 1, topic="recruitment.activity")
class ActivityPublishedV1(Schema):
    """An activity's title, status and offer ("what people get"), each time it is saved,
    opened or closed. Compacted, keyed by activity id. Payments makes the offer the activity's
    payment policy (unless a coordinator set one there); staff pages show the title.
    rate_pence 0 with expenses_covered is "expenses only"; 0 without is unpaid."""

    activity_id = fields.UUID(required=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    status = fields.String(required=True, validate=validate.OneOf(ACTIVITY_STATUSES))
    rate_pence = fields.Integer(required=True, validate=validate.Range(min=0, max=100_000))
    rate_unit = fields.String(required=True, validate=validate.OneOf(RATE_UNITS))
    expenses_covered = fields.Boolean(required=True)
    changed_at = fields.AwareDateTime(required=True)


@event("ParticipantInvited", 1, topic="recruitment.invitation")
class ParticipantInvitedV1(Schema):
    """A coordinator invited the participant to an activity; notifications tells them."""

    invitation_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    activity_title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    respond_by = fields.AwareDateTime(load_default=None, allow_none=True)
    # Added within v1: whether the activity pays for people's time (None: not said).
    paid = fields.Boolean(load_default=None, allow_none=True)


@event("BookingConfirmed", 1, topic="scheduling.booking")
class BookingConfirmedV1(Schema):
    """A place in a slot is the participant's. It carries the session (times, place, joining
    link) so the confirmation can hold a calendar invitation; none of it is about the person."""

    booking_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    session_id = fields.UUID(required=True)
    slot_id = fields.UUID(required=True)
    activity_title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    format = fields.String(required=True, validate=validate.OneOf(ACTIVITY_FORMATS))
    location = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    joining_url = fields.Url(load_default=None, allow_none=True)
    # Added within v1: how it was booked; "sms" means they are waiting for the answer by text.
    booked_via = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(("web", "sms", "coordinator"))
    )
    # Added within v1: the booking this one replaces (a move), so it is worded as a change.
    moved_from_booking_id = fields.UUID(load_default=None, allow_none=True)


DELIVERY_FAILURES = ("rejected", "opted_out", "gave_up", "undelivered", "failed")


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


ATTENDANCE_OUTCOMES = ("attended", "partly_attended", "no_show", "excused")


@event("AttendanceRecorded", 1, topic="scheduling.booking")
class AttendanceRecordedV1(Schema):
    """A coordinator recorded how a booked person took part; payments turns it into what they
    are owed (pro rata for partial attendance)."""

    booking_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    session_id = fields.UUID(required=True)
    slot_id = fields.UUID(required=True)
    outcome = fields.String(required=True, validate=validate.OneOf(ATTENDANCE_OUTCOMES))
    minutes_attended = fields.Integer(required=True, validate=validate.Range(min=0, max=24 * 60))
    session_minutes = fields.Integer(required=True, validate=validate.Range(min=1, max=24 * 60))
    session_starts_at = fields.AwareDateTime(required=True)
    recorded_by = fields.UUID(required=True)  # the staff member, for the audit trail
    recorded_at = fields.AwareDateTime(required=True)
    # Added within v1, so the check-in after a no-show can name the activity.
    activity_title = fields.String(load_default=None, allow_none=True)


class BookingOptionV1(Schema):
    choice = fields.Integer(required=True, validate=validate.Range(min=1, max=9))
    slot_id = fields.UUID(required=True)
    starts_at = fields.AwareDateTime(required=True)
    format = fields.String(required=True, validate=validate.OneOf(ACTIVITY_FORMATS))
    location = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))


OFFER_REASONS = ("asked", "invited", "changed", "expired", "full")


@event("BookingOptionsOffered", 1, topic="scheduling.booking")
class BookingOptionsOfferedV1(Schema):
    """The SMS booking dialogue offers numbered times; the person replies with a number.
    `reason` says why (they asked, were invited, asked to change, the offer expired, or the
    time they picked has filled up), so the text can say so plainly."""

    offer_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    activity_title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    options = fields.List(
        fields.Nested(BookingOptionV1), required=True, validate=validate.Length(max=9)
    )
    reason = fields.String(required=True, validate=validate.OneOf(OFFER_REASONS))
    expires_at = fields.AwareDateTime(required=True)


REPLY_HINTS = (
    "choose_a_number",
    "nothing_to_book",
    "nothing_to_cancel",
    "too_late_to_cancel",
    "nothing_to_take",
    "choose_poll_numbers",  # a reply to an availability poll that is not its option numbers
)


@event("BookingReplyNotUnderstood", 1, topic="scheduling.booking")
class BookingReplyNotUnderstoodV1(Schema):
    """A reply to the booking dialogue that we could not act on; notifications answers with a
    short, helpful text chosen by `hint` (never echoing what they wrote)."""

    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(load_default=None, allow_none=True)
    hint = fields.String(required=True, validate=validate.OneOf(REPLY_HINTS))
    choices = fields.Integer(load_default=None, allow_none=True)  # how many options are open


@event("SlotPublished", 1, topic="scheduling.slot")
class SlotPublishedV1(Schema):
    """A coordinator offered a time in a session; invitations and dialogues can offer it."""

    slot_id = fields.UUID(required=True)
    session_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    format = fields.String(required=True, validate=validate.OneOf(ACTIVITY_FORMATS))
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    capacity = fields.Integer(required=True, validate=validate.Range(min=1, max=500))
    booking_opens_at = fields.AwareDateTime(required=True)
    booking_closes_at = fields.AwareDateTime(required=True)


@event("BookingCancelled", 1, topic="scheduling.booking")
class BookingCancelledV1(Schema):
    """A booking was cancelled and its place freed (ids and times only)."""

    booking_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    session_id = fields.UUID(required=True)
    slot_id = fields.UUID(required=True)
    starts_at = fields.AwareDateTime(required=True)
    cancelled_at = fields.AwareDateTime(required=True)
    # Added within v1: who cancelled (the person, the organisers, or the whole session).
    cause = fields.String(
        load_default="participant",
        validate=validate.OneOf(("participant", "organiser", "session_cancelled", "moved")),
    )


# Payments (topic payments.payout, keyed by participant id): ids, amounts in integer pence, facts.
@event("EntitlementCreated", 1, topic="payments.payout")
class EntitlementCreatedV1(Schema):
    """Someone is owed money: attendance earned it, or a coordinator entered it."""

    entitlement_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    booking_id = fields.UUID(load_default=None, allow_none=True)  # None: entered by hand
    amount_pence = fields.Integer(required=True, validate=validate.Range(min=1))
    created_at = fields.AwareDateTime(required=True)
    # Added within v1: when the session it pays for started (None: entered by hand, or older).
    session_starts_at = fields.AwareDateTime(load_default=None, allow_none=True)


@event("ClaimApproved", 1, topic="payments.payout")
class ClaimApprovedV1(Schema):
    """Every approval the claim needed was given (four eyes above the finance threshold)."""

    entitlement_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    amount_pence = fields.Integer(required=True, validate=validate.Range(min=1))
    approval_version = fields.Integer(required=True, validate=validate.Range(min=1))
    approved_at = fields.AwareDateTime(required=True)
    # Added within v1: how it will reach them (None: they have not chosen yet).
    choice = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(("bank", "voucher", "decline"))
    )
    # Added within v1: the session the fee is for, so the message can name its day.
    session_starts_at = fields.AwareDateTime(load_default=None, allow_none=True)


@event("ClaimRejected", 1, topic="payments.payout")
class ClaimRejectedV1(Schema):
    """`reason` is written for the participant, who is told it."""

    entitlement_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))
    rejected_at = fields.AwareDateTime(required=True)


@event("PayoutSent", 1, topic="payments.payout")
class PayoutSentV1(Schema):
    """Stripe made the transfer to the participant's connected account."""

    payout_id = fields.UUID(required=True)
    entitlement_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    amount_pence = fields.Integer(required=True, validate=validate.Range(min=1))
    transfer_id = fields.String(required=True, validate=validate.Length(min=1, max=80))
    sent_at = fields.AwareDateTime(required=True)


@event("PayoutFailed", 1, topic="payments.payout")
class PayoutFailedV1(Schema):
    """Stripe refused or reversed the transfer; `reason_code` is Stripe's code or event type."""

    payout_id = fields.UUID(required=True)
    entitlement_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    amount_pence = fields.Integer(required=True, validate=validate.Range(min=1))
    reason_code = fields.String(required=True, validate=validate.Length(min=1, max=100))
    failed_at = fields.AwareDateTime(required=True)


@event("ReminderDue", 1, topic="scheduling.booking")
class ReminderDueV1(Schema):
    """Time to remind someone of their booking (by default 2 days and 2 hours before)."""

    booking_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    activity_title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    format = fields.String(required=True, validate=validate.OneOf(ACTIVITY_FORMATS))
    location = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    joining_url = fields.Url(load_default=None, allow_none=True)
    hours_before = fields.Integer(required=True, validate=validate.Range(min=0, max=24 * 14))


@event("SessionCancelled", 1, topic="scheduling.session")
class SessionCancelledV1(Schema):
    """The organisers called a session off. Each booking also gets BookingCancelled (cause
    session_cancelled), which is what tells the person; `late` lets payments apply the
    activity's late-cancellation policy to these bookings."""

    session_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    first_starts_at = fields.AwareDateTime(required=True)
    cancelled_at = fields.AwareDateTime(required=True)
    late = fields.Boolean(required=True)
    booking_ids = fields.List(fields.UUID(), required=True)


# Waitlists and approvals (topic scheduling.booking, keyed by participant id): ids and times only.
@event("WaitlistJoined", 1, topic="scheduling.booking")
class WaitlistJoinedV1(Schema):
    """Someone joined a full time's waitlist; `position` is their place in line (1 = next)."""

    entry_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    session_id = fields.UUID(required=True)
    slot_id = fields.UUID(required=True)
    joined_at = fields.AwareDateTime(required=True)
    position = fields.Integer(required=True, validate=validate.Range(min=1))


@event("PlaceOffered", 1, topic="scheduling.booking")
class PlaceOfferedV1(Schema):
    """A place came free and is held for the first person waiting until `hold_expires_at`;
    accepting the hold (`hold_id`) books it, otherwise it passes to the next person."""

    hold_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    session_id = fields.UUID(required=True)
    slot_id = fields.UUID(required=True)
    starts_at = fields.AwareDateTime(required=True)
    offered_at = fields.AwareDateTime(required=True)
    hold_expires_at = fields.AwareDateTime(required=True)


@event("BookingRejected", 1, topic="scheduling.booking")
class BookingRejectedV1(Schema):
    """A coordinator turned down a booking that needed approval; its place is free again."""

    booking_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    session_id = fields.UUID(required=True)
    slot_id = fields.UUID(required=True)
    starts_at = fields.AwareDateTime(required=True)
    rejected_at = fields.AwareDateTime(required=True)


@event("BookingMoved", 1, topic="scheduling.booking")
class BookingMovedV1(Schema):
    """The person moved to another time of the same session: BookingCancelled (cause moved)
    and BookingConfirmed (moved_from_booking_id) carry the details; this says it was one act."""

    from_booking_id = fields.UUID(required=True)
    to_booking_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    session_id = fields.UUID(required=True)
    from_slot_id = fields.UUID(required=True)
    to_slot_id = fields.UUID(required=True)
    moved_at = fields.AwareDateTime(required=True)


@event("BankDetailsRequested", 1, topic="payments.payout")
class BankDetailsRequestedV1(Schema):
    """They chose to be paid by bank transfer: send them to /pay/bank to give Stripe their
    details. Ids only; the Stripe onboarding link is made fresh on that page, never sent."""

    participant_id = fields.UUID(required=True)
    requested_at = fields.AwareDateTime(required=True)


@event("BankPayoutRefused", 1, topic="payments.payout")
class BankPayoutRefusedV1(Schema):
    """Their bank refused a payout from their Stripe connected account (Stripe's payout.failed,
    a Connect event): ask them for new bank details on /pay/bank. The money waits in that
    account; `failure_code` is Stripe's (e.g. account_closed), never their bank details."""

    participant_id = fields.UUID(required=True)
    amount_pence = fields.Integer(required=True, validate=validate.Range(min=1))
    failure_code = fields.String(required=True, validate=validate.Length(min=1, max=100))
    refused_at = fields.AwareDateTime(required=True)


@event("PayoutDestinationProposed", 1, topic="payments.payout")
class PayoutDestinationProposedV1(Schema):
    """Staff asked to change where this participant is paid; it waits for a second person.
    They are told at once, so a change they did not ask for is seen. No account ids."""

    participant_id = fields.UUID(required=True)
    proposed_at = fields.AwareDateTime(required=True)


class PollOptionV1(Schema):
    choice = fields.Integer(required=True, validate=validate.Range(min=1, max=9))
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)


@event("PollInvited", 1, topic="scheduling.booking")
class PollInvitedV1(Schema):
    """Asked which of a poll's numbered times suit them (before any slots are fixed);
    notifications lists the times and how to answer: on the web page, or by text with the
    numbers ("1 3")."""

    poll_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    format = fields.String(required=True, validate=validate.OneOf(ACTIVITY_FORMATS))
    location = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    options = fields.List(
        fields.Nested(PollOptionV1), required=True, validate=validate.Length(min=1, max=9)
    )
    closes_at = fields.AwareDateTime(required=True)


@event("PollAnswered", 1, topic="scheduling.booking")
class PollAnsweredV1(Schema):
    """Their answer to a poll (replacing any earlier one); `choices` empty means none suit.
    An answer by text is acknowledged by text."""

    poll_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    choices = fields.List(fields.Integer(validate=validate.Range(min=1, max=9)), required=True)
    via = fields.String(required=True, validate=validate.OneOf(("web", "sms")))
    answered_at = fields.AwareDateTime(required=True)


# Payments: expense claims (topic payments.payout, keyed by participant id) and budget warnings
# (topic payments.budget, keyed by activity id). Ids, categories and integer pence only.
@event("ClaimSubmitted", 1, topic="payments.payout")
class ClaimSubmittedV1(Schema):
    """An expense claim for a session attended, now an entitlement awaiting approval."""

    claim_id = fields.UUID(required=True)
    entitlement_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    booking_id = fields.UUID(required=True)
    amount_pence = fields.Integer(required=True, validate=validate.Range(min=1))
    categories = fields.List(
        fields.String(
            validate=validate.OneOf(
                (
                    "mileage", "public_transport", "taxi", "parking", "care_cover",
                    "data_device", "overnight",
                )
            )
        ),
        required=True,
    )  # fmt: skip
    receipt_count = fields.Integer(required=True, validate=validate.Range(min=0))
    by_participant = fields.Boolean(required=True)  # False: a coordinator entered it for them
    submitted_at = fields.AwareDateTime(required=True)


@event("BudgetWarning", 1, topic="payments.budget")
class BudgetWarningV1(Schema):
    """Approved spend reached 80% or 100% of the activity's budget (each announced once)."""

    activity_id = fields.UUID(required=True)
    threshold_percent = fields.Integer(required=True, validate=validate.OneOf((80, 100)))
    budget_pence = fields.Integer(required=True, validate=validate.Range(min=1))
    spent_pence = fields.Integer(required=True, validate=validate.Range(min=0))
    at = fields.AwareDateTime(required=True)


# The SMS sign-up dialogue (JOIN <CODE>): recruitment decides what to ask or say, notifications
# words it. A stranger has no participant id yet, so these carry the number they texted from,
# never their answers, on a topic that keeps 7 days (like notifications.inbound-sms).
SIGN_UP_QUESTIONS = ("name", "postcode", "consent", "support_needs")
# Why a question is asked again: the reply was too long, not a name, not a postcode, not
# AGREE or NO, or not numbers from the list.
SIGN_UP_PROBLEMS = ("too_long", "name", "postcode", "agree_or_no", "numbers")
SIGN_UP_OUTCOMES = (
    "registered",  # signed up: the confirmation
    "already_registered",  # we know them: interest recorded, no questions
    "not_added",  # they withdrew before: not put back on any list by a text
    "declined",  # NO to consent: nothing kept
    "unknown_code",
    "uk_mobile_only",  # texts from outside the UK cannot sign up (they can on the web)
    "not_open",  # the code's activity is not taking sign-ups
    "expired",  # a day of silence: the dialogue was forgotten
    "start_again",  # a text we cannot place: how to start
    "left",  # LEAVE: they withdrew consent to take part, by text
)


@event("SignUpQuestionAsked", 1, topic="recruitment.sms-dialogue")
class SignUpQuestionAskedV1(Schema):
    """Ask the next question of a sign-up by text (or the same one again, with `problem`)."""

    dialogue_id = fields.UUID(required=True)
    from_number = fields.String(required=True, validate=E164)
    language = fields.String(required=True, validate=validate.OneOf(LANGUAGES))
    question = fields.String(required=True, validate=validate.OneOf(SIGN_UP_QUESTIONS))
    problem = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(SIGN_UP_PROBLEMS)
    )
    activity_id = fields.UUID(required=True)
    activity_title = fields.String(required=True, validate=validate.Length(min=1, max=120))


@event("SignUpReplied", 1, topic="recruitment.sms-dialogue")
class SignUpRepliedV1(Schema):
    """How a sign-up by text ended, or why it could not start. Sent to `from_number`, or to
    the participant when we already know them (then `from_number` is null)."""

    dialogue_id = fields.UUID(required=True)
    from_number = fields.String(load_default=None, allow_none=True, validate=E164)
    participant_id = fields.UUID(load_default=None, allow_none=True)
    language = fields.String(required=True, validate=validate.OneOf(LANGUAGES))
    outcome = fields.String(required=True, validate=validate.OneOf(SIGN_UP_OUTCOMES))
    code = fields.String(load_default=None, allow_none=True, validate=CHANNEL_CODE)
    activity_id = fields.UUID(load_default=None, allow_none=True)
    activity_title = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(min=1, max=120)
    )


# Staff tasks: something a coordinator or finance approver must act on, for notifications'
# digest and immediate emails. Each owner publishes its own on its own compacted topic, keyed by
# task id, so the latest state ("open" or "done") of every task survives compaction. Ids, counts
# and pence only: no participant is named or identified (the page at `path` shows who).
STAFF_TASK_KINDS = (
    "claim_needs_coordinator",  # payments: a claim waits for a coordinator's approval
    "claim_needs_finance",  # payments: approved once, waits for a different finance approver
    "budget_80",  # payments: approved spend reached 80% of the activity's budget
    "budget_100",  # payments: ... and 100%
    "session_below_minimum",  # scheduling: too few booked near the time to decide
    "hold_expired",  # scheduling: a held place was not taken in time
)


class StaffTaskV1(Schema):
    task_id = fields.UUID(required=True)  # stable per kind and subject (uuid5), so states replace
    kind = fields.String(required=True, validate=validate.OneOf(STAFF_TASK_KINDS))
    state = fields.String(required=True, validate=validate.OneOf(("open", "done")))
    activity_id = fields.UUID(required=True)
    roles = fields.List(
        fields.String(validate=validate.OneOf(STAFF_ROLES)),
        required=True,
        validate=validate.Length(min=1),
    )  # who may act on it
    path = fields.String(
        required=True, validate=validate.Regexp(r"^/[A-Za-z0-9/_\-.?=&]{0,299}$")
    )  # the page where it is done, on the public address
    urgent = fields.Boolean(required=True)  # email the people who must act now, not only daily
    # Staff who must not act on it (four eyes: whoever created or is paid by the claim).
    not_for_staff_ids = fields.List(fields.UUID(), load_default=list)
    amount_pence = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=0)
    )
    budget_pence = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=0)
    )
    booked = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))
    minimum = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))
    starts_at = fields.AwareDateTime(load_default=None, allow_none=True)  # the session's time
    changed_at = fields.AwareDateTime(required=True)


event("PaymentsStaffTask", 1, topic="payments.staff-task")(
    type("PaymentsStaffTaskV1", (StaffTaskV1,), {"__doc__": "A payments task for staff."})
)
event("SchedulingStaffTask", 1, topic="scheduling.staff-task")(
    type("SchedulingStaffTaskV1", (StaffTaskV1,), {"__doc__": "A scheduling task for staff."})
)
