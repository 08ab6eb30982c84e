"""The do-not-contact list on coordinators' pages (/join/manage/do-not-contact): see it, add
someone by their mobile number or email, take someone off when they ask to hear from us again."""

from __future__ import annotations

from flask import Blueprint, abort, flash, get_flashed_messages, redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.invitations.commands import PutOnDoNotContact, TakeOffDoNotContact
from services.recruitment.invitations.service_layer import do_not_contact
from services.recruitment.links.service_layer.links import parse_contact
from services.recruitment.web import bus, unit_of_work
from shared.auth import require_staff
from shared.vocabulary.recruitment import ORGANISERS

do_not_contact_pages = Blueprint("do_not_contact", __name__)
PATH = "/join/manage/do-not-contact"


def _page(contact: str = "", error: str | None = None, status: int = 200) -> tuple[str, int]:
    people = do_not_contact.do_not_contact_list(unit_of_work())
    page = render_template(
        "manage/do_not_contact.html",
        people=people,
        contact=contact,
        errors={"contact": error} if error else None,
        done=get_flashed_messages(),
    )
    return page, status


@do_not_contact_pages.get(PATH)
@require_staff(*ORGANISERS)
def the_list() -> tuple[str, int]:
    return _page()


@do_not_contact_pages.post(PATH)
@require_staff(*ORGANISERS)
def add() -> Response | tuple[str, int]:
    contact = request.form.get("contact", "").strip()
    parsed = parse_contact(contact) if contact else None
    if parsed is None:
        return _page(contact, _("Enter their mobile number, like 07123 456789, or email."), 400)
    phone, email, _channel = parsed
    try:
        participant_id = do_not_contact.find_by_contact(phone, email, unit_of_work())
        bus().handle(PutOnDoNotContact(participant_id))
    except NotFound:
        return _page(contact, _("Nobody has signed up with this number or email address."), 404)
    flash(
        _(
            "Added to your organisation's do-not-contact list. It will not invite, remind or "
            "text them. Other organisations they take part with still can."
        )
    )
    return redirect(PATH)


@do_not_contact_pages.post(f"{PATH}/<participant_id>/remove")
@require_staff(*ORGANISERS)
def remove(participant_id: str) -> Response:
    try:
        taken_off = bus().handle(TakeOffDoNotContact(participant_id))
    except NotFound:
        abort(404)
    if taken_off:
        flash(_("Taken off the list. They can be invited again."))
    return redirect(PATH)
