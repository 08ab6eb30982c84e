"""Recruitment's HTTP API, under /api/recruitment."""

from __future__ import annotations

import uuid
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from services.recruitment.links.service_layer import links
from services.recruitment.participants.domain.model import SignUpRejected
from services.recruitment.signups.commands import SignUp
from services.recruitment.signups.entrypoints.schemas import SignUpRequest, SignUpResponse
from services.recruitment.signups.service_layer import sign_up as handlers
from services.recruitment.web import bus, unit_of_work
from shared.address_limits import limited_per_address

blp = Blueprint(
    "participants", __name__, url_prefix="/api/recruitment", description="Sign-ups and participants"
)


@blp.route("/participants")
class Participants(MethodView):
    @blp.arguments(SignUpRequest)
    @blp.response(201, SignUpResponse)
    @blp.alt_response(429, description="Too many sign-ups from this address; see Retry-After.")
    @limited_per_address
    def post(self, body: dict[str, Any]) -> dict[str, str]:
        """Sign someone up (from the web form, or a coordinator on their behalf).

        The answer is the same whether or not these contact details are already signed up, so
        nobody can use it to find out who is: someone already known is sent a link to their
        own page by their own channel instead (within the per-recipient limit), and the
        `participant_id` returned then is a fresh one that names nobody."""
        cmd = SignUp(
            preferred_name=body["preferred_name"].strip(),
            phone=body["phone"],
            email=body["email"],
            preferred_channel=body["preferred_channel"],
            language=body["language"],
            sign_up_channel=body["sign_up_channel"],
            consent_version=body["consent_version"] if body["consent"] else None,
        )
        try:
            participant_id = bus().handle(cmd)
        except handlers.AlreadySignedUp:
            links.link_for_known(cmd.phone, cmd.email, unit_of_work())
            participant_id = str(uuid.uuid4())
        except SignUpRejected as exc:
            abort(
                422,
                errors={"json": {exc.field: [exc.message]}},
                message="Check the highlighted answers.",
            )
        return {"participant_id": participant_id}
