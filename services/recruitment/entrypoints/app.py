"""Recruitment's Flask app factory: nothing connects until create_app() is called."""

from __future__ import annotations

from flask import Flask

from services.recruitment.activities.entrypoints.activity_api import blp as activity_blp
from services.recruitment.activities.entrypoints.manage_pages import manage_pages
from services.recruitment.bootstrap import bootstrap
from services.recruitment.config import RecruitmentSettings, settings_for
from services.recruitment.history.entrypoints import history_pages
from services.recruitment.invitations.entrypoints.do_not_contact_pages import do_not_contact_pages
from services.recruitment.invitations.entrypoints.selection_api import blp as selection_blp
from services.recruitment.links.adapters.sessions import sessions_valid_after
from services.recruitment.links.entrypoints.link_pages import link_pages
from services.recruitment.organisations.adapters.repository import organisation_for_pages
from services.recruitment.organisations.entrypoints.api import blp as organisation_blp
from services.recruitment.organisations.entrypoints.platform_page import platform_pages
from services.recruitment.outcomes.entrypoints.pages import outcome_pages
from services.recruitment.rights.entrypoints.my_pages import my_pages
from services.recruitment.signups.entrypoints.api import blp
from services.recruitment.signups.entrypoints.signup_pages import signup_pages
from services.recruitment.staff.adapters.access import staff_access
from services.recruitment.staff.entrypoints.account_pages import account_pages
from services.recruitment.staff.entrypoints.pages import pages
from shared.auth import SessionChecks
from shared.bus.messagebus import MessageBus
from shared.logging import configure_logging
from shared.pages import ORGANISATIONS, csrf
from shared.web import create_service_app, install_bus


def create_app(message_bus: MessageBus | None = None) -> Flask:
    """The web app around a bus (bootstrap's, with the environment's settings, by default)."""
    if message_bus is None:
        message_bus = bootstrap(settings=settings_for("web"))  # refuses unsafe settings
    settings: RecruitmentSettings = message_bus.dependencies["settings"]
    configure_logging("recruitment")
    uow = message_bus.uow_factory
    # Recruitment owns staff accounts and participants, so it reads its own tables.
    checks = SessionChecks(
        staff=lambda staff_id: staff_access(staff_id, uow()),
        participant_valid_after=lambda pid: sessions_valid_after(pid, uow()),
    )
    engine = message_bus.dependencies["engine"]
    app, api = create_service_app(settings, "Chorus recruitment", engine, checks, __name__)
    install_bus(app, message_bus)
    app.extensions[ORGANISATIONS] = lambda org: organisation_for_pages(org, uow())
    api.register_blueprint(blp)
    csrf.exempt(blp)  # a public JSON API: no cookie authenticates it, so there is nothing to forge
    api.register_blueprint(activity_blp)  # coordinators' API: a staff session, so CSRF applies
    api.register_blueprint(selection_blp)
    api.register_blueprint(organisation_blp)  # platform admins' API: a staff session, CSRF too
    app.register_blueprint(pages)
    app.register_blueprint(platform_pages)  # the operator's counts of each organisation
    app.register_blueprint(account_pages)  # admins change, disable and enable staff accounts
    app.register_blueprint(link_pages)
    app.register_blueprint(manage_pages)  # coordinators' /join/manage pages
    app.register_blueprint(do_not_contact_pages)
    app.register_blueprint(outcome_pages)  # "you said, we did": coordinators' and public
    app.register_blueprint(my_pages)  # a participant's own details and rights
    app.register_blueprint(history_pages)  # a person's history for staff; their contact note
    app.register_blueprint(signup_pages)  # after link_pages: /join/link beats /join/<code>
    from services.recruitment.entrypoints import reports  # reach, equality, posters

    reports.register(app, api)
    return app
