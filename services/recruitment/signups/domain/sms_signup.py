"""Signing up entirely by text: JOIN <CODE>, then name, postcode, consent and any help needed.

Forgiving about how people type ("join  ab12", "Join demo.", "1, 4", "none"), strict about what
is kept: an answer that is not a name or a postcode is asked for again, never stored, and
nothing outlives a NO or a day of silence. The dialogue itself never texts anyone: each answer
says which question to ask next (or why again), and notifications words it.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from services.recruitment.participants.domain.postcode import InvalidPostcode, normalise_postcode

NAME, POSTCODE, CONSENT, SUPPORT_NEEDS = "name", "postcode", "consent", "support_needs"
# Asked only of those who chose "1 Interpreter", as the web form asks (within String(20)).
INTERPRETER_LANGUAGE = "interpreter_language"
QUESTIONS = (NAME, POSTCODE, CONSENT, SUPPORT_NEEDS, INTERPRETER_LANGUAGE)
TIMEOUT = timedelta(hours=24)  # a day of silence and the dialogue (with its answers) is forgotten
MAX_REPLY = 160  # one text: anything longer is not an answer to our short questions
MAX_NAME = 50
MAX_LANGUAGE = 40  # as the web form's interpreter_language
# A language's name: letters in any alphabet, with spaces, hyphens, commas, slashes ("Kurdish
# Sorani", "Tigrinya/Amharic"); never only digits or marks.
_LANGUAGE = re.compile(r"^[^\W\d_]+(?:[ '\-/,&]+[^\W\d_]+)*\.?$")
# The numbered list in the support-needs question, in this order (templates/sms_sign_up).
SMS_NEEDS = (
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
# A bare YES never reaches us (it is the carriers' opt-in word), so we ask for AGREE; "yes
# please" does arrive, and Welsh speakers are asked for CYTUNO or NA.
_AGREE = {"AGREE", "AGREED", "YES", "Y", "OK", "OKAY", "CYTUNO", "IE", "DO"}
_DECLINE = {"NO", "N", "NOPE", "NA", "NAGE", "NADDO"}
_AGREE_WITH_CODE = {"AGREE", "AGREED", "CYTUNO"}  # after JOIN CODE: never part of a code
_NONE = {"NONE", "NO", "NOTHING", "NO THANKS", "N/A", "DIM", "0"}
_JOIN = re.compile(r"^\s*(JOIN|YMUNO)\b(.*)$", re.IGNORECASE | re.DOTALL)
_CODE = re.compile(r"^[A-Z0-9]{2,12}$")
# Letters in any alphabet, with the spaces, hyphens, apostrophes and dots names have.
_NAME = re.compile(r"^[^\W\d_]+(?:[ '\-.]+[^\W\d_]+)*\.?$")
# "1 a 4" is Welsh for "1 and 4".
_NUMBERS = re.compile(r"^\d+(?:\s*(?:,|&|\.|AND|A|\s)\s*\d+)*\.?$")


@dataclass(frozen=True)
class Join:
    code: str  # "" when they texted JOIN alone; may not be a well-formed code
    language: str
    agreed: bool = False  # JOIN CODE AGREE: someone we know agrees to a new organisation

    @property
    def well_formed(self) -> bool:
        return bool(_CODE.match(self.code))


def parse_join(text: str) -> Join | None:
    """'join  ab12', 'Join demo.' -> Join('AB12'/'DEMO'); YMUNO (Welsh) asks in Welsh."""
    match = _JOIN.match(text)
    if match is None:
        return None
    language = "cy" if match.group(1).upper() == "YMUNO" else "en"
    words = match.group(2).upper().split()
    agreed = len(words) > 1 and re.sub(r"[^A-Z]", "", words[-1]) in _AGREE_WITH_CODE
    if agreed:
        words = words[:-1]
    return Join(re.sub(r"[^A-Z0-9]", "", "".join(words)), language, agreed)


_LEAVE = re.compile(r"^\s*(LEAVE|GADAEL)(?:\s+([A-Z0-9]{2,12}))?[\s.!]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Leave:
    language: str  # to answer in
    code: str | None  # LEAVE <CODE>: only that activity's organisation; None: everywhere


def parse_leave(text: str) -> Leave | None:
    """'Leave', 'LEAVE CHORUS.', 'gadael' -> leave everywhere; 'leave ab12', 'GADAEL AB12.' ->
    leave the organisation of that code's activity only; anything else None. Withdrawal by
    text: not STOP, which carriers keep for stopping texts altogether."""
    match = _LEAVE.match(text)
    if match is None:
        return None
    language = "cy" if match.group(1).upper() == "GADAEL" else "en"
    code = (match.group(2) or "").upper()
    if code == "PANEL":
        return None  # LEAVE PANEL leaves an advisory panel only: scheduling's to answer
    return Leave(language, code if code not in ("", "CHORUS") else None)


# NOTE <words> (NODYN in Welsh): the person's own note on how they like to be contacted, as
# /join/me/contact-note keeps it; NOTE alone takes it away.
_NOTE = re.compile(r"^\s*(NOTE|NODYN)\b[\s:.,-]*(.*)$", re.IGNORECASE | re.DOTALL)


def parse_note(text: str) -> str | None:
    """'NOTE Call after 4pm' -> 'Call after 4pm'; 'note' -> ''; anything else None."""
    match = _NOTE.match(text)
    return match.group(2).strip() if match else None


# "You said, we did" updates by text: NO UPDATES stops them, UPDATES starts them again (Welsh:
# DIM DIWEDDARIADAU, DIWEDDARIADAU). Whole message, any case; the person stays signed up.
_UPDATES = re.compile(
    r"^\s*(NO\s+UPDATES|DIM\s+DIWEDDARIADAU|UPDATES|DIWEDDARIADAU)[\s.!]*$", re.IGNORECASE
)


@dataclass(frozen=True)
class Updates:
    language: str  # to answer in
    wanted: bool


def parse_updates(text: str) -> Updates | None:
    """'no updates', 'NO  UPDATES.' -> not wanted; 'updates' -> wanted; Welsh alike."""
    match = _UPDATES.match(text)
    if match is None:
        return None
    word = " ".join(match.group(1).upper().split())
    language = "cy" if "DIWEDDARIADAU" in word else "en"
    return Updates(language, wanted=word in ("UPDATES", "DIWEDDARIADAU"))


@dataclass(frozen=True)
class Turn:
    """What an answer led to: the next question (or the same with a problem), or the end."""

    question: str | None = None
    problem: str | None = None
    finished: bool = False
    declined: bool = False
    # The last answer (the interpreter's language) finishes the dialogue, so it travels here
    # to the sign-up and is never kept in the dialogue's table.
    interpreter_language: str | None = None


@dataclass
class SmsSignUp:
    """One number's sign-up in progress. Answers live here only until they are registered."""

    phone: str
    activity_id: str
    code: str
    language: str
    started_at: datetime
    last_message_at: datetime
    step: str = NAME
    preferred_name: str | None = None
    postcode: str | None = None
    consented: bool = False
    support_needs: list[str] = field(default_factory=list)
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @classmethod
    def start(
        cls, phone: str, activity_id: str, code: str, language: str, now: datetime
    ) -> SmsSignUp:
        return cls(phone, activity_id, code, language, now, now)

    def expired(self, now: datetime) -> bool:
        return now - self.last_message_at >= TIMEOUT

    def answer(self, text: str, now: datetime) -> Turn:
        self.last_message_at = now
        reply = " ".join(text.split())
        if len(reply) > MAX_REPLY:
            return Turn(self.step, "too_long")
        return {
            NAME: self._name,
            POSTCODE: self._postcode,
            CONSENT: self._consent,
            SUPPORT_NEEDS: self._needs,
            INTERPRETER_LANGUAGE: self._interpreter_language,
        }[self.step](reply)

    def _name(self, reply: str) -> Turn:
        if len(reply) > MAX_NAME:
            return Turn(NAME, "too_long")
        if not _NAME.match(reply):
            return Turn(NAME, "name")  # markup, numbers, emoji: ask for just a name
        self.preferred_name = reply.rstrip(".")
        return self._next(POSTCODE)

    def _postcode(self, reply: str) -> Turn:
        try:
            self.postcode = normalise_postcode(reply.rstrip("."))
        except InvalidPostcode:
            return Turn(POSTCODE, "postcode")
        return self._next(CONSENT)

    def _consent(self, reply: str) -> Turn:
        words = re.sub(r"[^\w\s]", "", reply.upper()).split()
        first = words[0] if words else ""
        if first in _AGREE:
            self.consented = True
            return self._next(SUPPORT_NEEDS)
        if first in _DECLINE:
            return Turn(declined=True)
        return Turn(CONSENT, "agree_or_no")

    def _needs(self, reply: str) -> Turn:
        upper = reply.upper().rstrip(".!")
        if upper in _NONE:
            self.support_needs = []
            return Turn(finished=True)
        numbers = [int(n) for n in re.findall(r"\d+", upper)] if _NUMBERS.match(upper) else []
        if not numbers or any(not 1 <= n <= len(SMS_NEEDS) for n in numbers):
            return Turn(SUPPORT_NEEDS, "numbers")
        self.support_needs = sorted({SMS_NEEDS[n - 1] for n in numbers})
        if "interpreter" in self.support_needs:
            return self._next(INTERPRETER_LANGUAGE)  # which language, as the web form asks
        return Turn(finished=True)

    def _interpreter_language(self, reply: str) -> Turn:
        if len(reply) > MAX_LANGUAGE:
            return Turn(INTERPRETER_LANGUAGE, "too_long")
        if not _LANGUAGE.match(reply):
            return Turn(INTERPRETER_LANGUAGE, "language")
        return Turn(finished=True, interpreter_language=reply.rstrip("."))

    def _next(self, question: str) -> Turn:
        self.step = question
        return Turn(question)


# What the dialogue asks notifications to text (events carry the number, never the answers).
@dataclass(frozen=True)
class SignUpQuestionAsked:
    dialogue_id: str
    from_number: str
    language: str
    question: str
    problem: str | None
    activity_id: str
    activity_title: str


@dataclass(frozen=True)
class SignUpReplied:
    dialogue_id: str
    from_number: str | None
    participant_id: str | None
    language: str
    outcome: str
    code: str | None = None
    activity_id: str | None = None
    activity_title: str | None = None
