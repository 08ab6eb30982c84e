"""Texts and emails go out as the organisation whose activity they are about: its number or
Twilio messaging service (through the real SDK to Prism, behind the recording proxy), its
"from" name and address (through real SMTP to Mailpit), its name in the words. Without an
organisation of its own (a sign-in link) a message goes as the deployment. Staff see only
their organisation's messages; leaving one organisation withdraws what is queued as it, and
erasure from one deletes its messages and leaves the other's."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from flask.testing import FlaskClient
from sqlalchemy import Engine

from services.notifications.adapters.senders import SmtpEmailSender, TwilioSmsSender
from services.notifications.bootstrap import uow_factory
from services.notifications.config import load_settings
from services.notifications.dispatch.service_layer.dispatcher import Dispatcher
from services.notifications.domain.model import Contact, Notification
from services.notifications.entrypoints.app import create_app
from services.notifications.inbound.commands import ReceiveSms
from services.notifications.inbound.service_layer import receive_sms
from services.notifications.messages.adapters.templates import FileTemplates
from services.notifications.messages.commands import ForgetInOrganisation, LeaveOrganisation
from services.notifications.messages.service_layer import (
    forget_in_organisation,
    leave_organisation,
)
from shared.config import Secret
from shared.vocabulary.organisations import Organisation
from tests.support import MAILPIT_API, TWILIO_MOCK, migrated_engine, wait_until
from tests.twilio_fault_proxy import FaultProxy

A = "00000000-0000-4000-8000-0000000000a1"
B = "00000000-0000-4000-8000-0000000000b2"
A_NUMBER, DEPLOYMENT_NUMBER = "+447700900111", "+447700900000"
B_SERVICE = "MG" + "b" * 32
ACTIVITY_A, ACTIVITY_B = str(uuid.uuid4()), str(uuid.uuid4())


def organisation(organisation_id: str, name: str, short: str, **senders: Any) -> Organisation:
    details: dict[str, Any] = {"sms_sender": None, "email_from_name": None,
                               "email_from_address": None, **senders}  # fmt: skip
    return Organisation(
        organisation_id, name, short, senders.pop("welsh_name", None), "0113 000 0000",
        None, None, None, details["sms_sender"], details["email_from_name"],
        details["email_from_address"], None, 50000, datetime.now(UTC),
    )  # fmt: skip


@dataclasses.dataclass
class World:
    engine: Engine
    uows: Callable[[], Any]
    dispatcher: Dispatcher
    proxy: FaultProxy

    def owe(self, contact: Contact, activity_id: str | None, template: str = "welcome") -> None:
        with self.uows() as uow:
            if uow.contacts.get(contact.participant_id) is None:
                uow.contacts.save(contact)
            notification = Notification(
                contact.participant_id, template, str(uuid.uuid4()), datetime.now(UTC),
                activity_id=activity_id,
            )  # fmt: skip
            uow.notifications.add(notification)
            uow.commit()

    def send_all(self) -> None:
        """Tick until nothing more goes (one message at a time goes to each address)."""
        while self.dispatcher.tick():
            pass

    def texts_to(self, phone: str) -> list[dict[str, Any]]:
        log = requests.get(f"{self.proxy.url}/__fault__/log", timeout=5).json()
        return [entry for entry in log if entry["to"] == phone]

    def statuses(self, participant_id: str) -> dict[str | None, str]:
        with self.uows() as uow:
            return {m.activity_id: m.status for m in uow.messages.for_participant(participant_id)}


@pytest.fixture
def world(stand_ins: None, tmp_path: Path) -> Iterator[World]:
    proxy = FaultProxy(TWILIO_MOCK).start()
    settings = dataclasses.replace(
        load_settings("notifications"),
        twilio_account_sid="AC00000000000000000000000000000000",
        twilio_auth_token=Secret("test-token"),
        twilio_from_number=DEPLOYMENT_NUMBER,
        twilio_api_base=proxy.url,
        smtp_host="127.0.0.1",
        smtp_port=1025,
        mail_from="Chorus <no-reply@chorus.localhost>",
    )
    engine = migrated_engine("notifications", tmp_path)
    uows = uow_factory(engine)
    with uows() as uow:
        uow.organisations.save(
            organisation(A, "Leeds ICB", "LEEDSICB", sms_sender=A_NUMBER,
                         email_from_name="Leeds ICB involvement",
                         email_from_address="ppi@leeds-icb.example", welsh_name=None)
        )  # fmt: skip
        uow.organisations.save(
            organisation(B, "Hywel Dda University Health Board", "HDUHB", sms_sender=B_SERVICE,
                         email_from_name="Hywel Dda", welsh_name="Bwrdd Iechyd Hywel Dda")
        )  # fmt: skip
        uow.activity_titles.save(ACTIVITY_A, "Making GP appointments easier", A)
        uow.activity_titles.save(ACTIVITY_B, "Hospital food", B)
        uow.commit()
    dispatcher = Dispatcher(
        uows, FileTemplates(), TwilioSmsSender(settings), SmtpEmailSender(settings),
        links=lambda link_id, purpose: f"https://chorus.test/join/link/{link_id}",
        quiet_hours=None, deployment_from=settings.mail_from,
    )  # fmt: skip
    try:
        yield World(engine, uows, dispatcher, proxy)
    finally:
        proxy.stop()
        engine.dispose()


def a_phone() -> str:
    return f"+4479{uuid.uuid4().int % 10**8:08d}"


def emails_to(address: str) -> list[dict[str, Any]]:
    found = requests.get(
        f"{MAILPIT_API}/search", params={"query": f'to:"{address}"'}, timeout=5
    ).json()["messages"]
    return [requests.get(f"{MAILPIT_API}/message/{m['ID']}", timeout=5).json() for m in found]


def test_each_text_comes_from_its_organisations_number_and_says_its_name(world: World) -> None:
    phone = a_phone()
    person = Contact(str(uuid.uuid4()), "Morwenna", phone, None, "sms", "en")
    for activity in (ACTIVITY_A, ACTIVITY_B, None):
        world.owe(person, activity)
    world.send_all()

    sent = wait_until(lambda: len(world.texts_to(phone)) == 3 and world.texts_to(phone))
    by_name = {text["body"].split(",")[1].strip(): text for text in sent}
    leeds = by_name["thanks for joining Leeds ICB. We will text you when you can help. Reply STOP"
                    " to stop texts."]  # fmt: skip
    assert leeds["from"] == A_NUMBER
    # A name too long for a text: the short name; a messaging service picks its own number.
    hywel = by_name["thanks for joining HDUHB. We will text you when you can help. Reply STOP to"
                    " stop texts."]  # fmt: skip
    assert hywel["messaging_service_sid"] == B_SERVICE
    deployment = by_name["thanks for joining Chorus. We will text you when you can help. Reply"
                         " STOP to stop texts."]  # fmt: skip
    assert deployment["from"] == DEPLOYMENT_NUMBER
    assert set(world.statuses(person.participant_id).values()) == {"sent"}


def test_each_email_comes_from_its_organisations_address_in_its_language(world: World) -> None:
    tag = uuid.uuid4().hex[:10]
    english = Contact(str(uuid.uuid4()), "Ann", None, f"ann-{tag}@example.org", "email", "en")
    welsh = Contact(str(uuid.uuid4()), "Siân", None, f"sian-{tag}@example.org", "email", "cy")
    world.owe(english, ACTIVITY_A)
    world.owe(welsh, ACTIVITY_B)
    world.owe(english, None, "welcome")
    world.send_all()

    mail = wait_until(
        lambda: len(emails_to(english.email or "")) == 2 and emails_to(english.email or "")
    )
    froms = sorted((m["From"]["Name"], m["From"]["Address"]) for m in mail)
    assert froms == [("Chorus", "no-reply@chorus.localhost"),
                     ("Leeds ICB involvement", "ppi@leeds-icb.example")]  # fmt: skip
    [leeds] = [m for m in mail if m["From"]["Address"] == "ppi@leeds-icb.example"]
    assert "Thank you for joining Leeds ICB." in leeds["Text"]
    # A "from" name and no address: the name, at the deployment's address; Welsh: its Welsh name.
    [cymraeg] = wait_until(lambda: emails_to(welsh.email or ""))
    assert cymraeg["From"] == {"Name": "Hywel Dda", "Address": "no-reply@chorus.localhost"}
    assert "Diolch am ymuno gyda Bwrdd Iechyd Hywel Dda." in cymraeg["Text"]


def test_leaving_one_organisation_withdraws_only_its_queued_messages(world: World) -> None:
    person = Contact(str(uuid.uuid4()), "Morwenna", a_phone(), None, "sms", "en")
    world.owe(person, ACTIVITY_A)
    world.owe(person, ACTIVITY_B)
    world.dispatcher.resolve_pending()  # both made, neither sent yet
    # The reply to their LEAVE CODE, about A's activity: owed when the leaving arrives.
    with world.uows() as uow:
        uow.notifications.add(Notification(
            person.participant_id, "sms_sign_up", str(uuid.uuid4()), datetime.now(UTC),
            details={"sign_up": "left_organisation", "problem": None, "code": "AB12"},
            activity_id=ACTIVITY_A, channel="sms", asked_for=True,
        ))  # fmt: skip
        uow.commit()

    with world.uows() as uow:
        leave_organisation(LeaveOrganisation(person.participant_id, A), uow)
        uow.commit()
    world.send_all()
    with world.uows() as uow:
        made = [(m.template, m.activity_id, m.status)
                for m in uow.messages.for_participant(person.participant_id)]  # fmt: skip
    assert sorted(made) == sorted([
        ("welcome", ACTIVITY_A, "withdrawn"), ("welcome", ACTIVITY_B, "sent"),
        ("sms_sign_up", ACTIVITY_A, "sent"),  # the one they asked for still goes
    ])  # fmt: skip
    sent = wait_until(lambda: len(world.texts_to(person.phone or "")) == 2 and world.texts_to(
        person.phone or ""))  # fmt: skip
    assert any("You have left Leeds ICB." in t["body"] for t in sent)

    with world.uows() as uow:
        forget_in_organisation(ForgetInOrganisation(person.participant_id, A), uow)
        uow.commit()
    assert world.statuses(person.participant_id) == {ACTIVITY_B: "sent"}  # A's is gone
    with world.uows() as uow:
        assert uow.contacts.get(person.participant_id) is not None  # B still reaches them


def _staff_at(app: Any, organisation_id: str) -> FlaskClient:
    client = app.test_client()
    with client.session_transaction() as session:
        session["staff"] = {"id": str(uuid.uuid4()), "name": "Cora", "roles": ["coordinator"],
                            "organisation_id": organisation_id,
                            "issued_at": datetime.now(UTC).isoformat()}  # fmt: skip
    return client


def test_staff_see_only_their_organisations_messages(world: World) -> None:
    person = Contact(str(uuid.uuid4()), "Morwenna", a_phone(), None, "sms", "en")
    for activity in (ACTIVITY_A, ACTIVITY_B, None):
        world.owe(person, activity)
    world.dispatcher.resolve_pending()
    app = create_app(load_settings("notifications"), world.engine)
    rows = '<tr class="nhsuk-table__row" role="row">'
    at_a = _staff_at(app, A)

    page = at_a.get(f"/messages/log?participant={person.participant_id}").get_data(as_text=True)
    assert page.count(rows) == 2  # the header and A's message, not B's nor the deployment's
    assert "Making GP appointments easier" in page and "Hospital food" not in page
    theirs = at_a.get(f"/messages/log?activity={ACTIVITY_B}").get_data(as_text=True)
    nobody = at_a.get(f"/messages/log?activity={uuid.uuid4()}").get_data(as_text=True)
    assert theirs.count(rows) == nobody.count(rows) == 0  # another's activity: as an unknown one
    at_b = _staff_at(app, B)
    page = at_b.get(f"/messages/log?participant={person.participant_id}").get_data(as_text=True)
    assert "Hospital food" in page and "Making GP appointments easier" not in page


def text_us(world: World, phone: str, body: str, to: str, service: str | None = None) -> str:
    """A text to one of the numbers, as Twilio's webhook hands it on."""
    command = ReceiveSms("SM" + uuid.uuid4().hex, phone, body, to, service)
    return receive_sms(command, world.uows(), lambda: datetime.now(UTC)).text or ""


