"""Registers the reach and equality reports, the equality questions and the posters on the app,
so create_app() needs one line for all of them."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from services.recruitment.activities.entrypoints import poster_api
from services.recruitment.equality.entrypoints import equality_api
from services.recruitment.equality.entrypoints.equality_pages import equality_pages
from services.recruitment.reach.entrypoints import reach_api
from services.recruitment.reach.entrypoints.reach_pages import reach_pages


def register(app: Flask, api: Api) -> None:
    # Staff APIs on a staff session cookie: CSRF applies, as on the other coordinator APIs.
    api.register_blueprint(reach_api.blp)
    api.register_blueprint(equality_api.blp)
    api.register_blueprint(poster_api.blp)
    app.register_blueprint(reach_pages)  # /join/manage/activities/<id>/reach
    app.register_blueprint(equality_pages)  # /join/me/equality
