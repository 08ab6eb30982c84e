"""Advisory panels: make one, invite members for a term, take their answers (web or text),
schedule meetings (a series or one by one; each a session with one time), ask members to each
meeting within their term, take yes (a booking) or no, let a member leave, and tell
coordinators when a term ends soon (a staff task)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import structlog

from services.scheduling.activities.service_layer import organisation_for
from services.scheduling.domain.events import BookingReplyNotUnderstood, StaffTaskChanged
from services.scheduling.panels import domain as rules
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
from services.scheduling.panels.domain import (
    INVITED,
    JOINED,
    LONDON,
    NO,
    YES,
    Meeting,
    Membership,
    Panel,
    PanelRefused,
    Term,
)
from services.scheduling.panels.events import (
    PanelMeetingAnswered,
    PanelMeetingInvited,
    PanelMeetingScheduled,
    PanelMemberInvited,
    PanelMemberJoined,
    PanelMemberLeft,
)
from services.scheduling.panels.ports import PanelUnitOfWork
from services.scheduling.ports import NotFound
from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.sessions.domain.model import Session
from services.scheduling.sessions.domain.planning import FORMATS, SlotPlan
from services.scheduling.staff_tasks import domain as staff_tasks
from services.scheduling.staff_tasks.domain import DONE, OPEN
from shared.clock import Clock, utc_now
from shared.periodic import Schedule, on_each_instance

log = structlog.get_logger("panels")

TERM_ENDING = "panel_term_ending"


def panel_path(activity_id: str) -> str:
    return f"/book/manage/panels/{activity_id}"


def create_panel(cmd: CreatePanel, uow: PanelUnitOfWork, clock: Clock = utc_now) -> Panel:
    title = cmd.title.strip()
    if not 1 <= len(title) <= 120:
        raise PanelRefused("title", "Enter the panel's name, up to 120 characters.")
    if cmd.format not in FORMATS:
        raise PanelRefused("format", "Choose online, in person or hybrid.")
    if cmd.format != "online" and not (cmd.location and cmd.location.strip()):
        raise PanelRefused("location", "Enter where the panel meets.")
    if cmd.format != "in_person" and not cmd.joining_url:
        raise PanelRefused("joining_url", "Enter the link people use to join online.")
    with uow:
        organisation_id = organisation_for(cmd.activity_id, uow)  # NotFound if another's
        if uow.panels.get(cmd.activity_id) is not None:
            raise PanelRefused("activity_id", "This activity already has a panel.")
        panel = Panel(
            cmd.activity_id,
            organisation_id,
            title,
            cmd.format,
            cmd.location.strip() if cmd.location else None,
            tuple(sorted(set(cmd.access_features))),
            cmd.joining_url if cmd.format != "in_person" else None,
            clock(),
        )
        uow.panels.add(panel)
        uow.commit()
        return panel


def people_to_invite(activity_id: str, uow: PanelUnitOfWork) -> list[tuple[str, str | None]]:
    """Whom a coordinator may invite, by name: those recruitment invited to this activity (its
    interested pool), not withdrawn, not already invited or a member. Named first."""
    with uow:
        _panel(activity_id, uow)
        pool = uow.people.invited_to(activity_id)
        withdrawn = uow.people.withdrawn_among(pool)
        current = {
            m.participant_id
            for m in uow.panels.members(activity_id)
            if m.status in (INVITED, JOINED)
        }
        people = [p for p in pool if p not in withdrawn and p not in current]
        names = uow.names.participants(people)
        found = [(p, names.get(p)) for p in people]
        return sorted(found, key=lambda person: (person[1] is None, person[1] or "", person[0]))


def invite_members(cmd: InviteMembers, uow: PanelUnitOfWork, clock: Clock = utc_now) -> list[str]:
    """Each person is asked once for the term (PanelMemberInvited); someone who declined or
    left may be asked again. Only the activity's pool: anyone else is NotFound, nobody asked."""
    now, term = clock(), Term(cmd.starts_on, cmd.ends_on)
    if term.ends_on < now.astimezone(LONDON).date():
        raise PanelRefused("ends_on", "The term must end in the future.")
    participant_ids = list(dict.fromkeys(cmd.participant_ids))
    if not participant_ids:
        raise PanelRefused("participant_ids", "Choose who to invite.")
    with uow:
        panel = _panel(cmd.activity_id, uow)
        pool = set(uow.people.invited_to(cmd.activity_id))
        missing = [p for p in participant_ids if p not in pool]
        if missing:
            raise NotFound(
                f"{len(missing)} of the {len(participant_ids)} people were not found, so nobody"
                " was invited. Invite only people recruitment invited to this activity."
            )
        invited = []
        for participant_id in participant_ids:
            if uow.people.is_withdrawn(participant_id):
                continue
            member = uow.panels.member(panel.activity_id, participant_id)
            if member is not None and member.status in (INVITED, JOINED):
                continue
            fresh = Membership(panel.activity_id, participant_id, term, now)
            if member is None:
                uow.panels.add_member(fresh)
            else:
                uow.panels.save_member(fresh)
            invited.append(participant_id)
            uow.events.append(
                PanelMemberInvited(
                    panel.activity_id, participant_id, panel.title, term.starts_on, term.ends_on
                )
            )
        uow.commit()
        return invited


