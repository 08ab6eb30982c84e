"""Recruitment's message handlers: every command and event the bus takes, and who takes it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from services.recruitment.activities.commands import (
    AddChannel,
    CreateActivity,
    SetActivityStatus,
    UpdateActivity,
)
from services.recruitment.activities.service_layer import activities
from services.recruitment.equality.commands import DeleteEqualityAnswers, SaveEqualityAnswers
from services.recruitment.equality.service_layer import equality
from services.recruitment.history.commands import NoteFact, SetContactNote
from services.recruitment.history.service_layer import note_fact, set_contact_note
from services.recruitment.invitations.commands import (
    InviteWaves,
    PutOnDoNotContact,
    ReleaseDueInvitations,
    Shortlist,
    TakeOffDoNotContact,
)
from services.recruitment.invitations.service_layer import do_not_contact, invitations, selection
from services.recruitment.organisations import commands as organisation
from services.recruitment.organisations.service_layer import organisations
from services.recruitment.outcomes.commands import (
    ChooseOutcomeUpdates,
    EditOutcome,
    PublishOutcome,
    RecordOutcome,
)
from services.recruitment.outcomes.service_layer import outcomes, updates
from services.recruitment.reach.commands import RecordAttendance
from services.recruitment.reach.service_layer import reach
from services.recruitment.rights.commands import (
    EraseFromOrganisation,
    ForgetMe,
    LeaveOrganisation,
    UpdateMyDetails,
    WithdrawConsent,
)
from services.recruitment.rights.service_layer import organisations_with, rights
from services.recruitment.signups.commands import (
    ForgetSilentDialogues,
    ReceiveText,
    SignUp,
    SignUpForActivity,
)
from services.recruitment.signups.service_layer import sign_up, signups, sms_signup
from services.recruitment.staff import commands as staff
from services.recruitment.staff.service_layer.staff import (
    changes,
    creates,
    sets_active,
    signs_in,
    signs_out_everywhere,
)

COMMAND_HANDLERS: dict[type, Callable[..., Any]] = {
    CreateActivity: activities.draft,  # coordinators: the pages and the API
    UpdateActivity: activities.describe,
    SetActivityStatus: activities.change_status,
    AddChannel: activities.add_way_in,
    SignUp: sign_up.sign_up,  # the API
    SignUpForActivity: signups.sign_up_for_activity,  # an activity's page, or a coordinator
    ReceiveText: sms_signup.receive_text,  # the SMS dialogue: JOIN <CODE>, answers, LEAVE
    ForgetSilentDialogues: sms_signup.forget_silent,  # idle work
    UpdateMyDetails: rights.update_my_details,  # the person's own page
    WithdrawConsent: rights.withdraw_consent,
    ForgetMe: rights.forget,
    LeaveOrganisation: organisations_with.leave_organisation,  # one organisation, not all
    EraseFromOrganisation: organisations_with.erase_from_organisation,  # the last: ForgetMe's
    SaveEqualityAnswers: equality.saves,  # the person's own equality answers
    DeleteEqualityAnswers: equality.deletes,
    RecordAttendance: reach.record_attendance,  # scheduling's AttendanceRecorded
    NoteFact: note_fact,  # a person's history: bookings, attendance, payments, messages
    SetContactNote: set_contact_note,  # the person's own note on how to contact them
    RecordOutcome: outcomes.record,  # "you said, we did": coordinators draft,
    EditOutcome: outcomes.edit,  # edit while a draft,
    PublishOutcome: outcomes.publish,  # and publish once (contributors are told)
    ChooseOutcomeUpdates: updates.choose,  # the person's own page ("no updates")
    Shortlist: selection.shortlists,
    InviteWaves: invitations.invite_in_waves,  # a coordinator plans the waves
    PutOnDoNotContact: invitations.put_on_do_not_contact,  # a coordinator, or the API
    TakeOffDoNotContact: do_not_contact.take_off_do_not_contact,
    ReleaseDueInvitations: invitations.release_due_waves,  # idle work
    organisation.CreateOrganisation: organisations.create,  # platform admins only
    organisation.ChangeOrganisation: organisations.change,
    staff.SignIn: signs_in,  # staff accounts (admins create, change, disable and enable them)
    staff.SignOutEverywhere: signs_out_everywhere,
    staff.CreateStaff: creates,
    staff.ChangeStaff: changes,
    staff.SetStaffActive: sets_active,
}

EVENT_HANDLERS: dict[type, Sequence[Callable[..., Any]]] = {}


# The consumer edge: each consumed contract's loaded data becomes one of our commands.
FROM_EVENTS: dict[str, Callable[[dict[str, Any]], object]] = {
    "InboundSmsReceived": lambda data: ReceiveText(
        participant_id=str(data["participant_id"]) if data.get("participant_id") else None,
        from_number=data.get("from_number"),
        text=data["text"],
    ),
    "AttendanceRecorded": lambda data: RecordAttendance(
        participant_id=str(data["participant_id"]),
        activity_id=str(data["activity_id"]),
        outcome=data["outcome"],
        session_starts_at=data["session_starts_at"],
    ),
}
