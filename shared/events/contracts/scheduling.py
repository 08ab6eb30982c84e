"""The events scheduling publishes (topics scheduling.*): slots, bookings and their dialogue,
waitlists and holds, reminders, attendance, cancelled sessions, polls, and staff tasks."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from shared.events.contracts.staff_tasks import StaffTaskV1
from shared.events.registry import event
from shared.vocabulary.scheduling import (
    ACTIVITY_FORMATS,
    ARRANGEMENT_KINDS,
    ARRANGEMENT_OUTCOMES,
    ATTENDANCE_OUTCOMES,
    BOOKING_CHANNELS,
    CANCELLATION_CAUSES,
    FEEDBACK_CHANNELS,
    FEEDBACK_STEPS,
    OFFER_REASONS,
    PANEL_ANSWER_CHANNELS,
    PANEL_ANSWERS,
    PANEL_LEAVINGS,
    POLL_ANSWER_CHANNELS,
    REPLY_HINTS,
)


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
        load_default=None, allow_none=True, validate=validate.OneOf(BOOKING_CHANNELS)
    )
    # Added within v1: the booking this one replaces (a move), so it is worded as a change.
    moved_from_booking_id = fields.UUID(load_default=None, allow_none=True)


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
        validate=validate.OneOf(CANCELLATION_CAUSES),
    )


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


class SettledForV1(Schema):
    """Someone whose every arrangement at that time is now settled, so they can be told what
    was arranged (and what could not be): once, and again only when that changes."""

    booking_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    done = fields.List(fields.String(validate=validate.OneOf(ARRANGEMENT_KINDS)), required=True)
    not_possible = fields.List(
        fields.String(validate=validate.OneOf(ARRANGEMENT_KINDS)), required=True
    )
    # Added within v1 (additive): they were told what was arranged before, and a settled task
    # has since changed what they would be told, so this is an update.
    update = fields.Boolean(load_default=False)


@event("ArrangementDone", 1, topic="scheduling.session")
class ArrangementDoneV1(Schema):
    """A coordinator settled an arrangement for a session's time (done, or not possible: the
    reason stays in scheduling). Kinds and ids only; `settled_for` lists the bookings whose
    arrangements at that time are now all settled, for notifications to tell them."""

    task_id = fields.UUID(required=True)
    session_id = fields.UUID(required=True)
    slot_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(ARRANGEMENT_KINDS))
    outcome = fields.String(required=True, validate=validate.OneOf(ARRANGEMENT_OUTCOMES))
    count = fields.Integer(required=True, validate=validate.Range(min=0, max=500))
    starts_at = fields.AwareDateTime(required=True)
    settled_at = fields.AwareDateTime(required=True)
    settled_for = fields.List(fields.Nested(SettledForV1), required=True)


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
    via = fields.String(required=True, validate=validate.OneOf(POLL_ANSWER_CHANNELS))
    answered_at = fields.AwareDateTime(required=True)


@event("FeedbackRequested", 1, topic="scheduling.booking")
class FeedbackRequestedV1(Schema):
    """After a session they attended: `ask` asks how it went by their own channel (with a link
    to the form, `/book/feedback/<request_id>`); in the texted dialogue, `rating_again` (their
    reply was not 1 to 5, said once), `words` (a few words, if they want) and `thanks`."""

    request_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    session_id = fields.UUID(required=True)
    activity_title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    step = fields.String(required=True, validate=validate.OneOf(FEEDBACK_STEPS))
    asked_at = fields.AwareDateTime(required=True)


@event("FeedbackGiven", 1, topic="scheduling.session")
class FeedbackGivenV1(Schema):
    """Someone answered, or added to their answer (the latest per `feedback_id` stands).
    Keyed by session. No person and no words: those stay in scheduling."""

    feedback_id = fields.UUID(required=True)
    session_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    rating = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=1, max=5)
    )
    with_words = fields.Boolean(required=True)
    via = fields.String(required=True, validate=validate.OneOf(FEEDBACK_CHANNELS))
    given_at = fields.AwareDateTime(required=True)


SchedulingStaffTaskV1 = event("SchedulingStaffTask", 1, topic="scheduling.staff-task")(
    type("SchedulingStaffTaskV1", (StaffTaskV1,), {"__doc__": "A scheduling task for staff."})
)


@event("PanelMemberInvited", 1, topic="scheduling.booking")
class PanelMemberInvitedV1(Schema):
    """Asked to be a member of an advisory panel (an activity) for a term, UK days both
    included; notifications asks them to reply Y or N, or use the page. Keyed by activity."""

    activity_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)


@event("PanelMemberJoined", 1, topic="scheduling.booking")
class PanelMemberJoinedV1(Schema):
    activity_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    via = fields.String(required=True, validate=validate.OneOf(PANEL_ANSWER_CHANNELS))
    joined_at = fields.AwareDateTime(required=True)


@event("PanelMemberLeft", 1, topic="scheduling.booking")
class PanelMemberLeftV1(Schema):
    """Declined the invitation, or left the panel: only the panel, never Chorus."""

    activity_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    how = fields.String(required=True, validate=validate.OneOf(PANEL_LEAVINGS))
    via = fields.String(required=True, validate=validate.OneOf(PANEL_ANSWER_CHANNELS))
    left_at = fields.AwareDateTime(required=True)


@event("PanelMeetingScheduled", 1, topic="scheduling.booking")
class PanelMeetingScheduledV1(Schema):
    """A panel meeting: a session with one time (SlotPublished too), keyed by activity."""

    activity_id = fields.UUID(required=True)
    session_id = fields.UUID(required=True)
    slot_id = fields.UUID(required=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    format = fields.String(required=True, validate=validate.OneOf(ACTIVITY_FORMATS))
    location = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))


@event("PanelMeetingInvited", 1, topic="scheduling.booking")
class PanelMeetingInvitedV1(Schema):
    """A member is asked to one meeting within their term; notifications gives the UK time
    and asks for Y or N (or the page). Yes becomes a booking (BookingConfirmed)."""

    activity_id = fields.UUID(required=True)
    session_id = fields.UUID(required=True)
    slot_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    format = fields.String(required=True, validate=validate.OneOf(ACTIVITY_FORMATS))
    location = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))


@event("PanelMeetingAnswered", 1, topic="scheduling.booking")
class PanelMeetingAnsweredV1(Schema):
    """A member's answer to one meeting (a later one replaces it); a no by text is
    acknowledged by text."""

    activity_id = fields.UUID(required=True)
    session_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    answer = fields.String(required=True, validate=validate.OneOf(PANEL_ANSWERS))
    via = fields.String(required=True, validate=validate.OneOf(PANEL_ANSWER_CHANNELS))
    answered_at = fields.AwareDateTime(required=True)
