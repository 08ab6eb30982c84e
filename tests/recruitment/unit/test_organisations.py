"""Organisations: the rules a platform admin's answers must keep, and what is announced."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Self

import pytest

from services.recruitment.adapters.outgoing import announce
from services.recruitment.organisations.commands import ChangeOrganisation, CreateOrganisation
from services.recruitment.organisations.domain.organisation import (
    Details,
    Organisation,
    OrganisationRuleBroken,
)
from services.recruitment.organisations.ports import OrganisationRepository
from services.recruitment.organisations.service_layer import organisations
from shared.events.registry import dump_data

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
LEEDS = Details(
    name=" Leeds Teaching Hospitals ",
    short_name="leedsth",
    public_contact="involvement@example.org",
    sms_sender="+447700900123",
    email_from_address="involvement@example.org",
    stripe_account="acct_1LeedsTH",
    privacy_notice_url="",
)


class FakeOrganisations(OrganisationRepository):
    def __init__(self) -> None:
        self.rows: dict[str, Organisation] = {}

    def add(self, organisation: Organisation) -> None:
        self.rows[organisation.id] = organisation

    def get(self, organisation_id: str) -> Organisation | None:
        return self.rows.get(organisation_id)

    def by_short_name(self, short_name: str) -> Organisation | None:
        return next((o for o in self.rows.values() if o.short_name == short_name), None)

    def all(self) -> list[Organisation]:
        return sorted(self.rows.values(), key=lambda o: o.name)


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.organisations = FakeOrganisations()
        self.commits = 0

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def commit(self) -> None:
        self.commits += 1


def test_details_are_tidied_and_announced_in_the_contracts_shape() -> None:
    organisation = Organisation.create(LEEDS, NOW, created_by="admin-1")
    assert organisation.name == "Leeds Teaching Hospitals"
    assert organisation.short_name == "LEEDSTH"
    assert organisation.privacy_notice_url is None  # an empty answer is "not given"
    [(type_, version, key, data)] = list(announce(organisation.events[0]))
    assert (type_, version, key) == ("OrganisationChanged", 1, organisation.id)
    assert dump_data(type_, version, data)["sms_sender"] == "+447700900123"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "  "),
        ("short_name", "A"),
        ("short_name", "LEEDS ICB"),
        ("public_contact", ""),
        ("sms_sender", "07700900123"),  # not in +44 form
        ("sms_sender", "+12025550100"),  # not a UK number
        ("email_from_address", "not an address"),
        ("stripe_account", "sk_test_123"),  # a secret key, not an account
        ("privacy_notice_url", "http://example.org/privacy"),
        ("logo_url", "javascript:alert(1)"),
        ("finance_threshold_pence", -1),
        ("finance_threshold_pence", 1_000_001),
    ],
)
def test_a_broken_rule_names_its_field(field: str, value: object) -> None:
    with pytest.raises(OrganisationRuleBroken) as broken:
        Organisation.create(replace(LEEDS, **{field: value}), NOW, created_by=None)
    assert broken.value.field == field


def test_a_messaging_service_may_send_instead_of_a_number() -> None:
    details = replace(LEEDS, sms_sender="MG" + "0" * 32)
    assert Organisation.create(details, NOW, None).sms_sender == "MG" + "0" * 32


def test_short_names_are_unique_across_the_deployment() -> None:
    uow = FakeUnitOfWork()
    organisations.create(CreateOrganisation(LEEDS, "admin-1"), uow, None, clock=lambda: NOW)
    other = replace(LEEDS, name="Another trust")
    with pytest.raises(OrganisationRuleBroken) as broken:
        organisations.create(CreateOrganisation(other, "admin-1"), uow, None, clock=lambda: NOW)
    assert broken.value.field == "short_name"
    assert len(uow.organisations.rows) == 1


def test_a_change_is_announced_once_and_an_unchanged_save_not_at_all() -> None:
    uow = FakeUnitOfWork()
    made = organisations.create(CreateOrganisation(LEEDS, "admin-1"), uow, None, clock=lambda: NOW)
    organisation = uow.organisations.get(made)
    assert organisation is not None
    organisation.events.clear()
    organisations.change(ChangeOrganisation(made, LEEDS, "admin-1"), uow, clock=lambda: NOW)
    assert organisation.events == []
    renamed = replace(LEEDS, welsh_name="Ysbytai Addysgu Leeds")
    organisations.change(ChangeOrganisation(made, renamed, "admin-1"), uow, clock=lambda: NOW)
    [event] = organisation.events
    assert event.welsh_name == "Ysbytai Addysgu Leeds"


def test_changing_an_unknown_organisation_is_not_found() -> None:
    with pytest.raises(organisations.NoSuchOrganisation):
        organisations.change(ChangeOrganisation("nope", LEEDS, "admin-1"), FakeUnitOfWork())
