"""Every event Chorus publishes, one module per producing service (the topic's prefix):
recruitment, scheduling, payments, notifications. Importing this package registers them all;
each event's allowed words live in shared/vocabulary/<producer>.py (no marshmallow there)."""

from __future__ import annotations

# Registration: importing a producer's module registers its events.
from shared.events.contracts import notifications as notifications
from shared.events.contracts import payments as payments
from shared.events.contracts import recruitment as recruitment
from shared.events.contracts import scheduling as scheduling

# shim: remove after the #18 merge. The names of the old single module shared/events/contracts.py,
# re-exported so that `from shared.events.contracts import X` keeps working; import them from
# shared.events.contracts.<producer> (schemas) or shared.vocabulary.<producer> (words) instead.
from shared.events.contracts.notifications import (
    InboundSmsReceivedV1,
    MessageDeliveryFailedV1,
    MessageSentV1,
    SmsOptedInV1,
    SmsOptedOutV1,
)
from shared.events.contracts.payments import (
    BankDetailsRequestedV1,
    BankPayoutRefusedV1,
    BudgetWarningV1,
    ClaimApprovedV1,
    ClaimRejectedV1,
    ClaimSubmittedV1,
    EntitlementCreatedV1,
    PayoutDestinationProposedV1,
    PayoutFailedV1,
    PayoutSentV1,
)
from shared.events.contracts.recruitment import (
    CHANNEL_CODE,
    ActivityPublishedV1,
    ConsentGivenV1,
    ConsentWithdrawnV1,
    ContactDetailsChangedV1,
    ErasureRequestedV1,
    MagicLinkIssuedV1,
    ParticipantInvitedV1,
    ParticipantSessionsEndedV1,
    ParticipantSignedUpV1,
    SignUpQuestionAskedV1,
    SignUpRepliedV1,
    StaffProfileChangedV1,
    StaffSessionsRevokedV1,
)
from shared.events.contracts.scheduling import (
    AttendanceRecordedV1,
    BookingCancelledV1,
    BookingConfirmedV1,
    BookingMovedV1,
    BookingOptionsOfferedV1,
    BookingOptionV1,
    BookingRejectedV1,
    BookingReplyNotUnderstoodV1,
    PlaceOfferedV1,
    PollAnsweredV1,
    PollInvitedV1,
    PollOptionV1,
    ReminderDueV1,
    SessionCancelledV1,
    SlotPublishedV1,
    WaitlistJoinedV1,
)
from shared.events.contracts.staff_tasks import StaffTaskV1
from shared.events.contracts.validators import E164
from shared.vocabulary.notifications import DELIVERY_FAILURES
from shared.vocabulary.recruitment import (
    ACTIVITY_STATUSES,
    CHANNELS,
    CONSENT_SCOPES,
    LANGUAGES,
    RATE_UNITS,
    SIGN_UP_CHANNELS,
    SIGN_UP_OUTCOMES,
    SIGN_UP_PROBLEMS,
    SIGN_UP_QUESTIONS,
    STAFF_ROLES,
    SUPPORT_NEEDS,
)
from shared.vocabulary.scheduling import (
    ACTIVITY_FORMATS,
    ATTENDANCE_OUTCOMES,
    OFFER_REASONS,
    REPLY_HINTS,
)
from shared.vocabulary.staff_tasks import STAFF_TASK_KINDS

# shim: remove after the #18 merge (with the re-exports above).
__all__ = [
    "ACTIVITY_FORMATS",
    "ACTIVITY_STATUSES",
    "ATTENDANCE_OUTCOMES",
    "CHANNELS",
    "CHANNEL_CODE",
    "CONSENT_SCOPES",
    "DELIVERY_FAILURES",
    "E164",
    "LANGUAGES",
    "OFFER_REASONS",
    "RATE_UNITS",
    "REPLY_HINTS",
    "SIGN_UP_CHANNELS",
    "SIGN_UP_OUTCOMES",
    "SIGN_UP_PROBLEMS",
    "SIGN_UP_QUESTIONS",
    "STAFF_ROLES",
    "STAFF_TASK_KINDS",
    "SUPPORT_NEEDS",
    "ActivityPublishedV1",
    "AttendanceRecordedV1",
    "BankDetailsRequestedV1",
    "BankPayoutRefusedV1",
    "BookingCancelledV1",
    "BookingConfirmedV1",
    "BookingMovedV1",
    "BookingOptionV1",
    "BookingOptionsOfferedV1",
    "BookingRejectedV1",
    "BookingReplyNotUnderstoodV1",
    "BudgetWarningV1",
    "ClaimApprovedV1",
    "ClaimRejectedV1",
    "ClaimSubmittedV1",
    "ConsentGivenV1",
    "ConsentWithdrawnV1",
    "ContactDetailsChangedV1",
    "EntitlementCreatedV1",
    "ErasureRequestedV1",
    "InboundSmsReceivedV1",
    "MagicLinkIssuedV1",
    "MessageDeliveryFailedV1",
    "MessageSentV1",
    "ParticipantInvitedV1",
    "ParticipantSessionsEndedV1",
    "ParticipantSignedUpV1",
    "PayoutDestinationProposedV1",
    "PayoutFailedV1",
    "PayoutSentV1",
    "PlaceOfferedV1",
    "PollAnsweredV1",
    "PollInvitedV1",
    "PollOptionV1",
    "ReminderDueV1",
    "SessionCancelledV1",
    "SignUpQuestionAskedV1",
    "SignUpRepliedV1",
    "SlotPublishedV1",
    "SmsOptedInV1",
    "SmsOptedOutV1",
    "StaffProfileChangedV1",
    "StaffSessionsRevokedV1",
    "StaffTaskV1",
    "WaitlistJoinedV1",
    "annotations",
]
