"""A person with two organisations asks one of them to forget them, from their own page: that
organisation's part of them (sign-ups to its activities, its invitations) is deleted, the other
organisation's is untouched, and ParticipantLeftOrganisation then
ErasureFromOrganisationRequested reach the broker. From the last organisation they are with it
is the full erasure. Real pages, a real (SQLite) database, the real relay and Kafka."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from services.recruitment.adapters.orm import expressions_of_interest, invitations, participants
from services.recruitment.equality.adapters.equality_tables import answers_on, equality_answers
from services.recruitment.equality.service_layer.equality import save_my_answers
from services.recruitment.invitations.commands import InviteWaves
from services.recruitment.invitations.service_layer.invitations import invite
from shared.bus.kafka_clients import make_producer
from shared.bus.relay import OutboxRelay, outbox_backlog
from shared.bus.tables import outbox
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from tests.recruitment.integration.test_leave_organisation import (
    World,
    as_ann,
    csrf,
    make_world,
    statuses,
)
from tests.support import read_topic, running, wait_until


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    return make_world(tmp_path, monkeypatch)


def invited(world: World) -> dict[str, str]:
    """Each activity Ann has an invitation to, and its status."""
    query = select(invitations.c.activity_id, invitations.c.status)
    with world.engine.connect() as conn:
        return dict(conn.execute(query).all())  # type: ignore[arg-type]


def staged(world: World) -> list[tuple[str, dict]]:
    """Ann's events in the outbox, in order."""
    query = select(outbox.c.event_type, outbox.c.payload).order_by(outbox.c.id)
    with world.engine.connect() as conn:  # a tombstone has no payload
        rows = [(t, json.loads(p)["data"]) for t, p in conn.execute(query) if p]
    return [(t, d) for t, d in rows if d.get("participant_id") == world.ann]


def both_invited_and_answered(world: World) -> None:
    for activity in (world.ours, world.theirs):
        invite(InviteWaves(activity, [world.ann], 10, 0, None), datetime.now(UTC), world.uow())
    # Different answers to each: the hospice's must go with it, the hospital's stay.
    save_my_answers(world.ann, FIRST_ORGANISATION_ID, {"sex": "female"}, world.uow(), answers_on)
    save_my_answers(world.ann, world.hospice, {"sex": "male"}, world.uow(), answers_on)


def erase(client, world: World, organisation_id: str):  # type: ignore[no-untyped-def]
    path = f"/join/me/organisations/{organisation_id}/erase"
    return client.post(path, data={"csrf_token": csrf(client, path), "confirm": "yes"})


def test_the_hospice_forgets_ann_and_the_hospital_keeps_her(world: World, bootstrap: str) -> None:
    both_invited_and_answered(world)
    ann = as_ann(world)
    page = ann.get("/join/me").get_data(as_text=True)
    path = f"/join/me/organisations/{world.hospice}/erase"
    assert path in page
    confirm = ann.get(path).get_data(as_text=True)
    assert "Leave Wheatfields Hospice and delete what it holds" in confirm
    assert "What we will delete" in confirm and "What we will keep" in confirm

    done = erase(ann, world, world.hospice)
    assert done.status_code == 302
    page = ann.get(done.headers["Location"]).get_data(as_text=True)
    assert "You have left Wheatfields Hospice. It is deleting what it holds about you." in page
    assert f"/join/me/organisations/{world.hospice}" not in page  # nor holding anything of hers
    assert "Leeds Teaching Hospitals" in page

    # The hospice's part of her is gone; the hospital's is as it was.
    assert statuses(world) == {world.ours: "interested"}
    assert invited(world) == {world.ours: "waiting"}
    with world.engine.connect() as conn:
        person = conn.execute(select(participants).where(participants.c.id == world.ann)).one()
        answers = select(equality_answers.c.organisation_id, equality_answers.c.sex)
        kept = conn.execute(answers).all()
    assert (person.email, person.withdrawn_at) == ("ann@example.org", None)
    assert person.left_organisations == [world.hospice]
    assert kept == [(FIRST_ORGANISATION_ID, "female")]
    data = ann.get("/join/me/data.json").get_json()
    assert [a["activity_id"] for a in data["activities"]] == [world.ours]

    told = [t for t, d in staged(world) if d.get("organisation_id") == world.hospice]
    assert told == ["ParticipantLeftOrganisation", "ErasureFromOrganisationRequested"]
    assert "ErasureRequested" not in [t for t, _ in staged(world)]
    # Asked again: it holds nothing of hers now, so it is not found.
    assert ann.get(f"/join/me/organisations/{world.hospice}/erase").status_code == 404

    relay = OutboxRelay(
        world.engine, lambda: make_producer(bootstrap, "test-relay"), ack_timeout_s=5
    )
    with running(relay.run):
        wait_until(lambda: outbox_backlog(world.engine) == 0, timeout=30, what="the relay")
    on_topic = [
        json.loads(r.value)
        for r in read_topic(bootstrap, "recruitment.participant")
        if r.key and r.key.decode() == world.ann
    ]
    theirs = [e for e in on_topic if e["data"].get("organisation_id") == world.hospice]
    assert [e["type"] for e in theirs] == [
        "ParticipantLeftOrganisation",
        "ErasureFromOrganisationRequested",
    ]
    assert theirs[1]["data"]["participant_id"] == world.ann
    assert "ErasureRequested" not in [e["type"] for e in on_topic]