def renew_term(cmd: RenewTerm, uow: PanelUnitOfWork, clock: Clock = utc_now) -> Membership:
    """A longer term for a member, to the day the coordinator chose (after today and after the
    term's end; the whole term up to 3 years): asked to the meetings the new term covers; the
    renewal task closes."""
    now = clock()
    with uow:
        _panel(cmd.activity_id, uow)
        member = _membership(cmd.activity_id, cmd.participant_id, uow)
        if member.status != JOINED:
            raise PanelRefused("status", "Only a member's term can be renewed.")
        if cmd.ends_on <= member.term.ends_on or cmd.ends_on <= now.astimezone(LONDON).date():
            raise PanelRefused("renew_ends_on", "The new end must be after today and the end.")
        member.term = Term(member.term.starts_on, cmd.ends_on)
        uow.panels.save_member(member)
        _ask_to_meetings(member, uow, now)
        _review_term(member, uow, now, OPEN)
        uow.commit()
        return member


def end_term(cmd: EndTerm, uow: PanelUnitOfWork, clock: Clock = utc_now) -> Membership:
    """A coordinator ends a member's term now: as leaving (their places at meetings to come are
    freed, each cancellation telling them), the renewal task closes. No PanelMemberLeft: that
    says they left, and they did not."""
    now = clock()
    with uow:
        _panel(cmd.activity_id, uow)
        member = _membership(cmd.activity_id, cmd.participant_id, uow)
        if member.status != JOINED:
            raise PanelRefused("status", "Only a member's term can be ended.")
        _leave(member, "coordinator", uow, now, cause="organiser", announce=False)
        uow.commit()
        return member


def answer_membership(
    cmd: AnswerMembership, uow: PanelUnitOfWork, clock: Clock = utc_now
) -> Membership:
    now = clock()
    with uow:
        member = _membership(cmd.activity_id, cmd.participant_id, uow)
        _answer_membership(member, cmd.answer, cmd.via, uow, now)
        uow.commit()
        return member


def leave_panel(cmd: LeavePanel, uow: PanelUnitOfWork, clock: Clock = utc_now) -> Membership:
    now = clock()
    with uow:
        member = _membership(cmd.activity_id, cmd.participant_id, uow)
        _leave(member, cmd.via, uow, now)
        uow.commit()
        return member


def schedule_series(
    cmd: ScheduleSeries, uow: PanelUnitOfWork, clock: Clock = utc_now
) -> list[Meeting]:
    """'The second Tuesday of each month, 6pm' in UK time, each a meeting."""
    return _schedule(cmd.activity_id, cmd.series.times(), cmd.capacity, uow, clock())


def schedule_meetings(
    cmd: ScheduleMeetings, uow: PanelUnitOfWork, clock: Clock = utc_now
) -> list[Meeting]:
    """Meetings one by one."""
    return _schedule(cmd.activity_id, list(cmd.times), cmd.capacity, uow, clock())


