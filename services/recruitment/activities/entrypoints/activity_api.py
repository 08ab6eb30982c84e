"""Coordinators' API for activities, their channels, and sign-ups they enter for someone.
Under /api/recruitment; coordinators and admins only."""

from __future__ import annotations

from typing import Any, NoReturn

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from services.recruitment.activities.commands import (
    AddChannel,
    CreateActivity,
    SetActivityStatus,
    UpdateActivity,
)
from services.recruitment.activities.domain.activity import ActivityRuleBroken
from services.recruitment.activities.domain.channels import ChannelRuleBroken
from services.recruitment.activities.entrypoints import activity_schemas as s
from services.recruitment.activities.service_layer import activities
from services.recruitment.participants.domain.consent import CURRENT_CONSENT_VERSION
from services.recruitment.participants.domain.model import Profile, SignUpRejected
from services.recruitment.signups.service_layer import signups
from services.recruitment.web import activity_views, bus
from shared.auth import current_staff, require_staff
from shared.vocabulary.recruitment import ORGANISERS

blp = Blueprint(
    "recruitment_activities",
    __name__,
    url_prefix="/api/recruitment",
    description="Activities, recruitment channels and sign-ups entered by coordinators",
)


def _unprocessable(exc: ActivityRuleBroken | ChannelRuleBroken | SignUpRejected) -> NoReturn:
    abort(
        422, errors={"json": {exc.field: [exc.message]}}, message="Check the highlighted answers."
    )


def _describe(body: dict[str, Any]) -> activities.DescribeActivity:
    return activities.DescribeActivity(**body)


@blp.route("/activities")
class ActivityList(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(200, s.ActivityAnswer(many=True))
    def get(self) -> list[dict[str, Any]]:
        """Every activity, newest first."""
        return activity_views().all_activities()

    @require_staff(*ORGANISERS)
    @blp.arguments(s.ActivityRequest)
    @blp.response(201, s.ActivityAnswer)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Draft an activity: why, who, how, and what people get in return."""
        try:
            staff_id = current_staff().id  # type: ignore[union-attr]
            activity_id = bus().handle(CreateActivity(_describe(body), staff_id))
        except ActivityRuleBroken as exc:
            _unprocessable(exc)
        return _one(activity_id)


def _one(activity_id: str) -> dict[str, Any]:
    found = activity_views().activity(activity_id)
    if found is None:
        abort(404, message="There is no activity with this id.")
    return found


@blp.route("/activities/<activity_id>")
class ActivityItem(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(200, s.ActivityAnswer)
    def get(self, activity_id: str) -> dict[str, Any]:
        return _one(activity_id)

    @require_staff(*ORGANISERS)
    @blp.arguments(s.ActivityRequest)
    @blp.response(200, s.ActivityAnswer)
    def put(self, body: dict[str, Any], activity_id: str) -> dict[str, Any]:
        """Change what the activity says; sign-ups so far are kept."""
        try:
            bus().handle(UpdateActivity(activity_id, _describe(body)))
        except activities.NotFound:
            abort(404, message="There is no activity with this id.")
        except ActivityRuleBroken as exc:
            _unprocessable(exc)
        return _one(activity_id)


@blp.route("/activities/<activity_id>/status")
class ActivityStatus(MethodView):
    @require_staff(*ORGANISERS)
    @blp.arguments(s.StatusRequest)
    @blp.response(200, s.ActivityAnswer)
    def post(self, body: dict[str, Any], activity_id: str) -> dict[str, Any]:
        """Open an activity for sign-ups, or close it."""
        try:
            bus().handle(SetActivityStatus(activity_id, body["status"]))
        except activities.NotFound:
            abort(404, message="There is no activity with this id.")
        except ActivityRuleBroken as exc:
            abort(409, message=exc.message)
        return _one(activity_id)


@blp.route("/activities/<activity_id>/channels")
class ActivityChannels(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(200, s.ChannelAnswer(many=True))
    def get(self, activity_id: str) -> list[dict[str, Any]]:
        _one(activity_id)  # unknown, or another organisation's: 404
        return activity_views().channels(activity_id)

    @require_staff(*ORGANISERS)
    @blp.arguments(s.ChannelRequest)
    @blp.response(201, s.ChannelAnswer)
    def post(self, body: dict[str, Any], activity_id: str) -> dict[str, Any]:
        """Add a way in with its own code: a web link, SMS keyword, partner link or poster."""
        try:
            channel = bus().handle(
                AddChannel(activity_id, body["kind"], body["code"], body["partner"])
            )
        except activities.NotFound:
            abort(404, message="There is no activity with this id.")
        except ChannelRuleBroken as exc:
            _unprocessable(exc)
        return channel


@blp.route("/activities/<activity_id>/sign-ups")
class EnteredSignUps(MethodView):
    @require_staff(*ORGANISERS)
    @blp.arguments(s.EnteredSignUpRequest)
    @blp.response(201, s.SignedUpAnswer)
    def post(self, body: dict[str, Any], activity_id: str) -> dict[str, Any]:
        """Sign someone up who told you on the phone or on a paper form."""
        cmd = signups.SignUpForActivity(
            preferred_name=body["preferred_name"].strip(),
            phone=body["phone"],
            email=body["email"],
            preferred_channel=body["preferred_channel"],
            language=body["language"],
            consent_version=CURRENT_CONSENT_VERSION,
            special_consent=body["special_consent"],
            profile=Profile(**body["profile"]),
            activity_id=activity_id,
            entered_by=current_staff().id,  # type: ignore[union-attr]
        )
        try:
            signed_up = bus().handle(cmd)
        except activities.NotFound:
            abort(404, message="There is no activity with this id.")
        except SignUpRejected as exc:
            _unprocessable(exc)
        return vars(signed_up)
