"""The coordinator's reach page: a chart of sign-ups and took-part against each target (an SVG
drawn on the server, no script), the same numbers as a table, and the gaps said plainly."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from flask_babel import gettext as _

from services.recruitment.reach.entrypoints.reach_api import reach_view
from services.recruitment.staff.entrypoints.forms import _n
from shared.auth import require_staff
from shared.vocabulary.recruitment import ORGANISERS

reach_pages = Blueprint("reach", __name__)
KIND_WORDS = {  # marked with _n for the catalog; translated when shown (_label)
    "place": _n("Place"),
    "age": _n("Age group"),
    "tag": _n("Lived experience"),
    "channel": _n("Way in"),
    "partner": _n("Partner"),
}
# Chart geometry in SVG user units; the SVG scales to the page width.
WIDTH, LABEL_W, ROW_H, BAR_H = 640, 220, 56, 16


def _label(group: str) -> str:
    kind, _sep, value = group.partition(":")
    return f"{_(KIND_WORDS.get(kind, kind))}: {value}"


def _bars(targets: list[Any]) -> list[dict[str, Any]]:
    """Each target's bars, scaled so the largest of target and sign-ups fills the width."""
    most = max([1, *(max(t.target, t.signed_up) for t in targets)])
    room = WIDTH - LABEL_W - 70

    def scale(n: int) -> int:
        return round(room * n / most)

    return [
        {
            "label": _label(t.group),
            "y": i * ROW_H,
            "signed_up": scale(t.signed_up),
            "took_part": scale(t.took_part),
            "target": scale(t.target),
            "numbers": f"{t.signed_up} / {t.target}",
            "met": t.met,
        }
        for i, t in enumerate(targets)
    ]


@reach_pages.get("/join/manage/activities/<activity_id>/reach")
@require_staff(*ORGANISERS)
def reach_page(activity_id: str) -> str:
    view = reach_view(activity_id)  # 404 first for another organisation's activity
    return render_template(
        "reach/page.html",
        view=view,
        told=view["told"],  # "you said, we did"
        bars=_bars(view["targets"]),
        chart={"width": WIDTH, "label_w": LABEL_W, "row_h": ROW_H, "bar_h": BAR_H},
        label=_label,
        kind_words={k: _(v) for k, v in KIND_WORDS.items()},
    )