def test_an_organisation_she_left_can_still_be_asked_to_forget_her(world: World) -> None:
    ann = as_ann(world)
    leave = f"/join/me/organisations/{world.hospice}/leave"
    ann.post(leave, data={"csrf_token": csrf(ann, leave)})
    page = ann.get("/join/me").get_data(as_text=True)
    assert "Groups you have left" in page
    assert f"/join/me/organisations/{world.hospice}/erase" in page

    assert erase(ann, world, world.hospice).status_code == 302
    assert statuses(world) == {world.ours: "interested"}
    told = [t for t, d in staged(world) if d.get("organisation_id") == world.hospice]
    # She had left already: no second ParticipantLeftOrganisation.
    assert told == ["ParticipantLeftOrganisation", "ErasureFromOrganisationRequested"]
    assert "Groups you have left" not in ann.get("/join/me").get_data(as_text=True)


def test_from_the_last_organisation_she_is_with_it_is_the_full_erasure(world: World) -> None:
    both_invited_and_answered(world)
    ann = as_ann(world)
    leave = f"/join/me/organisations/{FIRST_ORGANISATION_ID}/leave"
    ann.post(leave, data={"csrf_token": csrf(ann, leave)})
    path = f"/join/me/organisations/{world.hospice}/erase"
    confirm = ann.get(path).get_data(as_text=True)
    assert "is the last group you take part with" in confirm

    done = erase(ann, world, world.hospice)
    assert done.status_code == 200
    assert "Your details are being deleted" in done.get_data(as_text=True)
    with world.engine.connect() as conn:
        assert conn.execute(select(participants)).all() == []
        assert conn.execute(select(expressions_of_interest)).all() == []
        assert conn.execute(select(invitations)).all() == []
        assert conn.execute(select(equality_answers)).all() == []
    types = [t for t, _ in staged(world)]
    assert "ErasureRequested" in types and "ErasureFromOrganisationRequested" not in types
    assert ann.get("/join/me").status_code != 200  # signed out


def test_nothing_goes_without_the_tick_and_others_are_not_found(world: World) -> None:
    ann = as_ann(world)
    path = f"/join/me/organisations/{world.hospice}/erase"
    refused = ann.post(path, data={"csrf_token": csrf(ann, path)})
    assert refused.status_code == 400
    assert "Tick the box to say you understand." in refused.get_data(as_text=True)
    assert statuses(world) == {world.ours: "interested", world.theirs: "interested"}
    for organisation in ("no-such-organisation", "00000000-0000-4000-8000-000000000000"):
        other = f"/join/me/organisations/{organisation}/erase"
        assert ann.get(other).status_code == 404
        token = csrf(ann, "/join/me")
        answer = ann.post(other, data={"csrf_token": token, "confirm": "yes"})
        assert answer.status_code == 404


def test_the_confirmation_is_in_welsh(world: World) -> None:
    ann = as_ann(world)
    page = ann.get(f"/join/me/organisations/{world.hospice}/erase?lang=cy").get_data(as_text=True)
    assert "Gadael Hosbis a dileu" in page
    assert "Beth byddwn ni'n ei ddileu" in page
