"""An SMTP blip delays an email, never loses it: real sockets and real SMTP servers (Mailpit, and
tests/smtp_server.py for the failures), the real sender and dispatcher, a real database."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from services.notifications.adapters.metrics import PrometheusSendMetrics
from services.notifications.adapters.orm import messages
from services.notifications.adapters.senders import SmtpEmailSender
from services.notifications.bootstrap import uow_factory
from services.notifications.config import NotificationsSettings as Settings
from services.notifications.config import load_settings
from services.notifications.dev_outbox.adapters import OutboxSmsSender
from services.notifications.dispatch.service_layer.dispatcher import Dispatcher
from services.notifications.messages.adapters.templates import FileTemplates
from services.notifications.ports import ChannelUnavailable, SendRefused
from shared.metrics import CHANNEL_UNAVAILABLE
from tests.notifications.integration.queued_emails import arrived, queue_emails, statuses
from tests.smtp_server import closed_port, smtp_server
from tests.support import migrated_engine, wait_until

pytestmark = pytest.mark.usefixtures("stand_ins")


@pytest.fixture
def settings() -> Settings:
    base = load_settings("notifications")
    return dataclasses.replace(base, smtp_host="127.0.0.1", smtp_timeout_seconds=1.0)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = migrated_engine("notifications", tmp_path)
    yield engine
    engine.dispose()


def dispatcher(engine: Engine, settings: Settings) -> Dispatcher:
    return Dispatcher(
        uow_factory(engine),
        FileTemplates(),
        OutboxSmsSender(),
        SmtpEmailSender(settings),
        links=lambda link_id, purpose: "",
        quiet_hours=None,
        metrics=PrometheusSendMetrics(),
    )


def attempts(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(select(messages.c.attempts)).scalars())


def sent_once_when_back(engine: Engine, send: Dispatcher, tag: str, count: int) -> None:
    """Every queued email reaches Mailpit exactly once now that the server answers again."""

    def all_sent() -> bool:
        send.tick()
        return statuses(engine) == {"sent": count}

    wait_until(all_sent, timeout=30, interval=0.5, what="the emails to be sent")
    expected = {f"{tag}-{n}@example.org": 1 for n in range(count)}
    wait_until(lambda: arrived(tag) == expected, timeout=20, what="one email each in Mailpit")
    send.tick()
    assert arrived(tag) == expected  # and no second copy


def test_a_refused_connection_keeps_the_email_queued_until_the_server_is_back(
    engine: Engine, settings: Settings
) -> None:
    tag, port = f"refused-{uuid.uuid4().hex[:8]}", closed_port()
    queue_emails(engine, 2, tag)
    send = dispatcher(engine, dataclasses.replace(settings, smtp_port=port))
    assert send.tick() == 0
    assert statuses(engine) == {"queued": 2}  # not "unknown": nothing was sent
    assert attempts(engine) == [0, 0]  # the server never had it: no try is used up

    with smtp_server(port):  # the server comes back (and hands what it takes to Mailpit)
        sent_once_when_back(engine, send, tag, 2)


def test_a_server_that_never_answers_keeps_the_email_queued(
    engine: Engine, settings: Settings
) -> None:
    tag = f"silent-{uuid.uuid4().hex[:8]}"
    queue_emails(engine, 1, tag)
    with smtp_server(mode="silent") as server:
        send = dispatcher(engine, dataclasses.replace(settings, smtp_port=server.port))
        assert send.tick() == 0
        assert statuses(engine) == {"queued": 1}
        server.mode = "relay"  # it answers again
        sent_once_when_back(engine, send, tag, 1)


def test_refused_credentials_alert_and_fail_no_email(engine: Engine, settings: Settings) -> None:
    tag = f"login-{uuid.uuid4().hex[:8]}"
    queue_emails(engine, 3, tag)
    before = CHANNEL_UNAVAILABLE.labels(channel="email", reason="credentials")._value.get()
    with smtp_server(password="the-new-password") as server:
        login = dataclasses.replace(
            settings, smtp_port=server.port, smtp_username="chorus", smtp_password="the-old-one"
        )
        send = dispatcher(engine, login)
        assert send.tick() == 0
        assert server.logins and not any(server.logins)  # the server answered 535
        assert statuses(engine) == {"queued": 3}  # the whole queue waits, nothing failed
        assert CHANNEL_UNAVAILABLE.labels(channel="email", reason="credentials")._value.get() > (
            before
        )
        assert send.tick() == 0  # paused: not every message tries the bad login
        server.password = "the-old-one"  # the credentials are put right
        sent_once_when_back(engine, send, tag, 3)


def test_a_line_dropped_after_the_server_took_the_words_stays_unknown(
    engine: Engine, settings: Settings
) -> None:
    tag = f"dropped-{uuid.uuid4().hex[:8]}"
    queue_emails(engine, 1, tag)
    with smtp_server(mode="drop") as server:
        send = dispatcher(engine, dataclasses.replace(settings, smtp_port=server.port))
        assert send.tick() == 0
        assert server.received == 1
    assert statuses(engine) == {"unknown": 1}  # it may have gone: never sent twice blindly


@pytest.mark.parametrize("where", ["closed port", "no such host", "silent listener"])
def test_the_sender_calls_an_unreachable_server_unavailable(settings: Settings, where: str) -> None:
    with smtp_server(mode="silent") as silent:
        host, port = {
            "closed port": ("127.0.0.1", closed_port()),
            "no such host": ("no-such-host.invalid", 25),
            "silent listener": ("127.0.0.1", silent.port),
        }[where]
        sender = SmtpEmailSender(dataclasses.replace(settings, smtp_host=host, smtp_port=port))
        with pytest.raises(ChannelUnavailable) as raised:
            sender.send("someone@example.org", "s", "t", "")
    assert isinstance(raised.value, SendRefused)  # nothing was sent: safe to retry
    assert not raised.value.credentials
