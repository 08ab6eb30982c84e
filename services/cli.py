"""The `chorus` operator command: migrations, topics, demo data, dead letters, status, secrets.

chorus migrate [SERVICE ...]   bring each service's database to the newest schema
chorus topics                  create the declared Kafka topics that are missing
chorus demo-data               demo participants, staff, and an open activity (JOIN DEMO) with times
chorus create-admin            create the first admin staff account
chorus dlq list TOPIC          dead-lettered messages of TOPIC (from TOPIC.dlq) with the reason
chorus dlq replay TOPIC [--event-id ID]   re-publish them to TOPIC (inboxes make it idempotent;
                               never an erased person's)
chorus status                  outbox backlog per service, consumer lag per group and partition
chorus rotate-secret twilio|stripe   the steps, and a check that the new value works
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError

from services import ops
from shared.config import SERVICE_PORTS, load_settings
from shared.migrations import upgrade
from shared.startup_checks import UnsafeSettings, settings_for

SERVICES = tuple(SERVICE_PORTS)


def migrate(services: list[str]) -> None:
    for service in services or SERVICES:
        settings = load_settings(service)
        upgrade(f"services.{service}.adapters:migrations", settings.database_url)
        print(f"{service}: database at newest schema")


def topics() -> None:
    from shared.bus.topics import ensure_topics

    settings = load_settings("recruitment")
    created = ensure_topics(
        settings.kafka_bootstrap_servers, replication_factor=settings.kafka_replication_factor
    )
    print(f"topics created or given their declared settings: {', '.join(created) or 'none needed'}")


def demo_data(base_url: str) -> None:
    from services.demo import (
        load_demo_activity,
        load_demo_participants,
        load_demo_slots,
        load_demo_staff,
    )

    settings = load_settings("recruitment")
    if not settings.is_development:
        raise SystemExit("demo data is for CHORUS_ENV=development only")
    for line in load_demo_participants(base_url):
        print(line)
    for line in load_demo_staff(settings.database_url):
        print(line)
    activity_id, said = load_demo_activity(settings.database_url)
    print(*said, sep="\n")
    for line in load_demo_slots(load_settings("scheduling").database_url, activity_id):
        print(line)


def create_admin(email: str, name: str) -> None:
    import getpass
    import os

    from services.recruitment.adapters.orm import start_mappers
    from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
    from services.recruitment.staff.adapters.passwords import Argon2Passwords
    from services.recruitment.staff.service_layer.staff import create_staff
    from shared.db import make_engine, make_session_factory

    password = os.environ.get("CHORUS_ADMIN_PASSWORD") or getpass.getpass(
        "Password (12+ characters): "
    )
    if "CHORUS_ADMIN_PASSWORD" not in os.environ and getpass.getpass("Same again: ") != password:
        raise SystemExit("The passwords are not the same.")
    start_mappers()
    sessions = make_session_factory(make_engine(load_settings("recruitment").database_url))
    staff_id = create_staff(
        email,
        name,
        password,
        {"admin", "platform_admin"},  # the first admin also runs the deployment
        None,
        RecruitmentUnitOfWork(sessions),
        Argon2Passwords(),
    )
    print(f"admin created: {staff_id}")


def _add_operator_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    dlq = commands.add_parser("dlq", help="list or replay dead-lettered messages")
    actions = dlq.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help="list TOPIC.dlq").add_argument("topic")
    replay = actions.add_parser("replay", help="re-publish TOPIC.dlq to TOPIC")
    replay.add_argument("topic")
    replay.add_argument("--event-id", help="only the dead letters of this event id")
    commands.add_parser("status", help="outbox backlog and consumer lag")
    rotate = commands.add_parser("rotate-secret", help="rotate the Twilio or Stripe secret")
    rotate.add_argument("which", choices=sorted(ops.ROTATION_STEPS))


def _dlq(args: argparse.Namespace) -> int:
    bootstrap = load_settings("recruitment").kafka_bootstrap_servers
    if args.action == "list":
        print("\n".join(ops.dlq_list(bootstrap, args.topic)))
        return 0
    try:
        replay = ops.dlq_replay(bootstrap, args.topic, args.event_id)
    except SQLAlchemyError as exc:  # without the erased ids, a replay could undo an erasure
        print(f"not replayed: cannot read who was erased (recruitment's database): {exc}")
        return 1
    print(f"replayed {replay.replayed} message(s) to {args.topic}")
    if replay.refused:
        print(f"refused {len(replay.refused)} of erased people: {', '.join(replay.refused)}")
    return 0 if replay.replayed or args.event_id is None else 1


def _status(_args: argparse.Namespace) -> int:
    print("\n".join(ops.status()))
    return 0


def _rotate_secret(args: argparse.Namespace) -> int:
    print(ops.ROTATION_STEPS[args.which])
    ok, checked = ops.check_secret(args.which)
    print(f"\ncheck: {'works' if ok else 'FAILS'}: {checked}")
    return 0 if ok else 1


OPERATOR_COMMANDS = {"dlq": _dlq, "status": _status, "rotate-secret": _rotate_secret}


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
    _add_operator_commands(commands)
    args = parser.parse_args(argv)
    try:  # no command signs or verifies with the secrets, but a mistyped CHORUS_ENV stops it
        settings_for("recruitment", "cli")
    except UnsafeSettings as refused:
        raise SystemExit(str(refused)) from None
    if args.command in OPERATOR_COMMANDS:
        return OPERATOR_COMMANDS[args.command](args)
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
