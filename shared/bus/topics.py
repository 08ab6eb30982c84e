"""The one declared list of Kafka topics, created at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from kafka import KafkaAdminClient
from kafka.admin import ConfigResource, ConfigResourceType, NewTopic
from kafka.errors import TopicAlreadyExistsError

DAY_MS = 24 * 3600 * 1000
# Dead letters are copies of events, personal ones included (a contact's details, the words of
# a text): two weeks to fix the cause and replay, or less if the topic itself keeps its events
# for less, then Kafka deletes them (docs/operations.md).
DEAD_LETTER_RETENTION_MS = 14 * DAY_MS


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
    # Compacted, keyed by organisation id: whose name, sender and Stripe account to use.
    Topic("recruitment.organisation", compacted=True),
    Topic("recruitment.magic-link"),
    Topic("recruitment.invitation"),
    # "You said, we did": OutcomePublished keyed by activity id, its contributors as ids only.
    Topic("recruitment.outcome"),
    # The SMS sign-up dialogue's questions and answers to a number: 7 days, like inbound texts.
    Topic("recruitment.sms-dialogue", retention_ms=7 * DAY_MS),
    Topic("scheduling.booking"),
    Topic("scheduling.slot"),
    Topic("scheduling.session"),
    Topic("notifications.message"),
    Topic("notifications.sms-consent"),
    Topic("notifications.delivery"),
    # What people text us is personal: keep it only as long as the dialogues need it.
    Topic("notifications.inbound-sms", retention_ms=7 * DAY_MS),
    Topic("payments.payout"),
    Topic("payments.budget"),  # BudgetWarning, keyed by activity
    # Compacted, keyed by task id: what staff must act on, for notifications' digests.
    Topic("payments.staff-task", compacted=True),
    Topic("scheduling.staff-task", compacted=True),
)


def dead_letter(topic: str) -> str:
    return f"{topic}.dlq"


def dead_letter_retention_ms(topic: Topic) -> int:
    return min(DEAD_LETTER_RETENTION_MS, topic.retention_ms or DEAD_LETTER_RETENTION_MS)


def configs_of(topic: Topic) -> dict[str, str]:
    configs = {"cleanup.policy": "compact"} if topic.compacted else {}
    if topic.retention_ms is not None:
        configs["retention.ms"] = str(topic.retention_ms)
    return configs


def all_topics(replication_factor: int = 1, topics: tuple[Topic, ...] = TOPICS) -> list[NewTopic]:
    """Each declared topic and its dead-letter topic (one partition, dead_letter_retention_ms)."""
    declared: list[NewTopic] = []
    for topic in topics:
        dead = {"retention.ms": str(dead_letter_retention_ms(topic))}
        declared.append(
            NewTopic(
                topic.name, topic.partitions, replication_factor, topic_configs=configs_of(topic)
            )
        )
        declared.append(
            NewTopic(dead_letter(topic.name), 1, replication_factor, topic_configs=dead)
        )
    return declared


def ensure_topics(
    bootstrap: str,
    extra: list[NewTopic] | None = None,
    replication_factor: int = 1,
    topics: tuple[Topic, ...] = TOPICS,
) -> list[str]:
    """Create every declared topic that does not exist yet, and give those that exist the
    declared retention and cleanup policy (a dead-letter topic made before it had one keeps
    events for the broker's default otherwise); returns the names created or changed."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="chorus-topics")
    try:
        existing = set(admin.list_topics())
        declared = all_topics(replication_factor, topics) + (extra or [])
        missing = [t for t in declared if t.name not in existing]
        created = []
        for new in missing:
            try:
                admin.create_topics([new])
                created.append(new.name)
            except TopicAlreadyExistsError:
                pass  # another process won the race
        present = [t for t in declared if t.name in existing and t.topic_configs]
        return created + _apply_configs(admin, present)
    finally:
        admin.close()


def _apply_configs(admin: KafkaAdminClient, topics: list[NewTopic]) -> list[str]:
    """Set the declared configs that an existing topic lacks (only those keys); names changed."""
    if not topics:
        return []
    resources = [ConfigResource(ConfigResourceType.TOPIC, t.name) for t in topics]
    now = admin.describe_configs(resources)["topic"]
    changes = []
    for topic in topics:
        held = {key: entry["value"] for key, entry in now.get(topic.name, {}).items()}
        wrong = {k: v for k, v in topic.topic_configs.items() if held.get(k) != v}
        if wrong:
            changes.append(ConfigResource(ConfigResourceType.TOPIC, topic.name, configs=wrong))
    if changes:
        admin.alter_configs(changes)
    return [c.name for c in changes]
