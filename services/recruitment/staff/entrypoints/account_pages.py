"""Admins change a staff account: its name and roles, or disable and enable it. Each change is
announced (StaffProfileChanged), so every service uses the new roles; disabling also ends the
account's sessions everywhere (StaffSessionsRevoked)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.staff.commands import ChangeStaff, SetStaffActive
from services.recruitment.staff.domain.staff import ROLES, StaffRuleBroken
from services.recruitment.staff.entrypoints.forms import EditStaffForm, _n, first_errors
from services.recruitment.staff.entrypoints.pages import role_label
from services.recruitment.web import bus, unit_of_work
from shared.auth import current_staff, require_staff

account_pages = Blueprint("accounts", __name__)
# StaffRuleBroken messages, translated when shown.
_n("You cannot take away your own admin role.")
_n("You cannot disable your own account.")


def _page(staff_id: str, form: dict, errors: dict | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    with unit_of_work() as uow:
        staff = uow.staff.get(staff_id)
        if staff is None:
            abort(404)
        active = staff.active_in(uow.organisation_id)
        account = {"id": staff.id, "email": staff.email, "active": active}
        here = sorted(staff.given_in(uow.organisation_id) & set(ROLES))
        form = form or {"display_name": staff.display_name, "roles": here}
    roles = [(role, role_label(role)) for role in ROLES]
    me = current_staff().id  # type: ignore[union-attr]
    html = render_template(
        "staff/edit_account.html", account=account, form=form, roles=roles, errors=errors, me=me
    )
    return html, status


@account_pages.route("/staff/accounts/<staff_id>", methods=["GET", "POST"])
@require_staff("admin")
def edit_account(staff_id: str):  # type: ignore[no-untyped-def]
    if request.method == "GET":
        return _page(staff_id, {})
    data = {**request.form, "roles": request.form.getlist("roles")}
    try:
        form = EditStaffForm().load(data)
        name, roles = form["display_name"], set(form["roles"])
        by = current_staff().id  # type: ignore[union-attr]
        bus().handle(ChangeStaff(staff_id, name, frozenset(roles), by))
    except ValidationError as exc:
        return _page(staff_id, data, first_errors(exc.messages), 400)
    except StaffRuleBroken as exc:
        return _page(staff_id, data, {exc.field: _(exc.message)}, 400)
    except NotFound:
        abort(404)
    flash(_("Saved the changes to %(name)s's account.", name=form["display_name"]))
    return redirect("/staff/accounts")


@account_pages.post("/staff/accounts/<staff_id>/disable")
@require_staff("admin")
def disable(staff_id: str) -> Response | tuple[str, int]:
    return _set_active(staff_id, False)


@account_pages.post("/staff/accounts/<staff_id>/enable")
@require_staff("admin")
def enable(staff_id: str) -> Response | tuple[str, int]:
    return _set_active(staff_id, True)


def _set_active(staff_id: str, active: bool) -> Response | tuple[str, int]:
    try:
        by = current_staff().id  # type: ignore[union-attr]
        done = bus().handle(SetStaffActive(staff_id, active, by))
    except StaffRuleBroken as exc:
        return _page(staff_id, {}, {"active": _(exc.message)}, 400)
    except NotFound:
        abort(404)
    if active:
        flash(_("%(name)s can sign in again.", name=done.name))
    elif done.everywhere:
        flash(
            _("%(name)s's account is disabled and they are signed out everywhere.", name=done.name)
        )
    else:  # they keep their roles in other organisations
        flash(_("%(name)s can no longer work in this organisation.", name=done.name))
    return redirect("/staff/accounts")