def answer_meeting(cmd: AnswerMeeting, uow: PanelUnitOfWork, clock: Clock = utc_now) -> str:
    now = clock()
    with uow:
        meeting = uow.panels.meeting(cmd.session_id)
        if meeting is None or not uow.panels.is_asked(meeting.session_id, cmd.participant_id):
            raise NotFound("There is no such meeting.")
        _answer_meeting(meeting, cmd.participant_id, cmd.answer, cmd.via, uow, now)
        uow.commit()
        return cmd.answer


def answer_by_text(
    participant_id: str,
    text: str,
    uow: PanelUnitOfWork,
    now: datetime,
    organisation_id: str | None = None,
) -> bool:
    """Inside the SMS consumer's unit of work (the caller commits). True when the text was a
    panel's: Y or N (IE or NA) to the newest open question (an invitation to join, or to a
    meeting), or LEAVE PANEL (GADAEL PANEL: their newest panel). False leaves it to the
    booking dialogue. `organisation_id`: whose number they texted (None: any)."""
    meaning = rules.understand(text)
    if meaning is None:
        return False
    mine = [
        m
        for m in uow.panels.memberships_of(participant_id)
        if organisation_id is None
        or uow.activities.organisation_of(m.activity_id) == organisation_id
    ]
    if meaning == rules.LEFT:
        member = next((m for m in mine if m.status == JOINED), None)
        if member is None:
            return False
        _leave(member, "sms", uow, now)
        return True
    invitation = next((m for m in mine if m.status == INVITED), None)
    activities = {m.activity_id for m in mine if m.status == JOINED}
    meetings = [
        (meeting, asked_at)
        for meeting, asked_at in uow.panels.open_meeting_questions(participant_id, now)
        if meeting.activity_id in activities
    ]
    if meetings and (invitation is None or meetings[0][1] >= invitation.invited_at):
        meeting = meetings[0][0]
        try:
            _answer_meeting(meeting, participant_id, meaning, "sms", uow, now)
        except (BookingRefused, PanelRefused):
            # Full, started or too late to change: nothing changed; say what they can do.
            uow.events.append(
                BookingReplyNotUnderstood(participant_id, meeting.activity_id, "nothing_to_book")
            )
        return True
    if invitation is not None:
        _answer_membership(invitation, meaning, "sms", uow, now)
        return True
    return False


def end_memberships(
    participant_id: str, uow: PanelUnitOfWork, now: datetime, organisation_id: str | None = None
) -> int:
    """They left Chorus or an organisation (only its panels), or are being forgotten: each
    membership or open invitation ends as leaving does, inside the consumer's unit of work.
    Silently: their places were freed already without a word (people._let_go), and no message
    may go to them; the term's staff task closes. Returns how many ended."""
    ended = 0
    for member in uow.panels.memberships_of(participant_id):
        if member.status not in (INVITED, JOINED):
            continue
        if organisation_id is not None:
            panel = uow.panels.get(member.activity_id)
            if panel is None or panel.organisation_id != organisation_id:
                continue
        member.leave(now, "recruitment")
        uow.panels.save_member(member)
        _review_term(member, uow, now, OPEN)
        ended += 1
    return ended


def review_terms(uow: PanelUnitOfWork, now: datetime | None = None) -> int:
    """Opens a 'term ends soon' staff task for each member whose term ends within 30 days,
    and closes it once renewed, ended or left. Returns how many changed."""
    now = now or datetime.now(UTC)
    changed = 0
    with uow:
        for member, last in uow.panels.terms_to_review(now.astimezone(LONDON).date()):
            changed += _review_term(member, uow, now, last)
        uow.commit()
    return changed


def ask_members(uow: PanelUnitOfWork, now: datetime | None = None) -> int:
    """Asks each member about their next meeting as it comes near; returns how many were asked."""
    now = now or datetime.now(UTC)
    asked = 0
    with uow:
        for panel in uow.panels.listed():
            asked += _ask_members_of(panel, uow.panels.members(panel.activity_id), uow, now)
        uow.commit()
    return asked


