"""Scheduling's published vocabulary: sessions' formats, how bookings are made, cancelled and
attended, the SMS booking dialogue, polls, and scheduling's staff tasks."""

from __future__ import annotations

ACTIVITY_FORMATS = ("online", "in_person", "hybrid")
BOOKING_CHANNELS = ("web", "sms", "coordinator")  # how a booking was made ("booked_via")
# Who cancelled: the person, the organisers, the whole session, or a move to another time.
CANCELLATION_CAUSES = ("participant", "organiser", "session_cancelled", "moved")
ATTENDANCE_OUTCOMES = ("attended", "partly_attended", "no_show", "excused")
# Why the SMS booking dialogue offers numbered times.
OFFER_REASONS = ("asked", "invited", "changed", "expired", "full")
REPLY_HINTS = (
    "choose_a_number",
    "nothing_to_book",
    "nothing_to_cancel",
    "too_late_to_cancel",
    "nothing_to_take",
    "choose_poll_numbers",  # a reply to an availability poll that is not its option numbers
)
POLL_ANSWER_CHANNELS = ("web", "sms")
SCHEDULING_TASK_KINDS = (
    "session_below_minimum",  # too few booked near the time to decide
    "hold_expired",  # a held place was not taken in time
    "panel_term_ending",  # a panel member's term ends within 30 days: renew or let it end
)
# Advisory panels: how someone stopped being asked, and their answer to a meeting.
PANEL_LEAVINGS = ("declined", "left")
PANEL_ANSWERS = ("yes", "no")
PANEL_ANSWER_CHANNELS = ("web", "sms")
