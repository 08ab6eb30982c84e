"""The operator's page: every organisation on the deployment with its counts (platform
admins only; numbers, never a person)."""

from __future__ import annotations

from flask import Blueprint, render_template

from services.recruitment.organisations.adapters.platform_counts import platform_count
from services.recruitment.web import unit_of_work
from shared.auth import require_staff
from shared.vocabulary.recruitment import PLATFORM_ADMIN

platform_pages = Blueprint("platform", __name__)


@platform_pages.get("/staff/platform")
@require_staff(PLATFORM_ADMIN)
def platform() -> str:
    with unit_of_work() as uow:
        counted = platform_count(uow.session)
    return render_template("staff/platform.html", counted=counted)