def reviewer(
    uow_factory: Callable[[], PanelUnitOfWork],
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    seconds: float = 3600.0,
    schedule: Schedule = on_each_instance,
) -> Callable[[], None]:
    """An idle-loop task for the consumer, at most once an hour: review terms, and ask members
    about meetings that have come near."""

    def review_and_ask() -> None:
        review_terms(uow_factory(), clock())
        ask_members(uow_factory(), clock())

    return schedule("panel-term-review", seconds, review_and_ask)


def _review_term(member: Membership, uow: PanelUnitOfWork, now: datetime, last: str | None) -> int:
    today = now.astimezone(LONDON).date()
    state = OPEN if member.status == JOINED and member.term.ends_soon(today) else DONE
    if state == last or (last is None and state == DONE):
        return 0
    uow.panels.note_renewal_task(member.activity_id, member.participant_id, state)
    uow.events.append(
        StaffTaskChanged(
            staff_tasks.task_id(TERM_ENDING, f"{member.activity_id}:{member.participant_id}"),
            TERM_ENDING,
            state,
            member.activity_id,
            panel_path(member.activity_id),
            False,  # a month ahead: the daily digest will do
            None,  # type: ignore[arg-type]  # no session: the digest says no "session on"
            now,
        )
    )
    return 1


def _schedule(
    activity_id: str,
    times: list[tuple[datetime, datetime]],
    capacity: int,
    uow: PanelUnitOfWork,
    now: datetime,
) -> list[Meeting]:
    if not times:
        raise PanelRefused("times", "Enter at least one meeting.")
    with uow:
        panel = _panel(activity_id, uow)
        taken = {m.starts_at for m in uow.panels.meetings(activity_id)}
        members = uow.panels.members(activity_id)
        made = []
        for starts_at, ends_at in sorted(times):
            if starts_at in taken:
                continue  # the same series twice: a meeting once
            session = Session.create(
                panel.activity_id,
                panel.title,
                panel.format,
                panel.location,
                panel.access_features,
                panel.joining_url,
                [SlotPlan(starts_at, ends_at, capacity)],
                now,
                organisation_id=panel.organisation_id,
            )
            uow.sessions.add(session)
            slot = session.slots[0]
            meeting = Meeting(session.id, activity_id, slot.id, starts_at, ends_at, capacity)
            uow.panels.add_meeting(meeting)
            uow.events.append(
                PanelMeetingScheduled(
                    activity_id,
                    session.id,
                    slot.id,
                    panel.title,
                    starts_at,
                    ends_at,
                    panel.format,
                    panel.location,
                )
            )
            made.append(meeting)
        _ask_members_of(panel, members, uow, now)  # the first, if near: one question at a time
        uow.commit()
        return made


def _ask_to_meetings(member: Membership, uow: PanelUnitOfWork, now: datetime) -> None:
    """A member is asked about their next meeting once it is near (rules.next_to_ask); the one
    after when they answer, or hourly (ask_members) as it comes near."""
    if member.status != JOINED:
        return
    panel = uow.panels.get(member.activity_id)
    assert panel is not None  # a member is always of a panel
    _ask_members_of(panel, [member], uow, now)


def _ask_members_of(
    panel: Panel, members: list[Membership], uow: PanelUnitOfWork, now: datetime
) -> int:
    """Each of the panel's members asked about their next meeting if it is near, the
    meetings and answers read once for them all; returns how many were asked."""
    joined = [member for member in members if member.status == JOINED]
    if not joined:
        return 0
    meetings = uow.panels.meetings(panel.activity_id)
    answers = uow.panels.answers(panel.activity_id)
    asked = 0
    for member in joined:
        meeting = rules.next_to_ask(member, meetings, answers, now)
        if meeting is not None and _ask(panel, meeting, member.participant_id, uow, now):
            asked += 1
    return asked


