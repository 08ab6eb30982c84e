"""The events recruitment publishes (topics recruitment.*): participants, their contact details
and consents, staff accounts, magic links, activities, invitations and the SMS sign-up dialogue.

Events carry ids and facts only; contact details travel solely on the compacted
`recruitment.contact` topic (personal data stays out of the log).
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.events.contracts.validators import E164
from shared.events.registry import event
from shared.vocabulary.recruitment import (
    ACTIVITY_STATUSES,
    CHANNEL_CODE_PATTERN,
    CHANNELS,
    CONSENT_SCOPES,
    LANGUAGES,
    LINK_PURPOSES,
    MESSAGING_SERVICE_PATTERN,
    OUTCOME_STATUSES,
    RATE_UNITS,
    SHORT_NAME_PATTERN,
    SIGN_UP_CHANNELS,
    SIGN_UP_OUTCOMES,
    SIGN_UP_PROBLEMS,
    SIGN_UP_QUESTIONS,
    STAFF_ROLES,
    STRIPE_ACCOUNT_PATTERN,
    SUPPORT_NEEDS,
)

CHANNEL_CODE = validate.Regexp(CHANNEL_CODE_PATTERN)  # an activity's sign-up code ("DEMO")


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


@event("ConsentGiven", 1, topic="recruitment.participant")
class ConsentGivenV1(Schema):
    """The participant agreed to a version of the consent text. "special_category" covers
    health conditions and lived experience, which are kept only with this explicit consent."""

    participant_id = fields.UUID(required=True)
    scope = fields.String(required=True, validate=validate.OneOf(CONSENT_SCOPES))
    consent_version = fields.String(required=True, validate=validate.Length(min=1, max=30))
    channel = fields.String(required=True, validate=validate.OneOf(SIGN_UP_CHANNELS))
    given_at = fields.AwareDateTime(required=True)
    # Added within v1: the organisation agreed to (null: from before organisations).
    organisation_id = fields.UUID(load_default=None, allow_none=True)


@event("ConsentWithdrawn", 1, topic="recruitment.participant")
class ConsentWithdrawnV1(Schema):
    """The participant took a consent back. For "taking_part" nobody may invite or remind
    them again; for "special_category" their health details are already deleted."""

    participant_id = fields.UUID(required=True)
    scope = fields.String(required=True, validate=validate.OneOf(CONSENT_SCOPES))
    channel = fields.String(required=True, validate=validate.OneOf(SIGN_UP_CHANNELS))
    withdrawn_at = fields.AwareDateTime(required=True)


@event("ParticipantLeftOrganisation", 1, topic="recruitment.participant")
class ParticipantLeftOrganisationV1(Schema):
    """The participant left one organisation (from their own page): its staff may not invite,
    remind or book them again; every other organisation keeps them as they were."""

    participant_id = fields.UUID(required=True)
    organisation_id = fields.UUID(required=True)
    left_at = fields.AwareDateTime(required=True)


@event("ErasureFromOrganisationRequested", 1, topic="recruitment.participant")
class ErasureFromOrganisationRequestedV1(Schema):
    """The participant asked one organisation to forget them (UK GDPR article 17, that data
    controller only); they have left it (ParticipantLeftOrganisation comes first). Every service
    deletes what it holds about them in that organisation's rows (its activities' sign-ups,
    sessions' bookings, messages sent as it), except what the law makes it keep (payments'
    ledger, under the bare id). Contact details stay: the other organisations still use them.
    Erasure from the last organisation they were with is ErasureRequested instead."""

    participant_id = fields.UUID(required=True)
    organisation_id = fields.UUID(required=True)
    requested_at = fields.AwareDateTime(required=True)


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
    # Added within v1: the spoken language of the "interpreter" need, so the interpreter staff
    # book speaks it (scheduling's arrangements).
    interpreter_language = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(min=1, max=40)
    )


@event("StaffSessionsRevoked", 1, topic="recruitment.staff")
class StaffSessionsRevokedV1(Schema):
    """Staff sessions issued before valid_after stop working in every service."""

    staff_id = fields.UUID(required=True)
    valid_after = fields.AwareDateTime(required=True)


class MembershipV1(Schema):
    organisation_id = fields.UUID(required=True)
    roles = fields.List(fields.String(validate=validate.OneOf(STAFF_ROLES)), required=True)


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
    # The roles in each organisation (`roles` above is every role anywhere, for services that
    # do not scope by organisation yet). Added within version 1: absent from older events.
    memberships = fields.List(fields.Nested(MembershipV1), load_default=list)


@event("OrganisationChanged", 1, topic="recruitment.organisation")
class OrganisationChangedV1(Schema):
    """An organisation on this deployment, each time a platform admin creates or changes it:
    what its pages, texts, emails and payments go out as. Compacted, keyed by organisation id,
    so a service that starts late still knows every organisation. The organisation's public
    details only: no participant's or staff member's data."""

    organisation_id = fields.UUID(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    short_name = fields.String(required=True, validate=validate.Regexp(SHORT_NAME_PATTERN))
    welsh_name = fields.String(required=True, allow_none=True, validate=validate.Length(max=100))
    public_contact = fields.String(required=True, validate=validate.Length(min=1, max=200))
    privacy_notice_url = fields.Url(required=True, allow_none=True, schemes={"https"})
    accessibility_contact = fields.String(
        required=True, allow_none=True, validate=validate.Length(max=200)
    )
    logo_url = fields.Url(required=True, allow_none=True, schemes={"https"})
    # None: the deployment's own sender (TWILIO_FROM_NUMBER, EMAIL_FROM) is used.
    sms_sender = fields.String(
        required=True,
        allow_none=True,
        validate=validate.Regexp(rf"^\+\d{{8,15}}$|{MESSAGING_SERVICE_PATTERN}"),
    )
    email_from_name = fields.String(
        required=True, allow_none=True, validate=validate.Length(max=100)
    )
    email_from_address = fields.Email(required=True, allow_none=True)
    # None: payments are made from the platform's own Stripe account.
    stripe_account = fields.String(
        required=True, allow_none=True, validate=validate.Regexp(STRIPE_ACCOUNT_PATTERN)
    )
    finance_threshold_pence = fields.Integer(
        required=True, validate=validate.Range(min=0, max=1_000_000)
    )
    changed_at = fields.AwareDateTime(required=True)


@event("MagicLinkIssued", 1, topic="recruitment.magic-link")
class MagicLinkIssuedV1(Schema):
    """A link was issued; notifications sends it. The token is rebuilt there, never published."""

    link_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    purpose = fields.String(required=True, validate=validate.OneOf(LINK_PURPOSES))
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    expires_at = fields.AwareDateTime(required=True)


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
    # Whose activity (added within version 1: None in older events, the first organisation).
    organisation_id = fields.UUID(load_default=None, allow_none=True)


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


@event("OutcomePublished", 1, topic="recruitment.outcome")
class OutcomePublishedV1(Schema):
    """A coordinator published what an activity changed ("you said, we did"). Keyed by activity
    id. `participant_ids` are the contributors to tell (ids only, those who did not opt out);
    the outcome's description and reason stay in recruitment, on the public page at
    `page_path`."""

    outcome_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    activity_title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    organisation_id = fields.UUID(required=True)
    # What changed, in the coordinator's short words (public on the page; about no person).
    outcome_title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    status = fields.String(required=True, validate=validate.OneOf(OUTCOME_STATUSES))
    published_at = fields.AwareDateTime(required=True)
    page_path = fields.String(
        required=True, validate=[validate.Length(max=200), validate.Regexp(r"^/join/[\w/-]+$")]
    )
    participant_ids = fields.List(
        fields.UUID(), required=True, validate=validate.Length(max=20_000)
    )


# The SMS sign-up dialogue (JOIN <CODE>): recruitment decides what to ask or say, notifications
# words it. A stranger has no participant id yet, so these carry the number they texted from,
# never their answers, on a topic that keeps 7 days (like notifications.inbound-sms).


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
