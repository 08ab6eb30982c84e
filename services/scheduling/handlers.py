"""Scheduling's message tables: which handler takes each command, and which command each
consumed event becomes at the consumer edge (None: the event is not for us)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.scheduling.activities import service_layer as activities
from services.scheduling.activities.commands import KeepActivityOrganisation
from services.scheduling.arrangements import service_layer as arrangements
from services.scheduling.arrangements import venue_admin
from services.scheduling.arrangements.commands import (
    ChooseVenue,
    ReviewArrangements,
    SaveVenue,
    SettleArrangement,
)
from services.scheduling.attendance import service_layer as attendance
from services.scheduling.attendance.commands import RecordAttendance, RecordRegister
from services.scheduling.booking.commands import BookSlot, CancelBooking, MoveBooking
from services.scheduling.booking.service_layer import booking, web_booking
from services.scheduling.calendar_feed import service_layer as calendar_feed
from services.scheduling.calendar_feed.commands import ResetCalendarFeed
from services.scheduling.feedback import service_layer as feedback
from services.scheduling.feedback.commands import GiveFeedback, SetFeedbackAsking
from services.scheduling.organisations import service_layer as organisations
from services.scheduling.organisations.commands import KeepOrganisation
from services.scheduling.panels import service_layer as panels
from services.scheduling.panels.commands import (
    AnswerMeeting,
    AnswerMembership,
    CreatePanel,
    EndTerm,
    InviteMembers,
    LeavePanel,
    RenewTerm,
    ScheduleMeetings,
    ScheduleSeries,
)
from services.scheduling.people import service_layer as people
from services.scheduling.people.commands import (
    ConsentAgain,
    Erase,
    ForgetContact,
    ForgetInOrganisation,
    KeepContact,
    KeepStaffName,
    LeaveOrganisation,
    Withdraw,
)
from services.scheduling.polls import service_layer as polls
from services.scheduling.polls.commands import (
    AnswerPoll,
    ClosePoll,
    CreatePoll,
    InviteToPoll,
    ScheduleFromPoll,
)
from services.scheduling.sessions.commands import AddTimes, CancelSession, CreateSession, RunAnyway
from services.scheduling.sessions.service_layer import coordinator, session_admin
from services.scheduling.sms_dialogue import service_layer as sms_dialogue
from services.scheduling.sms_dialogue.commands import AnswerText, RecordInvitation
from services.scheduling.staff_tasks import service_layer as staff_tasks
from services.scheduling.staff_tasks.commands import MarkHoldsSeen
from services.scheduling.waitlist.commands import (
    AcceptHold,
    ApproveBooking,
    GiveUpPlace,
    JoinWaitlist,
    RejectBooking,
)
from services.scheduling.waitlist.service_layer import my_waitlist, waitlists
from shared.staff_sessions import memberships_of
from shared.vocabulary.organisations import Organisation
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID

TAKING_PART = "taking_part"  # consent scopes other than this (health details) are recruitment's

COMMAND_HANDLERS: dict[type, Callable[..., Any]] = {
    # sessions: coordinators offer times, add more, call a session off
    CreateSession: session_admin.create_session,
    AddTimes: session_admin.add_times,
    CancelSession: session_admin.cancel,
    RunAnyway: coordinator.run_anyway,  # a time below its minimum group size
    MarkHoldsSeen: staff_tasks.mark_seen,  # lapsed holds, on the session's page
    ResetCalendarFeed: calendar_feed.reset_calendar_feed,  # a coordinator's private feed
    # arrangements for needs, and venues
    ReviewArrangements: arrangements.review,  # from our own booking events
    SettleArrangement: arrangements.settle,
    SaveVenue: venue_admin.save_venue,
    ChooseVenue: venue_admin.choose_venue,
    # booking
    BookSlot: booking.book_slot,
    CancelBooking: booking.cancel_booking,
    MoveBooking: web_booking.move_booking,  # the web: another time of the same session
    # waitlists, holds and approvals
    JoinWaitlist: waitlists.join_waitlist,
    AcceptHold: waitlists.accept_hold,
    GiveUpPlace: my_waitlist.give_up,
    ApproveBooking: waitlists.approve_booking,
    RejectBooking: waitlists.reject_booking,
    # availability polls
    CreatePoll: polls.create_poll,
    InviteToPoll: polls.invite,
    AnswerPoll: polls.answer,
    ClosePoll: polls.close,
    ScheduleFromPoll: polls.schedule,  # the best times become a session's slots
    # advisory panels: members for a term, meetings as sessions, yes/no by web or text
    CreatePanel: panels.create_panel,
    InviteMembers: panels.invite_members,
    RenewTerm: panels.renew_term,
    EndTerm: panels.end_term,
    AnswerMembership: panels.answer_membership,
    LeavePanel: panels.leave_panel,
    ScheduleSeries: panels.schedule_series,
    ScheduleMeetings: panels.schedule_meetings,
    AnswerMeeting: panels.answer_meeting,
    # attendance
    RecordAttendance: attendance.record,
    RecordRegister: attendance.record_register,
    # feedback after sessions: the web form, and the coordinators' switch per activity
    GiveFeedback: feedback.give_feedback,
    SetFeedbackAsking: feedback.set_asking,
    # the SMS dialogue (from notifications.inbound-sms and recruitment.invitation)
    AnswerText: sms_dialogue.answer_text,
    RecordInvitation: sms_dialogue.record_invitation,
    # people (from recruitment.contact, .participant and .staff-profile)
    KeepContact: people.keep_contact,
    ForgetContact: people.forget_contact,
    KeepStaffName: people.keep_staff_name,
    Withdraw: people.withdraw,
    LeaveOrganisation: people.leave_organisation,  # one organisation's places only
    ConsentAgain: people.consent_again,
    Erase: people.erase,
    ForgetInOrganisation: people.forget_in_organisation,  # one organisation's part of them
    # organisations (from recruitment.organisation) and whose each activity is (.activity)
    KeepOrganisation: organisations.keep_organisation,
    KeepActivityOrganisation: activities.keep_activity_organisation,
}

EVENT_HANDLERS: dict[type, list[Callable[..., Any]]] = {}  # domain events stay in the outbox

Data = dict[str, Any]


def _taking_part(data: Data, command: Callable[[str], object]) -> object | None:
    return command(str(data["participant_id"])) if data["scope"] == TAKING_PART else None


def _organisation(data: Data) -> KeepOrganisation:
    return KeepOrganisation(Organisation.from_event(data))


def _activity(data: Data) -> KeepActivityOrganisation:
    # An event from before organisations names none: those activities are the first's.
    organisation_id = data.get("organisation_id") or FIRST_ORGANISATION_ID
    return KeepActivityOrganisation(str(data["activity_id"]), str(organisation_id))


FROM_EVENTS: dict[str, Callable[[Data], object | None]] = {
    "InboundSmsReceived": lambda d: AnswerText(
        str(d["participant_id"]) if d.get("participant_id") else None,
        d["text"],
        str(d["organisation_id"]) if d.get("organisation_id") else None,
    ),
    "ParticipantInvited": lambda d: RecordInvitation(
        str(d["participant_id"]), str(d["activity_id"])
    ),
    "ContactDetailsChanged": lambda d: KeepContact(
        str(d["participant_id"]),
        d["preferred_name"],
        tuple(d["support_needs"]),
        d.get("interpreter_language"),
    ),
    "StaffProfileChanged": lambda d: KeepStaffName(
        str(d["staff_id"]),
        d["name"],
        d["changed_at"],
        d.get("roles"),
        d.get("active"),
        memberships_of(d),
    ),
    "OrganisationChanged": _organisation,
    "ActivityPublished": _activity,
    "ErasureRequested": lambda d: Erase(str(d["participant_id"])),
    "ParticipantLeftOrganisation": lambda d: LeaveOrganisation(
        str(d["participant_id"]), str(d["organisation_id"])
    ),
    "ErasureFromOrganisationRequested": lambda d: ForgetInOrganisation(
        str(d["participant_id"]), str(d["organisation_id"])
    ),
    # Our own scheduling.booking: who is booked changed, so the session's arrangements may.
    "BookingConfirmed": lambda d: ReviewArrangements(str(d["session_id"])),
    "BookingCancelled": lambda d: ReviewArrangements(str(d["session_id"])),
    "ConsentWithdrawn": lambda d: _taking_part(d, Withdraw),
    "ConsentGiven": lambda d: _taking_part(d, ConsentAgain),
}

# A null value on a compacted topic: forget what its key's last event told us.
FROM_TOMBSTONES: dict[str, Callable[[str], object]] = {
    "recruitment.contact": ForgetContact,
}