def _ask(
    panel: Panel, meeting: Meeting, participant_id: str, uow: PanelUnitOfWork, now: datetime
) -> bool:
    """True if they were asked now (not withdrawn, and not asked before)."""
    if uow.people.is_withdrawn(participant_id) or not uow.panels.ask(
        meeting.session_id, participant_id, now
    ):
        return False
    uow.events.append(
        PanelMeetingInvited(
            panel.activity_id,
            meeting.session_id,
            meeting.slot_id,
            participant_id,
            panel.title,
            meeting.starts_at,
            meeting.ends_at,
            panel.format,
            panel.location,
        )
    )
    return True


def _answer_membership(
    member: Membership, answer: str, via: str, uow: PanelUnitOfWork, now: datetime
) -> None:
    if answer == YES:
        if member.join(now, via):
            uow.panels.save_member(member)
            uow.events.append(
                PanelMemberJoined(member.activity_id, member.participant_id, via, now)
            )
            _ask_to_meetings(member, uow, now)
    elif answer == NO:
        if member.decline(now, via):
            uow.panels.save_member(member)
            uow.events.append(
                PanelMemberLeft(member.activity_id, member.participant_id, "declined", via, now)
            )
    else:
        raise PanelRefused("answer", "Choose yes or no.")


def _leave(
    member: Membership,
    via: str,
    uow: PanelUnitOfWork,
    now: datetime,
    cause: str = "participant",
    announce: bool = True,
) -> None:
    """Leaving the panel frees their places at meetings still to come (as cancelling each).
    A place past its meeting's cancellation cut-off stays theirs, as it would for anyone: the
    leaving itself must never fail on it (a text would go unanswered, a page would fail)."""
    if not member.leave(now, via):
        return
    uow.panels.save_member(member)
    for meeting in uow.panels.meetings(member.activity_id):
        if meeting.starts_at <= now:
            continue
        booking = uow.bookings.held(meeting.session_id, member.participant_id)
        if booking is not None:
            slot = uow.slots.lock(meeting.slot_id)
            assert slot is not None
            try:
                slot.cancel(booking, now, cause=cause)
            except BookingRefused:
                log.info("panel.place_kept_past_cut_off", booking_id=booking.id)
    if announce:
        uow.events.append(
            PanelMemberLeft(member.activity_id, member.participant_id, "left", via, now)
        )
    _review_term(member, uow, now, OPEN)


def _answer_meeting(
    meeting: Meeting,
    participant_id: str,
    answer: str,
    via: str,
    uow: PanelUnitOfWork,
    now: datetime,
) -> None:
    """Yes books their place (BookingConfirmed; reminders, attendance and payment follow);
    no frees a place they had. Refusals (full, started) come before any change."""
    if answer not in (YES, NO):
        raise PanelRefused("answer", "Choose yes or no.")
    member = uow.panels.member(meeting.activity_id, participant_id)
    if answer == YES and (member is None or member.status != JOINED):
        raise PanelRefused("answer", "Only members of the panel can come to its meetings.")
    slot = uow.slots.lock(meeting.slot_id)
    if slot is None:
        raise NotFound("There is no such meeting.")
    held = uow.bookings.held(meeting.session_id, participant_id)
    if answer == YES:
        slot.book(participant_id, held, now, via=via)
    elif held is not None:
        try:
            slot.cancel(held, now)
        except BookingRefused as refused:
            raise PanelRefused("answer", "It is too late to change your answer.") from refused
    uow.panels.answer(meeting.session_id, participant_id, answer, via, now)
    uow.events.append(
        PanelMeetingAnswered(
            meeting.activity_id, meeting.session_id, participant_id, answer, via, now
        )
    )
    if member is not None:
        _ask_to_meetings(member, uow, now)  # the next one, if it is near


def _panel(activity_id: str, uow: PanelUnitOfWork) -> Panel:
    panel = uow.panels.get(activity_id)
    if panel is None:
        raise NotFound("There is no such panel.")
    return panel


def _membership(activity_id: str, participant_id: str, uow: PanelUnitOfWork) -> Membership:
    member = uow.panels.member(activity_id, participant_id)
    if member is None:
        raise NotFound("There is no such panel invitation.")
    return member
