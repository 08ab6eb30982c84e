"""A coordinator's private calendar feed: the staff page that makes its address (shown once,
in the answer to the POST that made it: only its hash is kept) and resets it
(/book/manage/calendar), and the feed itself (/book/calendar/<token>.ics), which a calendar
app fetches without signing in, so the secret in its address is the key."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, make_response, render_template, request
from werkzeug.wrappers import Response

from services.scheduling.calendar_feed.commands import ResetCalendarFeed
from services.scheduling.web import handle, now, reads
from shared.auth import current_staff, require_staff
from shared.calendar import sessions_feed
from shared.vocabulary.recruitment import ORGANISERS

calendar_pages = Blueprint("calendar_feed", __name__)

PAST = timedelta(days=30)  # times that ended longer ago drop out of the feed


def _feed_url(token: str) -> str:
    base = reads("settings").public_base_url
    return f"{base}/book/calendar/{token}.ics"


def _staff() -> tuple[str, str]:
    staff = current_staff()
    if staff is None or staff.organisation_id is None:
        abort(404)  # an organiser always works in an organisation
    return staff.id, staff.organisation_id


@calendar_pages.route("/book/manage/calendar", methods=["GET", "POST"])
@require_staff(*ORGANISERS)
def calendar_page() -> str | Response:
    staff_id, organisation_id = _staff()
    made_at = reads("calendar_feed_reads").made_at(staff_id, organisation_id)
    if request.method == "POST":
        token = handle(ResetCalendarFeed(staff_id, organisation_id))
        # Shown here and never again (no redirect: the address must not sit in a URL, a
        # cookie or a cache), so the answer is not stored anywhere on the way.
        response = make_response(
            render_template(
                "manage/calendar.html",
                feed_url=_feed_url(token),
                replaced=made_at is not None,
                made_at=None,
            )
        )
        response.headers["Cache-Control"] = "no-store"
        return response
    return render_template("manage/calendar.html", feed_url=None, replaced=False, made_at=made_at)


@calendar_pages.get("/book/calendar/<token>.ics")
def calendar_feed(token: str) -> Response:
    found = reads("calendar_feed_reads").feed(token, now() - PAST)
    if found is None:
        abort(404)  # a wrong token, a reset one, or one whose holder is no longer an organiser
    organisation = reads("organisation_reads").get(found.organisation_id)
    name = f"{organisation.name} sessions" if organisation else "Sessions"
    response = make_response(sessions_feed(name, found.entries, now()))
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Cache-Control"] = "private, no-store"
    return response
