"""Every declared event has a sample envelope, and every sample honours its contract.

Producers dump strictly, consumers load tolerantly (shared/events/registry.py); these tests hold the
samples in shared/events/samples/ to both rules.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from marshmallow import Schema, ValidationError, fields

from services.recruitment.participants.domain.phone import normalise_uk_mobile
from shared.events import envelope as env
from shared.events.registry import EventContract, all_contracts, dump_data, load_data

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "events" / "samples"
SAMPLE_NAME = re.compile(r"^(?P<type>[A-Za-z]+)\.v(?P<version>\d+)\.json$")
CONTRACTS = all_contracts()
CONTRACT_IDS = [f"{c.type}.v{c.version}" for c in CONTRACTS]

# The events allowed to carry personal data, each on a topic built for it: contact details on
# the compacted, erasable recruitment.contact; what people text us on notifications.inbound-sms,
# which keeps 7 days (the SMS dialogues need the words, and a stranger's number to sign them up).
PERSONAL_DATA_EVENTS = {
    ("ContactDetailsChanged", "recruitment.contact"),
    ("InboundSmsReceived", "notifications.inbound-sms"),
    # The SMS sign-up dialogue texts a number that is not a participant yet (7 days too).
    ("SignUpQuestionAsked", "recruitment.sms-dialogue"),
    ("SignUpReplied", "recruitment.sms-dialogue"),
    # Staff's work names and emails, compacted and keyed by staff id (never a participant's).
    ("StaffProfileChanged", "recruitment.staff-profile"),
    # An organisation's public name, contact and sender, compacted and keyed by its id: no
    # person's data, but its field names are a name, a number and email addresses.
    ("OrganisationChanged", "recruitment.organisation"),
}
PERSONAL_TOKENS = {"name", "names", "forename", "surname", "dob", "postcode", "address"}
PERSONAL_SUBSTRINGS = ("phone", "mobile", "email", "e_mail", "address", "postcode", "post_code")
PERSONAL_SUBSTRINGS += ("number", "text", "body")  # a sender's number, what someone wrote
PERSONAL_SUBSTRINGS += ("birth", "surname", "forename", "firstname", "lastname")


def sample_path(contract: EventContract) -> Path:
    return SAMPLES / f"{contract.type}.v{contract.version}.json"


def raw_sample(contract: EventContract) -> bytes:
    return sample_path(contract).read_bytes()


def sample_data(contract: EventContract) -> dict[str, Any]:
    return env.decode(raw_sample(contract)).data


def field_names(schema: type[Schema] | Schema, prefix: str = "") -> list[str]:
    """Every field name of a schema, nested schemas included (as 'outer.inner')."""
    instance = schema() if isinstance(schema, type) else schema
    names = []
    for name, field in instance.fields.items():
        names.append(prefix + name)
        inner = field.inner if isinstance(field, fields.List) else field
        if isinstance(inner, fields.Nested):
            names.extend(field_names(inner.schema, prefix=f"{prefix}{name}."))
    return names


def looks_personal(field_name: str) -> bool:
    lowered = field_name.lower()
    tokens = set(re.split(r"[_.\-]", lowered))
    return bool(tokens & PERSONAL_TOKENS) or any(s in lowered for s in PERSONAL_SUBSTRINGS)


def test_there_are_contracts_and_samples() -> None:
    assert CONTRACTS, "no event contracts registered"
    assert sorted(SAMPLES.glob("*.json")), f"no samples in {SAMPLES}"


@pytest.mark.parametrize("contract", CONTRACTS, ids=CONTRACT_IDS)
def test_every_contract_has_a_sample(contract: EventContract) -> None:
    assert sample_path(contract).is_file(), f"missing sample {sample_path(contract).name}"


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*")), ids=lambda p: p.name)
def test_every_sample_names_a_registered_contract(path: Path) -> None:
    match = SAMPLE_NAME.match(path.name)
    assert match, f"{path.name} is not named <Type>.v<version>.json"
    registered = {(c.type, c.version) for c in CONTRACTS}
    assert (match["type"], int(match["version"])) in registered


@pytest.mark.parametrize("contract", CONTRACTS, ids=CONTRACT_IDS)
def test_sample_decodes_as_an_envelope_of_its_type(contract: EventContract) -> None:
    envelope = env.decode(raw_sample(contract))

    assert (envelope.type, envelope.version) == (contract.type, contract.version)
    assert envelope.occurred_at.utcoffset() is not None
    # The sample is a full envelope: nothing is left to a default.
    assert set(json.loads(raw_sample(contract))) == {
        "id",
        "type",
        "version",
        "occurred_at",
        "producer",
        "correlation_id",
        "causation_id",
        "key",
        "data",
    }


@pytest.mark.parametrize("contract", CONTRACTS, ids=CONTRACT_IDS)
def test_sample_data_loads_tolerantly_and_dumps_strictly_back(contract: EventContract) -> None:
    data = sample_data(contract)

    loaded = load_data(contract.type, contract.version, data)
    dumped = dump_data(contract.type, contract.version, loaded)

    assert dumped == data
    assert set(loaded) == set(data)


@pytest.mark.parametrize("contract", CONTRACTS, ids=CONTRACT_IDS)
def test_sample_fills_every_field_of_its_schema(contract: EventContract) -> None:
    assert set(sample_data(contract)) == set(contract.schema().fields)


@pytest.mark.parametrize("contract", CONTRACTS, ids=CONTRACT_IDS)
def test_an_unknown_data_field_is_tolerated_on_load_but_refused_on_dump(
    contract: EventContract,
) -> None:
    data = {**sample_data(contract), "added_in_a_later_release": "something new"}

    loaded = load_data(contract.type, contract.version, data)
    assert "added_in_a_later_release" not in loaded

    with pytest.raises(ValidationError) as excinfo:
        dump_data(contract.type, contract.version, data)
    assert excinfo.value.messages == {"added_in_a_later_release": ["Unknown field."]}


@pytest.mark.parametrize("contract", CONTRACTS, ids=CONTRACT_IDS)
def test_only_contact_details_carry_personal_data(contract: EventContract) -> None:
    personal = [name for name in field_names(contract.schema) if looks_personal(name)]
    if (contract.type, contract.topic) in PERSONAL_DATA_EVENTS:
        assert personal, "the personal-data check no longer recognises contact details"
    else:
        assert personal == [], f"{contract.type} v{contract.version} carries {personal}"


@pytest.mark.parametrize(
    ("name", "personal"),
    [
        ("preferred_name", True),
        ("full_name", True),
        ("phone", True),
        ("mobile_number", True),
        ("email", True),
        ("home_address", True),
        ("postcode", True),
        ("date_of_birth", True),
        ("dob", True),
        ("participant_id", False),
        ("preferred_channel", False),
        ("signed_up_at", False),
        ("template", False),
        ("status", False),
    ],
)
def test_personal_data_check_recognises_field_names(name: str, personal: bool) -> None:
    assert looks_personal(name) is personal


def test_sample_phone_numbers_are_uk_mobiles_in_e164() -> None:
    phones = [
        data["phone"]
        for contract in CONTRACTS
        if (data := sample_data(contract)).get("phone") is not None
    ]
    assert phones, "no sample carries a phone number"
    for phone in phones:
        assert normalise_uk_mobile(phone) == phone


def test_sample_email_addresses_use_reserved_domains() -> None:
    emails = [
        data["email"]
        for contract in CONTRACTS
        if (data := sample_data(contract)).get("email") is not None
    ]
    for email in emails:
        assert email.rsplit("@", 1)[1] in {"example.org", "example.com", "example.net"}


def test_the_inbound_sms_topic_keeps_personal_words_only_a_week() -> None:
    from shared.bus.topics import TOPICS

    for name in ("notifications.inbound-sms", "recruitment.sms-dialogue"):
        topic = next(t for t in TOPICS if t.name == name)
        assert topic.retention_ms == 7 * 24 * 3600 * 1000, name


def test_the_readme_names_exactly_the_topics_that_carry_personal_data() -> None:
    """README.md's list of personal-data topics is the contracts' list, no more and no less."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    block = readme.split("<!-- personal-data-topics: start -->")[1]
    block = block.split("<!-- personal-data-topics: end -->")[0]
    listed = re.findall(r"^- `([a-z.\-]+)`", block, flags=re.MULTILINE)
    assert sorted(listed) == sorted({topic for _, topic in PERSONAL_DATA_EVENTS})