def test_stop_to_one_organisations_number_stops_only_its_texts(world: World) -> None:
    phone = a_phone()
    person = Contact(str(uuid.uuid4()), "Morwenna", phone, None, "sms", "en")
    said = text_us(world, phone, "STOP", A_NUMBER)
    assert said == "You will not get any more texts from Leeds ICB. Text START to get them again."
    # Hywel Dda's messaging service: Twilio names it beside the pool number they texted.
    said = text_us(world, phone, "stop", "+447700900999", B_SERVICE)
    assert said == "You will not get any more texts from HDUHB. Text START to get them again."
    text_us(world, phone, "START", "+447700900999", B_SERVICE)

    for activity in (ACTIVITY_A, ACTIVITY_B, None):
        world.owe(person, activity)
    world.send_all()
    sent = wait_until(lambda: len(world.texts_to(phone)) == 2 and world.texts_to(phone))
    # Leeds ICB's is held back; Hywel Dda's (START again) and the deployment's go.
    assert B_SERVICE in {t.get("messaging_service_sid") for t in sent}
    assert A_NUMBER not in {t.get("from") for t in sent}
    assert world.statuses(person.participant_id) == {
        ACTIVITY_A: "suppressed", ACTIVITY_B: "sent", None: "sent"
    }  # fmt: skip
