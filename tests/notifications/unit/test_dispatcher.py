"""The dispatcher turns what we owe people into messages and sends each at most once.

In-memory fakes stand in for the database and the providers; the templates are the real files.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest

from services.notifications.dispatch.domain.quiet_hours import QuietHours
from services.notifications.dispatch.service_layer.dispatcher import Dispatcher
from services.notifications.domain.events import MessageDeliveryFailed, MessageSent
from services.notifications.domain.model import CONTACT_WAIT, Notification
from services.notifications.messages.adapters.templates import FileTemplates
from services.notifications.messages.entrypoints import bookings
from services.notifications.ports import ChannelUnavailable, SendRefused, SendRejected
from tests.notifications.fakes import (
    EMAIL,
    PARTICIPANT_ID,
    PHONE,
    FakeUnitOfWork,
    World,
    add_contact,
    fake_link,
    make_world,
    messages_by_channel,
    owe,
    owe_welcome,
)

# -- resolving and sending -------------------------------------------------------------------


def test_a_welcome_becomes_one_sms_and_one_email_each_sent_once() -> None:
    world = make_world()
    add_contact(world)
    notification = owe_welcome(world)

    assert world.dispatcher.tick() == 2
    assert world.dispatcher.tick() == 0
    assert world.dispatcher.tick() == 0

    assert notification.status == "resolved"
    assert [(s.to, s.body) for s in world.sms.sent] == [
        (
            PHONE,
            "Hi Morwenna, thanks for joining Chorus. We will text you when you can help."
            " Reply STOP to stop texts.",
        )
    ]
    [email] = world.email.sent
    assert email.to == EMAIL
    assert email.subject == "Welcome to Chorus"
    assert email.body.startswith("Hi Morwenna,\n\nThank you for joining Chorus.")
    assert "<p>Hi Morwenna,</p>" in email.html

    messages = messages_by_channel(world)
    assert set(messages) == {"sms", "email"}
    assert messages["sms"].provider_ref == "SM-1"
    assert messages["email"].provider_ref == "<msg-1"
    for channel, message in messages.items():
        assert message.status == "sent"
        assert message.attempts == 1
        assert message.notification_id == notification.id
        assert message.events == [
            MessageSent(
                message.id, PARTICIPANT_ID, channel, "welcome", "sent", sent_at=message.sent_at
            )
        ]


def test_each_message_is_committed_as_sending_before_the_provider_is_called() -> None:
    world = make_world()
    add_contact(world)
    owe_welcome(world)

    world.dispatcher.tick()

    for sent in world.sms.sent + world.email.sent:
        assert sent.status_while_sending == "sending"
        assert sent.open_units_while_sending == 0  # no transaction held open across the call


def test_only_reachable_channels_get_a_message() -> None:
    world = make_world()
    add_contact(world, phone=None, preferred_channel="email")
    owe_welcome(world)

    assert world.dispatcher.tick() == 1

    assert world.sms.sent == []
    assert [s.to for s in world.email.sent] == [EMAIL]


def test_a_welsh_speaker_gets_the_welsh_welcome() -> None:
    world = make_world()
    add_contact(world, language="cy", email=None)
    owe_welcome(world)

    world.dispatcher.tick()

    assert world.sms.sent[0].body.startswith("Helo Morwenna, diolch am ymuno gyda Chorus.")


def test_an_email_to_someone_with_no_mobile_never_tells_them_to_text() -> None:
    world = make_world()
    add_contact(world, phone=None, preferred_channel="email")
    owe_welcome(world)

    world.dispatcher.tick()

    [email] = world.email.sent
    assert "reply to this email." in email.body and "text" not in email.body.lower()
    assert "STOP" not in email.html


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "reply to this email or text STOP to 07700 900999."),
        ("cy", "atebwch yr e-bost hwn neu anfonwch STOP mewn neges destun i 07700 900999."),
    ],
)
def test_an_email_to_someone_with_a_mobile_names_the_number_to_text(
    language: str, words: str
) -> None:
    world = make_world()
    add_contact(world, language=language)
    owe_welcome(world)

    world.dispatcher.tick()

    [email] = world.email.sent
    assert words in email.body and words in email.html


def test_no_number_to_text_means_no_texting_in_an_email() -> None:
    world = make_world()
    world.dispatcher = Dispatcher(  # no TWILIO_FROM_NUMBER (a messaging service sends, say)
        lambda: FakeUnitOfWork(world.store),
        FileTemplates(),
        world.sms,
        world.email,
        links=fake_link,
        quiet_hours=None,
    )
    add_contact(world)
    owe_welcome(world)

    world.dispatcher.tick()

    [email] = world.email.sent
    assert "STOP" not in email.body


def test_the_name_is_escaped_in_the_html_email_only() -> None:
    world = make_world()
    add_contact(world, preferred_name="Jo <Jo> & Co", phone=None, preferred_channel="email")
    owe_welcome(world)

    world.dispatcher.tick()

    [email] = world.email.sent
    assert "<p>Hi Jo &lt;Jo&gt; &amp; Co,</p>" in email.html
    assert email.body.startswith("Hi Jo <Jo> & Co,")


# -- waiting for contact details -------------------------------------------------------------


def test_a_notification_without_a_contact_waits_then_expires() -> None:
    world = make_world()
    notification = owe_welcome(world)

    assert world.dispatcher.tick() == 0
    assert notification.status == "pending"
    assert world.store.messages == {}

    notification.created_at -= CONTACT_WAIT + timedelta(seconds=1)  # a day passes
    assert world.dispatcher.tick() == 0
    assert notification.status == "expired"

    add_contact(world)  # too late: the welcome is not sent any more
    assert world.dispatcher.tick() == 0
    assert world.store.messages == {}
    assert world.sms.sent == world.email.sent == []


def test_a_notification_is_sent_once_its_contact_arrives_within_the_wait() -> None:
    world = make_world()
    notification = owe_welcome(world, created_at=datetime.now(UTC) - timedelta(hours=23))

    world.dispatcher.tick()
    assert notification.status == "pending"

    add_contact(world, email=None)
    assert world.dispatcher.tick() == 1
    assert notification.status == "resolved"
    assert [s.to for s in world.sms.sent] == [PHONE]


# -- failures and crashes --------------------------------------------------------------------


def test_an_unavailable_channel_keeps_its_messages_queued_uncounted_and_pauses() -> None:
    world = make_world()
    world.email.fail_with = ChannelUnavailable("535 login refused", credentials=True)
    add_contact(world)
    owe_welcome(world)

    assert world.dispatcher.tick() == 1  # the text still goes
    email = messages_by_channel(world)["email"]
    assert (email.status, email.attempts) == ("queued", 0)  # not failed, no try used up
    assert email.events == []
    assert email.next_attempt_at > datetime.now(UTC)

    email.next_attempt_at = datetime.now(UTC)  # due again, but the channel is paused
    assert world.dispatcher.tick() == 0
    assert len(world.email.sent) == 1  # one try of a bad login, not one per message

    world.email.fail_with = None
    later = world.restart()  # (its pause is its own: a new process tries at once)
    assert later.tick() == 1
    assert (email.status, email.attempts) == ("sent", 1)


def test_a_failing_sender_leaves_the_message_queued_for_a_later_retry() -> None:
    world = make_world(sms_fails_with=SendRefused("Twilio answered 429"))
    add_contact(world)
    owe_welcome(world)
    before = datetime.now(UTC)

    assert world.dispatcher.tick() == 1  # the email still goes
    after = datetime.now(UTC)

    sms = messages_by_channel(world)["sms"]
    assert sms.status == "queued"
    assert sms.attempts == 1
    assert sms.error == "SendRefused('Twilio answered 429')"
    assert sms.provider_ref is None
    assert sms.events == []
    assert before + timedelta(seconds=2) <= sms.next_attempt_at <= after + timedelta(seconds=3)
    assert messages_by_channel(world)["email"].status == "sent"

    assert world.dispatcher.tick() == 0  # not due yet: no immediate hammering
    assert len(world.sms.sent) == 1

    world.sms.fail_with = None
    sms.next_attempt_at = datetime.now(UTC) - timedelta(seconds=1)  # the delay has passed
    assert world.dispatcher.tick() == 1
    assert (sms.status, sms.attempts, sms.provider_ref) == ("sent", 2, "SM-2")
    assert len(world.email.sent) == 1


def test_messages_interrupted_mid_send_become_unknown_and_are_never_sent() -> None:
    world = make_world()
    add_contact(world)
    owe_welcome(world)
    world.dispatcher.resolve_pending()
    claimed = world.dispatcher.claim_due()  # ...and the process dies before sending
    assert {c.channel for c in claimed} == {"sms", "email"}

    assert world.restart().recover_interrupted() == 0  # its lease has not lapsed yet
    assert {m.status for m in world.store.messages.values()} == {"sending"}
    restarted = world.restart(after=world.dispatcher.lease.lease + timedelta(seconds=1))
    assert restarted.recover_interrupted() == 2

    assert {m.status for m in world.store.messages.values()} == {"unknown"}
    assert restarted.tick() == 0
    assert restarted.recover_interrupted() == 0
    assert world.sms.sent == world.email.sent == []


def test_recover_interrupted_leaves_other_messages_alone() -> None:
    world = make_world()
    add_contact(world)
    owe_welcome(world)
    world.dispatcher.tick()

    assert world.restart(after=timedelta(hours=1)).recover_interrupted() == 0
    assert {m.status for m in world.store.messages.values()} == {"sent"}


def test_one_message_at_a_time_goes_to_each_address_oldest_first() -> None:
    """Two messages made together for one person (a welcome and an invitation, say): the later
    waits until the earlier has gone, so they arrive in the order they were made."""
    world = make_world()
    add_contact(world, preferred_channel="email", phone=None)
    earlier = owe_welcome(world, datetime.now(UTC) - timedelta(seconds=1))
    later = Notification(PARTICIPANT_ID, "welcome", "second-cause", datetime.now(UTC))
    world.store.notifications[later.id] = later
    world.dispatcher.resolve_pending()
    [first] = world.dispatcher.claim_due()
    assert world.dispatcher.claim_due() == []  # the first is still on its way
    assert world.store.messages[first.id].notification_id == earlier.id
    world.store.messages[first.id].status = "sent"
    [second] = world.dispatcher.claim_due()
    assert world.store.messages[second.id].notification_id == later.id


def test_a_second_instance_leaves_a_live_instance_s_messages_alone() -> None:
    world = make_world()
    add_contact(world)
    owe_welcome(world)
    world.dispatcher.resolve_pending()
    first = world.dispatcher.claim_due()
    second = world.restart()
    assert second.claim_due() == []  # nothing left queued: each message has one sender
    world.dispatcher.lease.heartbeat()  # the first instance is alive
    assert second.recover_interrupted() == 0
    assert world.restart().recover_interrupted() == 0  # nor does a third, starting now
    assert {m.claimed_by for m in world.store.messages.values()} == {
        world.dispatcher.lease.instance
    }
    assert len(first) == 2


def test_a_notification_that_cannot_be_composed_fails_without_blocking_the_others() -> None:
    world = make_world()
    add_contact(world)
    broken = owe_welcome(world, created_at=datetime.now(UTC) - timedelta(minutes=5))
    broken.template = "no-such-template"
    fine = owe_welcome(world)

    world.dispatcher.tick()

    assert broken.status == "failed"
    assert fine.status == "resolved"
    assert {m.notification_id for m in world.store.messages.values()} == {fine.id}
    assert {m.status for m in world.store.messages.values()} == {"sent"}


def test_a_magic_link_goes_only_to_the_channel_it_was_asked_on_with_its_address() -> None:
    world = make_world()
    add_contact(world)
    link = Notification(
        PARTICIPANT_ID,
        "magic_link",
        "cause-1",
        datetime.now(UTC),
        channel="email",
        link_id="link-1",
        link_purpose="me",
    )
    world.store.notifications[link.id] = link

    world.dispatcher.tick()

    assert link.status == "resolved"
    messages = messages_by_channel(world)
    assert set(messages) == {"email"}
    url = fake_link("link-1", "me")
    assert url in messages["email"].body and url in messages["email"].html


def test_a_number_that_texted_stop_gets_no_sms_but_still_gets_email() -> None:
    world = make_world()
    add_contact(world)
    world.store.suppressed.add((PHONE, ""))
    owe_welcome(world)

    world.dispatcher.tick()

    by_channel = messages_by_channel(world)
    assert by_channel["sms"].status == "suppressed"
    assert by_channel["email"].status == "sent"
    assert [sent.to for sent in world.sms.sent] == []


def test_stop_after_queueing_still_stops_the_sms() -> None:
    world = make_world()
    add_contact(world)
    owe_welcome(world)
    world.dispatcher.resolve_pending()
    world.store.suppressed.add((PHONE, ""))

    world.dispatcher.tick()

    assert messages_by_channel(world)["sms"].status == "suppressed"
    assert world.sms.sent == []


# -- quiet hours: no texts 21:00 to 08:00 UK time ----------------------------------------------


def night_world(clock_time: datetime) -> World:
    world = make_world()
    world.dispatcher = Dispatcher(
        lambda: FakeUnitOfWork(world.store),
        FileTemplates(),
        world.sms,
        world.email,
        links=fake_link,
        clock=lambda: clock_time,
    )
    return world


@pytest.mark.parametrize(
    ("now", "morning"),
    [
        # winter, GMT: 22:30 UK is 22:30 UTC; morning is 08:00 UTC
        (datetime(2026, 1, 15, 22, 30, tzinfo=UTC), datetime(2026, 1, 16, 8, 0, tzinfo=UTC)),
        # summer, BST: 21:30 UK is 20:30 UTC; morning is 07:00 UTC
        (datetime(2026, 7, 15, 20, 30, tzinfo=UTC), datetime(2026, 7, 16, 7, 0, tzinfo=UTC)),
        # after midnight: the same day's morning
        (datetime(2026, 7, 15, 2, 0, tzinfo=UTC), datetime(2026, 7, 15, 7, 0, tzinfo=UTC)),
        # the night the clocks go back (25 October 2026): morning is 08:00 GMT
        (datetime(2026, 10, 24, 22, 0, tzinfo=UTC), datetime(2026, 10, 25, 8, 0, tzinfo=UTC)),
    ],
)
def test_a_text_at_night_waits_for_the_morning_and_email_does_not(
    now: datetime, morning: datetime
) -> None:
    world = night_world(now)
    add_contact(world)
    owe_welcome(world)

    world.dispatcher.tick()

    by_channel = messages_by_channel(world)
    assert world.sms.sent == [] and by_channel["sms"].status == "queued"
    assert by_channel["sms"].next_attempt_at == morning
    assert by_channel["email"].status == "sent"


def test_a_link_the_person_just_asked_for_is_texted_at_any_hour() -> None:
    world = night_world(datetime(2026, 1, 15, 23, 45, tzinfo=UTC))
    add_contact(world)
    link = Notification(
        PARTICIPANT_ID,
        "magic_link",
        "cause-2",
        datetime.now(UTC),
        channel="sms",
        link_id="link-2",
        link_purpose="me",
    )
    world.store.notifications[link.id] = link

    world.dispatcher.tick()

    assert len(world.sms.sent) == 1


def test_daytime_texts_go_at_once() -> None:
    world = night_world(datetime(2026, 7, 15, 12, 0, tzinfo=UTC))
    add_contact(world)
    owe_welcome(world)
    world.dispatcher.tick()
    assert len(world.sms.sent) == 1


def test_quiet_hours_setting() -> None:
    assert QuietHours.parse("off") is None
    assert QuietHours.parse("22:00-07:30") == QuietHours(time(22, 0), time(7, 30))


# -- what a failed send means ---------------------------------------------------------------


def test_a_timeout_is_never_resent_blindly() -> None:
    world = make_world(sms_fails_with=TimeoutError("read timed out"))
    add_contact(world)
    owe_welcome(world)

    world.dispatcher.tick()
    sms = messages_by_channel(world)["sms"]
    sms.next_attempt_at = datetime.now(UTC) - timedelta(hours=1)
    world.sms.fail_with = None
    world.dispatcher.tick()

    assert sms.status == "unknown" and "read timed out" in (sms.error or "")
    assert len(world.sms.sent) == 1  # the one attempt that may have gone; no second text


def test_a_permanent_rejection_fails_at_once() -> None:
    world = make_world(sms_fails_with=SendRejected("21211: not a valid phone number", code="21211"))
    add_contact(world)
    owe_welcome(world)

    world.dispatcher.tick()

    sms = messages_by_channel(world)["sms"]
    assert sms.status == "failed" and sms.attempts == 1
    sent, failed = sms.events
    assert isinstance(sent, MessageSent) and sent.status == "failed"
    # The service that asked learns it will not arrive, with Twilio's code but not the words.
    assert isinstance(failed, MessageDeliveryFailed)
    assert (failed.reason, failed.provider_code, failed.channel) == ("rejected", "21211", "sms")
    assert world.store.suppressed == set()


def test_twilio_21610_marks_the_number_opted_out() -> None:
    world = make_world(sms_fails_with=SendRejected("21610: unsubscribed recipient", code="21610"))
    add_contact(world)
    owe_welcome(world)

    world.dispatcher.tick()

    sms = messages_by_channel(world)["sms"]
    assert sms.status == "failed"
    assert world.store.suppressed == {(PHONE, "")}
    assert [
        (e.reason, e.provider_code) for e in sms.events if isinstance(e, MessageDeliveryFailed)
    ] == [("opted_out", "21610")]
    assert [type(e).__name__ for e in world.store.published] == ["SmsOptedOut"]


def test_the_send_rate_holds_within_a_second_and_across_a_restart() -> None:
    now = [datetime(2026, 7, 15, 12, 0, tzinfo=UTC)]
    world = make_world()

    def dispatcher() -> Dispatcher:
        return Dispatcher(
            lambda: FakeUnitOfWork(world.store),
            FileTemplates(),
            world.sms,
            world.email,
            links=fake_link,
            clock=lambda: now[0],
            quiet_hours=None,
            sms_per_second=2,
        )

    for n in range(5):
        pid = f"00000000-0000-4000-8000-00000000000{n}"
        add_contact(world, participant_id=pid, phone=f"+44712345678{n}", email=None)
        world.store.notifications[f"n{n}"] = Notification(
            pid, "welcome", f"c{n}", now[0], id=f"n{n}"
        )

    first = dispatcher()
    first.tick()
    assert len(world.sms.sent) == 2
    dispatcher().tick()  # a restarted process, in the same second: still no more than 2
    assert len(world.sms.sent) == 2
    now[0] += timedelta(seconds=1)
    dispatcher().tick()
    assert len(world.sms.sent) == 4


def booking_options(reason: str) -> dict[str, Any]:
    return {
        "participant_id": PARTICIPANT_ID,
        "activity_id": "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a",
        "activity_title": "Making GP appointments easier",
        "reason": reason,
        "options": [
            {"choice": 1, "starts_at": datetime(2026, 12, 2, 10, 30, tzinfo=UTC), "location": None},
            {
                "choice": 2,
                "starts_at": datetime(2026, 12, 3, 18, 0, tzinfo=UTC),
                "location": "Central Library, Leeds",
            },
        ],
    }


@pytest.mark.parametrize(("reason", "texted_now"), [("asked", True), ("invited", False)])
def test_booking_options_go_by_text_and_only_an_answer_skips_quiet_hours(
    reason: str, texted_now: bool
) -> None:
    world = night_world(datetime(2026, 1, 15, 23, 45, tzinfo=UTC))
    add_contact(world)  # prefers SMS and has an email address too
    uow = FakeUnitOfWork(world.store)
    owe(bookings.offer_booking_options(booking_options(reason), f"cause-{reason}"), uow)

    world.dispatcher.tick()

    assert set(messages_by_channel(world)) == {"sms"}  # they reply by text, so we ask by text
    assert [s.body for s in world.sms.sent] == (
        [
            'Chorus times for "Making GP appointments easier": reply 1 for Wed 2 Dec, 10:30am '
            "online, 2 for Thu 3 Dec, 6:00pm at Central Library."
        ]
        if texted_now
        else []
    )


def test_an_unclear_reply_gets_a_short_answer_at_any_hour() -> None:
    world = night_world(datetime(2026, 1, 15, 23, 45, tzinfo=UTC))
    add_contact(world)
    data = {"participant_id": PARTICIPANT_ID, "hint": "choose_a_number", "choices": 2}
    owe(bookings.answer_unclear_reply(data, "cause-unclear"), FakeUnitOfWork(world.store))

    world.dispatcher.tick()

    [sent] = world.sms.sent
    assert sent.body == (
        "Sorry, we did not understand. "
        "Reply with one number from 1 to 2, or CHANGE for other times."
    )


@pytest.mark.parametrize(
    ("outcome", "texts"),
    [("no_show", 1), ("attended", 0), ("partly_attended", 0), ("excused", 0)],
)
def test_only_a_no_show_gets_a_kind_check_in(outcome: str, texts: int) -> None:
    world = make_world()
    add_contact(world, email=None)
    data = {
        "participant_id": PARTICIPANT_ID,
        "activity_id": "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a",
        "outcome": outcome,
        "activity_title": "Making GP appointments easier",
    }
    owe(bookings.check_in_after_no_show(data, "c"), FakeUnitOfWork(world.store))

    world.dispatcher.tick()

    assert len(world.sms.sent) == texts
    if texts:
        assert world.sms.sent[0].body.startswith('Chorus: we missed you at "Making GP appointments')


def test_a_whole_session_called_off_is_worded_as_such() -> None:
    world = make_world()
    add_contact(world, email=None)
    data = {
        "participant_id": PARTICIPANT_ID,
        "activity_id": "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a",
        "booking_id": "b1",
        "session_id": "s1",
        "starts_at": datetime(2026, 12, 2, 10, 30, tzinfo=UTC),
        "cause": "session_cancelled",
    }
    owe(bookings.tell_of_cancelled_booking(data, "c"), FakeUnitOfWork(world.store))

    world.dispatcher.tick()

    [sent] = world.sms.sent
    assert sent.body.startswith("Chorus: sorry, we have had to cancel the session on Wednesday")


@pytest.mark.parametrize("handler", ["remind", "offer_place", "reject_booking"])
def test_session_news_without_a_calendar_entry_still_reaches_an_email_only_person(
    handler: str,
) -> None:
    world = make_world()
    add_contact(world, phone=None, preferred_channel="email")
    starts = datetime(2026, 12, 2, 10, 30, tzinfo=UTC)
    data = {
        "participant_id": PARTICIPANT_ID,
        "activity_id": "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a",
        "activity_title": "Making GP appointments easier",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1),
        "hold_expires_at": starts - timedelta(days=1),
        "location": None,
        "joining_url": None,
        "booking_id": "5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
        "hold_id": "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b",
    }
    owe(getattr(bookings, handler)(data, f"cause-{handler}"), FakeUnitOfWork(world.store))

    world.dispatcher.tick()

    [sent] = world.email.sent
    assert "Wednesday 2 December, 10:30am" in sent.body
    page = {
        "remind": "/book/bookings/5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
        "offer_place": "/book/holds/9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b",
        "reject_booking": "/book/activities/8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a",
    }[handler]
    link = f"https://chorus.test/join/link/book/{PARTICIPANT_ID}.email?next={page}"
    assert link in sent.body and f'href="{link}"' in sent.html  # minted for this one message
    assert world.email.calendars == [""]  # no .ics: only bookings have a calendar entry


def test_a_moved_booking_is_one_message_and_updates_the_calendar_entry() -> None:
    world = make_world()
    add_contact(world, phone=None, preferred_channel="email")
    starts = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
    common = {
        "participant_id": PARTICIPANT_ID,
        "activity_id": "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a",
        "session_id": "s1",
        "starts_at": starts,
    }
    uow = FakeUnitOfWork(world.store)
    owe(
        bookings.tell_of_cancelled_booking({**common, "booking_id": "b1", "cause": "moved"}, "c1"),
        uow,
    )
    moved = {
        **common,
        "booking_id": "b2",
        "moved_from_booking_id": "b1",
        "activity_title": "Making GP appointments easier",
        "ends_at": starts + timedelta(hours=1),
        "format": "online",
        "location": None,
        "joining_url": "https://meet.example/x",
        "booked_via": "web",
    }
    owe(bookings.confirm_booking(moved, "c2"), uow)

    world.dispatcher.tick()

    [sent] = world.email.sent
    assert sent.subject.startswith("Your booking has moved: Making GP appointments easier")
    [calendar] = world.email.calendars
    assert f"UID:s1.{PARTICIPANT_ID}@chorus" in calendar and "METHOD:PUBLISH" in calendar
