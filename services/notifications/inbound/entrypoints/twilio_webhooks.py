"""Twilio's webhooks: texts people send us (inbound SMS) and what happened to texts we sent
(status callbacks). Signed by Twilio; anything else is refused with 403 and recorded, and
nothing else happens."""

from __future__ import annotations

from typing import Any

import structlog
from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import EXCLUDE, Schema, fields, validate
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from services.notifications.domain.model import DELIVERY_ORDER
from services.notifications.inbound.commands import (
    ReceiveSms,
    RecordDeliveryStatus,
    RecordWebhookRejection,
)
from services.notifications.web import bus

log = structlog.get_logger("twilio")
twilio = Blueprint(
    "twilio", __name__, url_prefix="/api/notifications/twilio", description="Twilio webhooks"
)


class InboundSms(Schema):
    class Meta:
        unknown = EXCLUDE  # Twilio sends many more fields (AccountSid, NumSegments, geography…)

    MessageSid = fields.String(required=True, validate=validate.Regexp(r"^(SM|MM)[0-9a-fA-F]{32}$"))
    From = fields.String(required=True, validate=validate.Regexp(r"^\+\d{8,15}$"))
    To = fields.String(required=True)
    MessagingServiceSid = fields.String(load_default=None)  # when To is in a messaging service
    Body = fields.String(load_default="", validate=validate.Length(max=1600))


def _signed_by_twilio() -> bool:
    """Twilio signs the public URL it called (PUBLIC_BASE_URL + path + query) and the form."""
    settings = bus().dependencies["settings"]
    signature = request.headers.get("X-Twilio-Signature", "")
    query = request.query_string.decode()
    url = f"{settings.public_base_url}{request.path}{'?' + query if query else ''}"
    token = str(settings.twilio_auth_token)
    # With an empty token anyone can compute a valid signature: no token, nothing is Twilio's.
    return bool(signature and token.strip()) and RequestValidator(token).validate(
        url, request.form.to_dict(), signature
    )


@twilio.before_request
def _only_twilio() -> None:
    # Before the form is even parsed: an unsigned request gets 403 whatever it contains.
    if not _signed_by_twilio():
        _refuse(
            "missing signature" if "X-Twilio-Signature" not in request.headers else "bad signature"
        )


def _refuse(reason: str) -> None:
    bus().handle(RecordWebhookRejection(request.path, reason, request.remote_addr))
    abort(403, message="This request is not from Twilio.")


def _twiml(text: str | None) -> Response:
    reply = MessagingResponse()
    if text:
        reply.message(text)
    return Response(str(reply), mimetype="application/xml")


@twilio.route("/sms")
class InboundSmsWebhook(MethodView):
    @twilio.arguments(InboundSms, location="form")
    @twilio.response(200, description="TwiML: what to text back, if anything")
    def post(self, sms: dict[str, Any]) -> Response:
        """A text someone sent to Chorus's number (configured in Twilio's console)."""
        if not _signed_by_twilio():
            _refuse(
                "missing signature"
                if "X-Twilio-Signature" not in request.headers
                else "bad signature"
            )
        texted = (sms["MessageSid"], sms["From"], sms["Body"], sms["To"])
        reply = bus().handle(ReceiveSms(*texted, sms["MessagingServiceSid"]))
        return _twiml(reply.text)


class StatusCallback(Schema):
    class Meta:
        unknown = EXCLUDE

    MessageSid = fields.String(required=True, validate=validate.Regexp(r"^(SM|MM)[0-9a-fA-F]{32}$"))
    MessageStatus = fields.String(required=True, validate=validate.OneOf(DELIVERY_ORDER))
    ErrorCode = fields.String(load_default=None)


@twilio.route("/status")
class StatusCallbackWebhook(MethodView):
    @twilio.arguments(StatusCallback, location="form")
    @twilio.response(204, description="Recorded (or a message we never sent, which is ignored)")
    def post(self, callback: dict[str, Any]) -> tuple[str, int]:
        """Twilio tells us what happened to an SMS we sent (sent, delivered, failed, ...)."""
        known = bus().handle(
            RecordDeliveryStatus(
                callback["MessageSid"], callback["MessageStatus"], callback["ErrorCode"]
            )
        )
        if not known:
            log.info("twilio.status_for_unknown_message", message_sid=callback["MessageSid"])
        return "", 204
