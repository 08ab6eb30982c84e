"""Recruitment's published vocabulary: participants' channels, languages, needs and consents,
staff roles, activities' statuses and offers, the SMS sign-up dialogue, and magic links."""

from __future__ import annotations

from datetime import timedelta

# How a participant wants to hear from us, and in which language.
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
CHANNEL_CODE_PATTERN = r"^[A-Z0-9]{2,12}$"  # an activity's sign-up code ("DEMO")
CONSENT_SCOPES = ("taking_part", "special_category")

# Staff accounts are recruitment's; every service checks these roles, and sends anyone not
# signed in to recruitment's sign-in page.
STAFF_ROLES = ("coordinator", "finance_approver", "admin", "platform_admin")
# Runs the deployment: creates organisations and their first admins (no organisation's data).
PLATFORM_ADMIN = "platform_admin"
STAFF_SIGN_IN_PATH = "/staff/sign-in"
# The staff who run activities, sessions and recruitment (coordinators, and admins who can do
# anything a coordinator can).
ORGANISERS = ("coordinator", "admin")

ACTIVITY_STATUSES = ("draft", "open", "closed")
RATE_UNITS = ("hour", "session", "day")

# The SMS sign-up dialogue (JOIN <CODE>): recruitment decides what to ask or say, notifications
# words it.
SIGN_UP_QUESTIONS = ("name", "postcode", "consent", "support_needs", "interpreter_language")
# Why a question is asked again: the reply was too long, not a name, not a postcode, not
# AGREE or NO, not numbers from the list, or not a language's name.
SIGN_UP_PROBLEMS = ("too_long", "name", "postcode", "agree_or_no", "numbers", "language")
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
    "left_organisation",  # LEAVE <CODE>: they left the code's activity's organisation only
    "consent_needed",  # JOIN <CODE> from someone we know, to an organisation new to them
    "note_saved",  # NOTE <words>: their note on how to contact them is kept
    "note_removed",  # NOTE alone: the note is taken away
    "note_too_long",  # NOTE with over 500 characters: nothing changed
    "updates_off",  # NO UPDATES: no more "you said, we did" texts; still taking part
    "updates_on",  # UPDATES: they hear what changed again
)

# "You said, we did": what an activity changed (recruitment's outcomes), told to contributors.
OUTCOME_STATUSES = ("considered", "changed", "not_changed")

# Magic links are redeemed by recruitment (shared/magic_links.py signs and reads them): each
# purpose, how long its link lasts, and the only pages it may land on after redeeming.
LINK_LIFETIMES = {"me": timedelta(days=3), "book": timedelta(days=7), "pay": timedelta(days=7)}
LINK_PURPOSES = tuple(LINK_LIFETIMES)
LINK_REDEEM_PATH = "/join/link"
LINK_LANDING = {"me": "/join/me", "book": "/book", "pay": "/pay"}

# Organisations (recruitment owns them; OrganisationChanged tells every service). The data of
# a deployment from before organisations is the first one's, with this id in every service.
FIRST_ORGANISATION_ID = "00000000-0000-4000-8000-000000000001"
SHORT_NAME_PATTERN = r"^[A-Z0-9]{2,20}$"  # "LEEDSICB": in reports, exports, the staff switcher
MESSAGING_SERVICE_PATTERN = r"^MG[0-9a-f]{32}$"  # a Twilio messaging service, as a sender
STRIPE_ACCOUNT_PATTERN = r"^acct_[A-Za-z0-9]{6,32}$"  # a Stripe connected account
