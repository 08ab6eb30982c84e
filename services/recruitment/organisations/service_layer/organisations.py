"""A platform admin creates and changes organisations; every service hears OrganisationChanged."""

from __future__ import annotations

from typing import Any

import structlog

from services.recruitment.organisations.commands import ChangeOrganisation, CreateOrganisation
from services.recruitment.organisations.domain.organisation import (
    Organisation,
    OrganisationRuleBroken,
)
from services.recruitment.staff.service_layer.staff import give_roles
from shared.clock import Clock, utc_now

log = structlog.get_logger("organisations")


class NoSuchOrganisation(LookupError):
    pass


def create(cmd: CreateOrganisation, uow: Any, passwords: Any, clock: Clock = utc_now) -> str:
    """The organisation and, if named, its first admin, in one transaction."""
    details = cmd.details.checked()
    now = clock()
    with uow:
        _short_name_is_free(details.short_name, None, uow)
        organisation = Organisation.create(details, now, cmd.created_by)
        uow.organisations.add(organisation)
        if (admin := cmd.first_admin) is not None:
            give_roles(
                admin.email, admin.display_name, admin.password, {"admin"}, organisation.id,
                cmd.created_by, uow, passwords, now,
            )  # fmt: skip
        uow.commit()
        log.info("organisation.created", organisation_id=organisation.id, by=cmd.created_by)
        return organisation.id


def change(cmd: ChangeOrganisation, uow: Any, clock: Clock = utc_now) -> None:
    details = cmd.details.checked()
    with uow:
        organisation = uow.organisations.get(cmd.organisation_id)
        if organisation is None:
            raise NoSuchOrganisation(cmd.organisation_id)
        _short_name_is_free(details.short_name, organisation.id, uow)
        if organisation.change(details, clock()):
            uow.commit()
            log.info("organisation.changed", organisation_id=organisation.id, by=cmd.by)


def _short_name_is_free(short_name: str, mine: str | None, uow: Any) -> None:
    holder = uow.organisations.by_short_name(short_name)
    if holder is not None and holder.id != mine:
        raise OrganisationRuleBroken("short_name", "Another organisation has this short name.")
