"""The platform admins' API for organisations, under /api/recruitment/organisations."""

from __future__ import annotations

from typing import Any, NoReturn

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from services.recruitment.organisations.adapters.platform_counts import platform_count
from services.recruitment.organisations.commands import (
    ChangeOrganisation,
    CreateOrganisation,
    FirstAdmin,
)
from services.recruitment.organisations.domain.organisation import (
    MAX_FINANCE_THRESHOLD_PENCE,
    Details,
    Organisation,
    OrganisationRuleBroken,
)
from services.recruitment.organisations.service_layer.organisations import NoSuchOrganisation
from services.recruitment.staff.domain.staff import StaffRuleBroken
from services.recruitment.web import bus, unit_of_work
from shared.auth import current_staff, require_staff
from shared.vocabulary.recruitment import PLATFORM_ADMIN

blp = Blueprint(
    "recruitment_organisations",
    __name__,
    url_prefix="/api/recruitment",
    description="Organisations on this deployment (platform admins)",
)


def _text(max_length: int, **kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(max=max_length), **kwargs)


class OrganisationRequest(Schema):
    """The domain checks the rules and words the errors; this schema keeps out the wrong
    types and sizes."""

    name = _text(100, required=True)
    short_name = _text(20, required=True, metadata={"description": "Like LEEDSICB."})
    public_contact = _text(200, required=True)
    welsh_name = _text(100, load_default=None, allow_none=True)
    privacy_notice_url = _text(500, load_default=None, allow_none=True)
    accessibility_contact = _text(200, load_default=None, allow_none=True)
    logo_url = _text(500, load_default=None, allow_none=True)
    sms_sender = _text(
        40,
        load_default=None,
        allow_none=True,
        metadata={"description": "A UK number (+44…) or a Twilio messaging service (MG…)."},
    )
    email_from_name = _text(100, load_default=None, allow_none=True)
    email_from_address = _text(254, load_default=None, allow_none=True)
    stripe_account = _text(40, load_default=None, allow_none=True)
    finance_threshold_pence = fields.Integer(
        load_default=10_000, validate=validate.Range(min=0, max=MAX_FINANCE_THRESHOLD_PENCE)
    )


class FirstAdminRequest(Schema):
    email = fields.Email(required=True)
    display_name = _text(100, required=True)
    password = fields.String(
        load_default="",
        load_only=True,
        validate=validate.Length(max=200),
        metadata={"description": "For a new account only (12 characters or more)."},
    )


class NewOrganisationRequest(OrganisationRequest):
    first_admin = fields.Nested(FirstAdminRequest, load_default=None)


class OrganisationAnswer(OrganisationRequest):
    id = fields.String()
    created_at = fields.AwareDateTime()


class OrganisationCountAnswer(Schema):
    organisation_id = fields.String()
    name = fields.String()
    activities = fields.Integer()
    open_activities = fields.Integer()
    people = fields.Integer(metadata={"description": "Signed up to one of its activities."})
    staff = fields.Integer(metadata={"description": "Accounts whose roles hold there."})


class PlatformCountAnswer(Schema):
    organisations = fields.List(fields.Nested(OrganisationCountAnswer))
    people = fields.Integer(metadata={"description": "Each person once, however many places."})


def _answer(organisation: Organisation) -> dict[str, Any]:
    details = vars(organisation.details)
    return {"id": organisation.id, "created_at": organisation.created_at, **details}


def _unprocessable(exc: OrganisationRuleBroken | StaffRuleBroken) -> NoReturn:
    abort(
        422, errors={"json": {exc.field: [exc.message]}}, message="Check the highlighted answers."
    )


def _one(organisation_id: str) -> dict[str, Any]:
    with unit_of_work() as uow:
        found = uow.organisations.get(organisation_id)
        if found is None:
            abort(404, message="There is no organisation with this id.")
        return _answer(found)


@blp.route("/organisations")
class OrganisationList(MethodView):
    @require_staff(PLATFORM_ADMIN)
    @blp.response(200, OrganisationAnswer(many=True))
    def get(self) -> list[dict[str, Any]]:
        """Every organisation on this deployment, by name."""
        with unit_of_work() as uow:
            return [_answer(o) for o in uow.organisations.all()]

    @require_staff(PLATFORM_ADMIN)
    @blp.arguments(NewOrganisationRequest)
    @blp.response(201, OrganisationAnswer)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Add an organisation, and its first admin if named; it is told to every service
        (OrganisationChanged)."""
        by = current_staff().id  # type: ignore[union-attr]
        admin = body.pop("first_admin")
        first_admin = FirstAdmin(**admin) if admin else None
        try:
            organisation_id = bus().handle(CreateOrganisation(Details(**body), by, first_admin))
        except (OrganisationRuleBroken, StaffRuleBroken) as exc:
            _unprocessable(exc)
        return _one(organisation_id)


@blp.route("/organisations/counts")
class PlatformCounts(MethodView):
    @require_staff(PLATFORM_ADMIN)
    @blp.response(200, PlatformCountAnswer)
    def get(self) -> Any:
        """How much each organisation has here: numbers only, never a person."""
        with unit_of_work() as uow:
            return platform_count(uow.session)


@blp.route("/organisations/<organisation_id>")
class OrganisationItem(MethodView):
    @require_staff(PLATFORM_ADMIN)
    @blp.response(200, OrganisationAnswer)
    def get(self, organisation_id: str) -> dict[str, Any]:
        return _one(organisation_id)

    @require_staff(PLATFORM_ADMIN)
    @blp.arguments(OrganisationRequest)
    @blp.response(200, OrganisationAnswer)
    def put(self, body: dict[str, Any], organisation_id: str) -> dict[str, Any]:
        """Change what the organisation's pages, texts, emails and payments go out as."""
        by = current_staff().id  # type: ignore[union-attr]
        try:
            bus().handle(ChangeOrganisation(organisation_id, Details(**body), by))
        except NoSuchOrganisation:
            abort(404, message="There is no organisation with this id.")
        except OrganisationRuleBroken as exc:
            _unprocessable(exc)
        return _one(organisation_id)
