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
    "members_only",  # BOOK or a number for a panel's meetings by someone not on the panel
    "join_the_panel",  # BOOK with no times by someone a panel asked to join: answer that first
)
POLL_ANSWER_CHANNELS = ("web", "sms")
# Feedback after a session: what to ask or say next (FeedbackRequested.step), and how it came.
FEEDBACK_STEPS = ("ask", "rating_again", "words", "thanks")
FEEDBACK_CHANNELS = ("web", "sms")
SCHEDULING_TASK_KINDS = (
    "session_below_minimum",  # too few booked near the time to decide
    "hold_expired",  # a held place was not taken in time
    "panel_term_ending",  # a panel member's term ends within 30 days: renew or let it end
)
# What a session's organisers arrange for the needs of the people booked (arrangements/).
ARRANGEMENT_KINDS = (
    "bsl_interpreter",  # one per time, for everyone who needs BSL
    "spoken_interpreter",  # one per time (the language is staff's to find out)
    "large_print",  # packs to print, counted
    "easy_read",  # packs to print, counted
    "captions",  # online and hybrid times
    "step_free",  # in person: confirm the way in
    "hearing_loop",  # in person: check the loop, or bring a portable one
    "carer",  # a place for each person's carer
    "taxi",  # travel help, one per person
    "data_or_device",  # online: data or a device, one per person
)
ARRANGEMENT_OUTCOMES = ("done", "not_possible")
# What a venue may have (a session's own access features are the first five).
VENUE_FEATURES = (
    "step_free",
    "hearing_loop",
    "accessible_toilet",
    "parking",
    "public_transport",
    "quiet_room",
    "lift",
)
# Advisory panels: how someone stopped being asked, and their answer to a meeting.
PANEL_LEAVINGS = ("declined", "left")
PANEL_ANSWERS = ("yes", "no")
PANEL_ANSWER_CHANNELS = ("web", "sms")
