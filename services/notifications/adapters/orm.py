"""Notifications' tables and their mapping onto the domain model."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from services.notifications.domain.model import Contact, Message, Notification
from shared.bus.tables import bus_metadata
from shared.db import UtcDateTime, imperative_mapper
from shared.organisations import organisations_metadata
from shared.participant_sessions import participant_sessions_metadata
from shared.staff_sessions import staff_sessions_metadata
from shared.webhook_rejections import webhook_rejections_metadata

metadata = MetaData()

contacts = Table(
    "contacts",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("preferred_name", String(100), nullable=False),
    Column("phone", String(20), nullable=True),
    Column("email", String(254), nullable=True),
    Column("preferred_channel", String(10), nullable=False),
    Column("language", String(5), nullable=False),
    Column("large_print", Boolean, nullable=False, server_default="0"),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("template", String(50), nullable=False),
    Column("cause_event_id", String(36), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("status", String(20), nullable=False),
    Column("channel", String(10), nullable=True),
    Column("link_id", String(36), nullable=True),
    Column("link_purpose", String(20), nullable=True),
    Column("activity_id", String(36), nullable=True),
    Column("details", JSON, nullable=False, server_default="{}"),
    Column("asked_for", Boolean, nullable=False, server_default="0"),
    # One welcome per sign-up event, even if two consumers raced.
    UniqueConstraint("cause_event_id", "template", name="uq_notification_cause"),
    Index("ix_notifications_status", "status", "created_at"),
)

messages = Table(
    "messages",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("notification_id", String(36), nullable=False),
    Column("template", String(50), nullable=False),
    Column("channel", String(10), nullable=False),
    Column("to", String(254), nullable=False, index=True),
    Column("subject", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("html", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime, nullable=False),
    Column("provider_ref", String(100), nullable=True),
    Column("error", Text, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("sent_at", UtcDateTime, nullable=True),
    Column("delivery_status", String(20), nullable=True),
    Column("claimed_at", UtcDateTime, nullable=True),
    Column("claimed_by", String(120), nullable=True),  # the dispatcher instance sending it
    Column("activity_id", String(36), nullable=True),
    Column("calendar", Text, nullable=True),
    Column("asked_for", Boolean, nullable=False, server_default="0"),
    # Whose it is (staff see only their organisation's) and what it goes out as (None: the
    # deployment's own sender). Set when it is composed, from its activity's organisation.
    Column("organisation_id", String(36), nullable=True),
    Column("sender", String(254), nullable=True),
    UniqueConstraint("notification_id", "channel", name="uq_message_per_channel"),
    Index("ix_messages_activity", "activity_id", "created_at"),
    Index("ix_messages_due", "status", "next_attempt_at"),
    Index("ix_messages_provider_ref", "provider_ref"),
    Index("ix_messages_claimed", "channel", "claimed_at"),
    Index("ix_messages_organisation", "organisation_id", "created_at"),
)

# Dispatcher instances (host:pid:start) and their last heartbeat: one whose heartbeat is older
# than the lease is dead, and only its `sending` messages are recovered by the others.
dispatcher_instances = Table(
    "dispatcher_instances",
    metadata,
    Column("instance_id", String(120), primary_key=True),
    Column("started_at", UtcDateTime, nullable=False),
    Column("heartbeat_at", UtcDateTime, nullable=False),
)

# Whose sign-up we have seen. `confirmed` is false while a text sign-up's confirmation has not
# arrived yet (it comes on another topic): until then nothing else goes to them.
sign_ups = Table(
    "sign_ups",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("confirmed", Boolean, nullable=False),
)

# Activities' titles (ActivityPublished on the compacted recruitment.activity), for staff pages.
activity_titles = Table(
    "activity_titles",
    metadata,
    Column("activity_id", String(36), primary_key=True),
    Column("title", String(120), nullable=False),
    # Whose activity it is (ActivityPublished; older events: the first organisation). Staff
    # task emails go only to staff with a role in this organisation.
    Column("organisation_id", String(36), nullable=False),
)

# Numbers that texted STOP to a sender: nothing more goes to them from that sender until they
# text START to it. Twilio keeps opt-outs per number or messaging service, and so do we: a STOP
# to one organisation's number leaves the others' texts. '' is the deployment's own sender.
suppressions = Table(
    "suppressions",
    metadata,
    Column("phone", String(20), primary_key=True),
    Column("sender", String(254), primary_key=True),
    Column("since", UtcDateTime, nullable=False),
)

# Every inbound text's MessageSid, so a replayed or retried webhook is handled once.
inbound_messages = Table(
    "inbound_messages",
    metadata,
    Column("message_sid", String(40), primary_key=True),
    Column("from_number", String(20), nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
)

# Webhook calls refused for a bad or missing signature: recorded, nothing else done.
webhook_rejections = Table(
    "webhook_rejections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False),
    Column("path", String(200), nullable=False),
    Column("reason", String(200), nullable=False),
    Column("client_address", String(64), nullable=True),
)

target_metadata = [
    metadata,
    bus_metadata,
    staff_sessions_metadata,
    participant_sessions_metadata,
    webhook_rejections_metadata,
    organisations_metadata,
]

start_mappers = imperative_mapper(
    {Contact: contacts, Notification: notifications, Message: messages}
)
