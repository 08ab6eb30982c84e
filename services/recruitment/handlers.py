"""Recruitment's message handlers: every command and event the bus takes, and who takes it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from services.recruitment.invitations.commands import ReleaseDueInvitations
from services.recruitment.invitations.service_layer import invitations
from services.recruitment.reach.commands import RecordAttendance
from services.recruitment.reach.service_layer import reach
from services.recruitment.signups.commands import ForgetSilentDialogues, ReceiveText, SignUp
from services.recruitment.signups.service_layer import sign_up, sms_signup

COMMAND_HANDLERS: dict[type, Callable[..., Any]] = {
    SignUp: sign_up.sign_up,  # the web form and the API
    ReceiveText: sms_signup.receive_text,  # the SMS dialogue: JOIN <CODE>, answers, LEAVE
    ForgetSilentDialogues: sms_signup.forget_silent,  # idle work
    RecordAttendance: reach.record_attendance,  # scheduling's AttendanceRecorded
    ReleaseDueInvitations: invitations.release_due_waves,  # idle work
}

EVENT_HANDLERS: dict[type, Sequence[Callable[..., Any]]] = {}
