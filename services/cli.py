"""The `chorus` operator command: migrations, topics, demo data.

chorus migrate [SERVICE ...]   bring each service's database to the newest schema
chorus topics                  create the declared Kafka topics that are missing
chorus demo-data               sign up a few demo participants through the public API
"""

from __future__ import annotations

import argparse
import sys

from shared.config import SERVICE_PORTS, load_settings
from shared.migrations import upgrade

SERVICES = tuple(SERVICE_PORTS)


def migrate(services: list[str]) -> None:
    for service in services or SERVICES:
        settings = load_settings(service)
        upgrade(f"services.{service}.adapters:migrations", settings.database_url)
        print(f"{service}: database at newest schema")


def topics() -> None:
    from shared.bus.topics import ensure_topics

    created = ensure_topics(load_settings("recruitment").kafka_bootstrap_servers)
    print(f"topics created: {', '.join(created) or 'none (all existed)'}")


def demo_data(base_url: str) -> None:
    from services.demo import load_demo_participants, load_demo_staff

    settings = load_settings("recruitment")
    if not settings.is_development:
        raise SystemExit("demo data is for CHORUS_ENV=development only")
    for line in load_demo_participants(base_url):
        print(line)
    for line in load_demo_staff(settings.database_url):
        print(line)


def create_admin(email: str, name: str) -> None:
    import getpass
    import os

    from services.recruitment.adapters.orm import start_mappers
    from services.recruitment.adapters.passwords import Argon2Passwords
    from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
    from services.recruitment.service_layer.staff import create_staff
    from shared.db import make_engine, make_session_factory

    password = os.environ.get("CHORUS_ADMIN_PASSWORD") or getpass.getpass(
        "Password (12+ characters): "
    )
    if "CHORUS_ADMIN_PASSWORD" not in os.environ and getpass.getpass("Same again: ") != password:
        raise SystemExit("The passwords are not the same.")
    start_mappers()
    sessions = make_session_factory(make_engine(load_settings("recruitment").database_url))
    staff_id = create_staff(
        email, name, password, {"admin"}, None, RecruitmentUnitOfWork(sessions), Argon2Passwords()
    )
    print(f"admin created: {staff_id}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="chorus", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    m = commands.add_parser("migrate", help="run database migrations")
    m.add_argument("services", nargs="*", metavar="SERVICE", help=f"any of {', '.join(SERVICES)}")
    commands.add_parser("topics", help="create missing Kafka topics")
    d = commands.add_parser("demo-data", help="load demo participants")
    d.add_argument("--recruitment-url", default=f"http://127.0.0.1:{SERVICE_PORTS['recruitment']}")
    a = commands.add_parser("create-admin", help="create an admin staff account")
    a.add_argument("--email", required=True)
    a.add_argument("--name", required=True)
    args = parser.parse_args(argv)
    if args.command == "migrate":
        unknown = sorted(set(args.services) - set(SERVICES))
        if unknown:
            parser.error(f"unknown service: {', '.join(unknown)}")
        migrate(args.services)
    elif args.command == "topics":
        topics()
    elif args.command == "create-admin":
        try:
            create_admin(args.email, args.name)
        except ValueError as exc:  # a broken rule (short password, existing email)
            raise SystemExit(str(exc)) from exc
    else:
        demo_data(args.recruitment_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
