"""Development only (CHORUS_ENV=development): the outbox of what was sent, and an SMS simulator
that texts Chorus as a participant would, through the same signed webhook Twilio uses."""

from __future__ import annotations

import re
import uuid
from typing import Any

import phonenumbers
import requests
from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import gettext as _
from twilio.request_validator import RequestValidator

from services.notifications.web import bus, views

dev_pages = Blueprint("dev", __name__, url_prefix="/messages")
WEBHOOK_PATH = "/api/notifications/twilio/sms"


@dev_pages.before_request
def development_only() -> None:
    if not current_app.config["CHORUS_DEVELOPMENT"]:
        abort(404)


@dev_pages.get("/outbox")
def outbox() -> str:
    address = request.args.get("to", "").strip()
    rows = views().messages_to(address) if address else views().latest_messages()
    return render_template("messages/outbox.html", rows=rows)


@dev_pages.route("/simulator", methods=["GET", "POST"])
def simulator() -> str | tuple[str, int]:
    if request.method == "GET":
        return render_template("messages/simulator.html", form={})
    phone, errors = _mobile(request.form.get("phone", "")), {}
    if phone is None:
        errors["phone"] = _("Enter a UK mobile number, like 07123 456789.")
    to = request.form.get("to", "").strip().replace(" ", "")
    if to and not re.fullmatch(r"\+\d{8,15}", to):
        errors["to"] = _("Enter the number with its country code, like +447700900111.")
    if not request.form.get("body", "").strip():
        errors["body"] = _("Enter the text to send.")
    if errors:
        return render_template("messages/simulator.html", form=request.form, errors=errors), 400
    reply = _text_chorus(phone, request.form["body"], to or None)  # type: ignore[arg-type]
    kept = {"phone": request.form["phone"], "to": to}
    return render_template("messages/simulator.html", form=kept, reply=reply)


def _mobile(text: str) -> str | None:
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _text_chorus(phone: str, body: str, to: str | None = None) -> str:
    """POST to our own public webhook address, signed as Twilio signs it; returns the reply.
    `to`: the number texted (an organisation's own; None: the deployment's)."""
    settings = bus().dependencies["settings"]
    url = settings.public_base_url + WEBHOOK_PATH
    form: dict[str, Any] = {
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": settings.twilio_account_sid,
        "From": phone,
        "To": to or settings.twilio_from_number,
        "Body": body,
        "NumSegments": "1",
    }
    signature = RequestValidator(settings.twilio_auth_token).compute_signature(url, form)
    response = requests.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=10)
    response.raise_for_status()
    return _reply_text(response.text)


def _reply_text(twiml: str) -> str:
    from xml.etree import ElementTree

    messages_ = ElementTree.fromstring(twiml).findall("Message")
    return " ".join(m.text or "" for m in messages_)
