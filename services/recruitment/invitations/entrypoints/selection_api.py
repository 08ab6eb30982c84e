"""Coordinators' selection and invitation API: filter who is interested, shortlist, invite in
waves, and keep the do-not-contact list. Under /api/recruitment; coordinators and admins."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.invitations.commands import PutOnDoNotContact
from services.recruitment.invitations.commands import Shortlist as ShortlistPeople
from services.recruitment.invitations.service_layer import invitations, selection
from services.recruitment.participants.domain.interest import INTEREST_STATUSES
from services.recruitment.web import bus, unit_of_work
from shared.auth import require_staff
from shared.vocabulary.recruitment import ORGANISERS

blp = Blueprint(
    "recruitment_selection",
    __name__,
    url_prefix="/api/recruitment",
    description="Choosing and inviting people, and the do-not-contact list",
)
NO_ACTIVITY = "There is no activity with this id."


class CriteriaQuery(Schema):
    status = fields.String(validate=validate.OneOf(INTEREST_STATUSES))
    district = fields.String(validate=validate.Length(min=2, max=4))
    age_band = fields.String(validate=validate.Length(max=8))
    need = fields.String(validate=validate.Length(max=20))
    tag = fields.String(validate=validate.Length(max=40))
    channel = fields.String(validate=validate.Length(max=20))
    partner = fields.String(validate=validate.Length(max=100))
    available = fields.String(validate=validate.Length(max=20))


class PersonRow(Schema):
    participant_id = fields.String()
    preferred_name = fields.String()
    district = fields.String(allow_none=True)
    age_band = fields.String(allow_none=True)
    support_needs = fields.List(fields.String())
    tags = fields.List(fields.String())
    availability = fields.List(fields.String())
    channel = fields.String()
    partner = fields.String(allow_none=True)
    status = fields.String()
    can_be_contacted = fields.Boolean()


class PeopleRequest(Schema):
    participant_ids = fields.List(
        fields.UUID(), required=True, validate=validate.Length(min=1, max=5000)
    )


class InviteRequest(Schema):
    participant_ids = fields.List(
        fields.UUID(), load_default=None, validate=validate.Length(max=5000)
    )
    shortlisted = fields.Boolean(
        load_default=False, metadata={"description": "Invite everyone shortlisted."}
    )
    wave_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=1000))
    minutes_apart = fields.Integer(load_default=60, validate=validate.Range(min=0, max=10080))
    respond_by = fields.AwareDateTime(load_default=None, allow_none=True)


class InvitationRow(Schema):
    id = fields.String()
    participant_id = fields.String()
    wave = fields.Integer()
    due_at = fields.AwareDateTime()
    status = fields.String()
    reason = fields.String(allow_none=True)
    sent_at = fields.AwareDateTime(allow_none=True)


@blp.route("/activities/<activity_id>/interested")
class Interested(MethodView):
    @require_staff(*ORGANISERS)
    @blp.arguments(CriteriaQuery, location="query")
    @blp.response(200, PersonRow(many=True))
    def get(self, query: dict[str, Any], activity_id: str) -> list[dict[str, Any]]:
        """Who expressed interest, filtered by status, place, age, needs, tags and channel."""
        try:
            return selection.interested_people(
                activity_id, selection.Criteria(**query), unit_of_work()
            )
        except NotFound:
            abort(404, message=NO_ACTIVITY)


@blp.route("/activities/<activity_id>/shortlist")
class Shortlist(MethodView):
    @require_staff(*ORGANISERS)
    @blp.arguments(PeopleRequest)
    @blp.response(200)
    def post(self, body: dict[str, Any], activity_id: str) -> dict[str, int]:
        ids = [str(p) for p in body["participant_ids"]]
        return {"shortlisted": bus().handle(ShortlistPeople(activity_id, tuple(ids)))}


@blp.route("/activities/<activity_id>/invitations")
class Invitations(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(200, InvitationRow(many=True))
    def get(self, activity_id: str) -> list[dict[str, Any]]:
        with unit_of_work() as uow:
            if uow.activities.get(activity_id) is None:  # unknown, or another organisation's
                abort(404, message=NO_ACTIVITY)
            return [vars(i).copy() for i in uow.invitations.for_activity(activity_id)]

    @require_staff(*ORGANISERS)
    @blp.arguments(InviteRequest)
    @blp.response(202)
    def post(self, body: dict[str, Any], activity_id: str) -> dict[str, int]:
        """Invite people in waves of wave_size, minutes_apart apart; the first wave goes now."""
        ids = [str(p) for p in body["participant_ids"] or []]
        if body["shortlisted"]:
            chosen = selection.Criteria(status="shortlisted")
            try:
                rows = selection.interested_people(activity_id, chosen, unit_of_work())
            except NotFound:
                abort(404, message=NO_ACTIVITY)
            ids += [row["participant_id"] for row in rows]
        cmd = invitations.InviteWaves(
            activity_id, ids, body["wave_size"], body["minutes_apart"], body["respond_by"]
        )
        try:
            return bus().handle(cmd)
        except NotFound:
            abort(404, message=NO_ACTIVITY)
        except invitations.NothingToInvite as exc:
            abort(422, message=str(exc))


@blp.route("/participants/<participant_id>/do-not-contact")
class DoNotContact(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(204)
    def post(self, participant_id: str) -> None:
        """They asked never to be contacted again: no invitation, reminder or poll, anywhere."""
        try:
            bus().handle(PutOnDoNotContact(participant_id))
        except NotFound:
            abort(404, message="There is no participant with this id.")
