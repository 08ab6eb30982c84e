"""The one declared list of Kafka topics, created at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError


@dataclass(frozen=True)
class Topic:
    name: str
    partitions: int = 3
    compacted: bool = False
    retention_ms: int | None = None  # None: the broker's default


TOPICS: tuple[Topic, ...] = (
    Topic("recruitment.participant"),
    Topic("recruitment.contact", compacted=True),
    # Compacted: a service that starts late still learns every staff member's latest revocation.
    Topic("recruitment.staff", compacted=True),
    # Compacted, keyed by staff id: names, work emails and roles for staff pages and digests.
    Topic("recruitment.staff-profile", compacted=True),
    # Compacted, keyed by activity id: titles for staff pages, offers for payments' policies.
    Topic("recruitment.activity", compacted=True),
    Topic("recruitment.magic-link"),
    Topic("recruitment.invitation"),
    # The SMS sign-up dialogue's questions and answers to a number: 7 days, like inbound texts.
    Topic("recruitment.sms-dialogue", retention_ms=7 * 24 * 3600 * 1000),
    Topic("scheduling.booking"),
    Topic("scheduling.slot"),
    Topic("scheduling.session"),
    Topic("notifications.message"),
    Topic("notifications.sms-consent"),
    Topic("notifications.delivery"),
    # What people text us is personal: keep it only as long as the dialogues need it.
    Topic("notifications.inbound-sms", retention_ms=7 * 24 * 3600 * 1000),
    Topic("payments.payout"),
    Topic("payments.budget"),  # BudgetWarning, keyed by activity
    # Compacted, keyed by task id: what staff must act on, for notifications' digests.
    Topic("payments.staff-task", compacted=True),
    Topic("scheduling.staff-task", compacted=True),
)


def dead_letter(topic: str) -> str:
    return f"{topic}.dlq"


def all_topics(replication_factor: int = 1) -> list[NewTopic]:
    declared: list[NewTopic] = []
    for topic in TOPICS:
        configs = {"cleanup.policy": "compact"} if topic.compacted else {}
        if topic.retention_ms is not None:
            configs["retention.ms"] = str(topic.retention_ms)
        declared.append(
            NewTopic(topic.name, topic.partitions, replication_factor, topic_configs=configs)
        )
        declared.append(NewTopic(dead_letter(topic.name), 1, replication_factor))
    return declared


def ensure_topics(
    bootstrap: str, extra: list[NewTopic] | None = None, replication_factor: int = 1
) -> list[str]:
    """Create every declared topic that does not exist yet; returns the names created."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="chorus-topics")
    try:
        existing = set(admin.list_topics())
        declared = all_topics(replication_factor) + (extra or [])
        missing = [t for t in declared if t.name not in existing]
        created = []
        for new in missing:
            try:
                admin.create_topics([new])
                created.append(new.name)
            except TopicAlreadyExistsError:
                pass  # another process won the race
        return created
    finally:
        admin.close()
