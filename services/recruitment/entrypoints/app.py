"""Recruitment's Flask app factory: nothing connects until create_app() is called."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import Engine

from services.recruitment.adapters.orm import start_mappers
from services.recruitment.adapters.passwords import Argon2Passwords
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.entrypoints.account_pages import account_pages
from services.recruitment.entrypoints.activity_api import blp as activity_blp
from services.recruitment.entrypoints.api import blp
from services.recruitment.entrypoints.do_not_contact_pages import do_not_contact_pages
from services.recruitment.entrypoints.link_pages import link_pages
from services.recruitment.entrypoints.manage_pages import manage_pages
from services.recruitment.entrypoints.my_pages import my_pages
from services.recruitment.entrypoints.pages import pages
from services.recruitment.entrypoints.selection_api import blp as selection_blp
from services.recruitment.entrypoints.signup_pages import signup_pages
from services.recruitment.service_layer import links
from services.recruitment.service_layer.staff import staff_access
from shared.auth import SessionChecks
from shared.config import Settings
from shared.db import make_engine, make_session_factory
from shared.logging import configure_logging
from shared.pages import csrf
from shared.startup_checks import settings_for
from shared.web import create_service_app


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> Flask:
    settings = settings or settings_for("recruitment", "web")  # refuses unsafe settings
    configure_logging("recruitment")
    engine = engine or make_engine(settings.database_url)
    start_mappers()
    sessions = make_session_factory(engine)

    def uow() -> RecruitmentUnitOfWork:
        # The app's key (read when used: tests may set it after create_app) keys the limits.
        return RecruitmentUnitOfWork(sessions, str(app.config["SECRET_KEY"]))

    # Recruitment owns staff accounts and participants, so it reads its own tables.
    checks = SessionChecks(
        staff=lambda staff_id: staff_access(staff_id, uow()),
        participant_valid_after=lambda pid: links.sessions_valid_after(pid, uow()),
    )
    app, api = create_service_app(settings, "Chorus recruitment", engine, checks, __name__)
    app.extensions["chorus.uow"] = uow
    app.extensions["chorus.passwords"] = Argon2Passwords()
    api.register_blueprint(blp)
    csrf.exempt(blp)  # a public JSON API: no cookie authenticates it, so there is nothing to forge
    api.register_blueprint(activity_blp)  # coordinators' API: a staff session, so CSRF applies
    api.register_blueprint(selection_blp)
    app.register_blueprint(pages)
    app.register_blueprint(account_pages)  # admins change, disable and enable staff accounts
    app.register_blueprint(link_pages)
    app.register_blueprint(manage_pages)  # coordinators' /join/manage pages
    app.register_blueprint(do_not_contact_pages)
    app.register_blueprint(my_pages)  # a participant's own details and rights
    app.register_blueprint(signup_pages)  # after link_pages: /join/link beats /join/<code>
    from services.recruitment.entrypoints import reports  # reach, equality, posters

    reports.register(app, api)
    return app
