"""Recruitment's pages: the home page, statements, and staff sign-in and accounts."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    get_flashed_messages,
    redirect,
    render_template,
    request,
)
from flask_babel import gettext as _
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from services.recruitment.staff.commands import CreateStaff, SignIn, SignOutEverywhere
from services.recruitment.staff.domain.staff import ROLES, StaffRuleBroken
from services.recruitment.staff.entrypoints.forms import NewStaffForm, SignInForm, _n, first_errors
from services.recruitment.staff.service_layer import staff as staff_handlers
from services.recruitment.web import bus, unit_of_work
from shared.address_limits import limited_per_address
from shared.auth import (
    current_staff,
    end_session,
    require_staff,
    start_staff_session,
    switch_organisation,
)
from shared.redirects import safe_next

pages = Blueprint("pages", __name__)

# Marked with _n so pybabel finds them; translated when shown (role_label, new_account).
ROLE_LABELS = {
    "coordinator": _n("Coordinator"),
    "finance_approver": _n("Finance approver"),
    "admin": _n("Admin"),
    "platform_admin": _n("Platform admin"),
}
_n("There is already an account with this email address.")  # StaffRuleBroken, shown below


@pages.app_template_filter()
def role_label(role: str) -> str:
    return _(ROLE_LABELS.get(role, role))


@pages.get("/")
def home() -> str:
    return render_template("home.html")


@pages.get("/privacy")
def privacy() -> str:
    return render_template("privacy.html")


@pages.get("/accessibility")
def accessibility() -> str:
    return render_template("accessibility.html")


@pages.route("/staff/sign-in", methods=["GET", "POST"])
@limited_per_address
def sign_in() -> str | Response:
    if request.method == "GET":
        return render_template("staff/sign_in.html", form={"next": request.args.get("next")})
    try:
        form = SignInForm().load(request.form)
    except ValidationError as exc:
        return render_template(
            "staff/sign_in.html", form=request.form, errors=first_errors(exc.messages)
        ), 400
    try:
        address = request.remote_addr or "unknown"
        signed_in = bus().handle(SignIn(form["email"], form["password"], address))
    except staff_handlers.SignInRefused:
        # The same words whatever went wrong, so nobody learns which accounts exist.
        message = _(
            "The email address or password is wrong, or the account is locked for 15 minutes."
        )
        return render_template(
            "staff/sign_in.html", form=request.form, errors={"email": message}
        ), 401
    start_staff_session(
        signed_in.staff_id, signed_in.display_name, signed_in.roles, signed_in.organisation_id
    )
    return redirect(safe_next(form["next"]))


@pages.post("/staff/sign-out")
def sign_out() -> Response:
    end_session()
    return redirect("/staff/sign-in?signed_out=1")


@pages.post("/staff/sign-out-everywhere")
@require_staff()
def sign_out_everywhere() -> Response:
    bus().handle(SignOutEverywhere(current_staff().id))  # type: ignore[union-attr]
    end_session()
    return redirect("/staff/sign-in?signed_out=everywhere")


@pages.get("/staff")
@require_staff()
def staff_home() -> str:
    me = current_staff()
    assert me is not None  # require_staff
    with unit_of_work() as uow:
        mine = [
            {"id": o.id, "name": o.name}
            for o in uow.organisations.all()
            if o.id in me.organisations
        ]
    current = next((o for o in mine if o["id"] == me.organisation_id), None)
    others = [o for o in mine if o["id"] != me.organisation_id]
    return render_template(
        "staff/home.html", created=get_flashed_messages(), current=current, others=others
    )


@pages.post("/staff/organisation")
@require_staff()
def choose_organisation() -> Response:
    """Work in another of one's organisations: every staff page and API then shows its data."""
    me = current_staff()
    chosen = request.form.get("organisation_id", "")
    if me is None or chosen not in me.organisations:
        abort(404)  # not one of theirs: as if it did not exist
    switch_organisation(chosen)
    return redirect("/staff")


@pages.get("/staff/accounts")
@require_staff("admin")
def accounts() -> str:
    with unit_of_work() as uow:
        everyone = uow.staff.all()
        names = {s.id: s.display_name for s in everyone}
        # Who made each account, by name (the first admin was made at the command line).
        people = [
            (
                s.id,
                s.display_name,
                s.email,
                sorted(s.given_in(uow.organisation_id)),
                s.active_in(uow.organisation_id),
                names.get(s.created_by or ""),
            )
            for s in everyone
        ]
    return render_template("staff/accounts.html", people=people, created=get_flashed_messages())


@pages.route("/staff/accounts/new", methods=["GET", "POST"])
@require_staff("admin")
def new_account() -> str | Response:
    roles = [(role, role_label(role)) for role in ROLES]
    if request.method == "GET":
        return render_template("staff/new_account.html", form={}, roles=roles)
    data = {**request.form, "roles": request.form.getlist("roles")}
    try:
        form = NewStaffForm().load(data)
        by = current_staff().id  # type: ignore[union-attr]
        roles = frozenset(form["roles"])
        bus().handle(CreateStaff(form["email"], form["display_name"], form["password"], roles, by))
    except ValidationError as exc:
        errors = first_errors(exc.messages)
    except StaffRuleBroken as exc:
        errors = {exc.field: _(exc.message)}
    else:
        flash(_("Account created for %(name)s.", name=form["display_name"]))
        return redirect("/staff/accounts")
    return render_template("staff/new_account.html", form=data, roles=roles, errors=errors), 400
