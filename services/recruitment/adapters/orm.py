"""Recruitment's tables and their mapping onto the domain model."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.sql.expression import false, true

from services.recruitment.activities.domain.activity import Activity
from services.recruitment.activities.domain.channels import Channel
from services.recruitment.invitations.domain.invitation import Invitation
from services.recruitment.links.domain.links import MagicLink
from services.recruitment.organisations.domain.organisation import Organisation
from services.recruitment.outcomes.domain.outcome import Outcome
from services.recruitment.participants.domain.consent import ConsentRecord
from services.recruitment.participants.domain.interest import ExpressionOfInterest
from services.recruitment.participants.domain.model import Participant
from services.recruitment.staff.domain.staff import StaffMember
from shared.bus.tables import bus_metadata
from shared.db import UtcDateTime, imperative_mapper
from shared.organisations import detail_columns
from shared.send_limits import send_limits_metadata

metadata = MetaData()

participants = Table(
    "participants",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("preferred_name", String(100), nullable=False),
    Column("phone", String(20), nullable=True, unique=True),
    Column("email", String(254), nullable=True, unique=True),
    Column("preferred_channel", String(10), nullable=False),
    Column("language", String(5), nullable=False),
    Column("sign_up_channel", String(30), nullable=False),
    Column("consent_version", String(30), nullable=False),
    Column("consented_at", UtcDateTime, nullable=False),
    Column("signed_up_at", UtcDateTime, nullable=False),
    Column("postcode", String(8), nullable=True),
    Column("age_band", String(8), nullable=True),
    Column("support_needs", JSON, nullable=False, server_default="[]"),
    Column("interpreter_language", String(40), nullable=True),
    Column("availability", JSON, nullable=False, server_default="[]"),
    Column("interests", JSON, nullable=False, server_default="[]"),
    # Special-category data (health, lived experience): kept only with explicit consent.
    Column("health_tags", JSON, nullable=False, server_default="[]"),
    Column("withdrawn_at", UtcDateTime, nullable=True),
    Column("do_not_contact", Boolean, nullable=False, server_default=false()),  # everywhere
    # {organisation id: since (ISO)}: on that organisation's do-not-contact list (migration 0020).
    Column("do_not_contact_in", JSON, nullable=False, server_default="{}"),
    # [organisation ids] the person chose to leave (migration 0019): withdrawal there only.
    Column("left_organisations", JSON, nullable=False, server_default="[]"),
    # "Stop all my links": message links signed before this no longer open.
    Column("links_stopped_at", UtcDateTime, nullable=True),
    # Signed out, stopped all links: sessions issued before this no longer count (migration 0010).
    Column("sessions_ended_at", UtcDateTime, nullable=True),
    # "No updates" (migration 0023): not told what activities changed; still taking part.
    Column("no_outcome_updates", Boolean, nullable=False, server_default=false()),
)

invitations = Table(
    "invitations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("activity_id", String(36), nullable=False, index=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("wave", Integer, nullable=False),
    Column("due_at", UtcDateTime, nullable=False, index=True),
    Column("respond_by", UtcDateTime, nullable=True),
    Column("status", String(10), nullable=False),
    Column("reason", String(20), nullable=True),
    Column("sent_at", UtcDateTime, nullable=True),
)

activities = Table(
    "activities",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("title", String(120), nullable=False),
    Column("purpose", String(2000), nullable=False),
    Column("approach", String(20), nullable=False),
    Column("formats", JSON, nullable=False),
    Column("audience", JSON, nullable=False),
    Column("offer", JSON, nullable=False),
    Column("status", String(10), nullable=False),
    # Invite everyone who signs up at once (an open activity with times to book, like the demo).
    Column("invite_on_sign_up", Boolean, nullable=False, server_default=false()),
    Column("created_by", String(36), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    # Whose activity (migration 0017): its staff see it, everyone else's is not found.
    Column("organisation_id", String(36), nullable=False, index=True),
)

channels = Table(
    "channels",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("activity_id", String(36), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("code", String(12), nullable=False, unique=True),
    Column("partner", String(100), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
)

expressions_of_interest = Table(
    "expressions_of_interest",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("activity_id", String(36), nullable=False, index=True),
    Column("channel_id", String(36), nullable=True),
    Column("channel_kind", String(20), nullable=False),
    Column("partner", String(100), nullable=True),
    Column("status", String(12), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("took_part_at", UtcDateTime, nullable=True),
    UniqueConstraint("participant_id", "activity_id", name="uq_interest_once"),
)

consent_records = Table(
    "consent_records",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("scope", String(20), nullable=False),
    Column("version", String(30), nullable=False),
    Column("channel", String(30), nullable=False),
    Column("given_at", UtcDateTime, nullable=False),
    Column("withdrawn_at", UtcDateTime, nullable=True),
    # Each organisation's own consent (migration 0021; earlier rows are the first's).
    Column("organisation_id", String(36), nullable=True),
)

staff = Table(
    "staff",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("display_name", String(100), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("roles", String(100), nullable=False),  # those that hold everywhere
    # {organisation id: [roles]} (migration 0016): the roles in each organisation.
    Column("memberships", JSON, nullable=False, server_default="{}"),
    # [organisation ids] where an admin there disabled the account (migration 0018).
    Column("suspended_in", JSON, nullable=False, server_default="[]"),
    Column("failed_sign_ins", Integer, nullable=False),
    Column("locked_until", UtcDateTime, nullable=True),
    Column("sessions_valid_after", UtcDateTime, nullable=False),
    Column("active", Boolean, nullable=False, server_default=true()),  # migration 0010
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(36), nullable=True),
)

# The organisations on this deployment (migration 0015 makes the first from ORGANISATION_NAME).
organisations = Table(
    "organisations",
    metadata,
    Column("id", String(36), primary_key=True),
    *detail_columns(unique_short_name=True),  # the public details, as every service keeps them
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(36), nullable=True),
)

# Failed sign-ins per client address, to slow down guessing across many accounts.
sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_address", String(64), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Index("ix_sign_in_failures_address", "client_address", "at"),
)

magic_links = Table(
    "magic_links",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("participant_id", String(36), nullable=False, index=True),
    Column("purpose", String(20), nullable=False),
    Column("channel", String(10), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime, nullable=True),
    Column("revoked_at", UtcDateTime, nullable=True),
    # Where the link lands (a path inside its purpose's pages), e.g. the page asked for.
    Column("next_path", String(500), nullable=True),
)

# SMS sign-ups in progress (adapters/sms_signup_repository.py): a stranger's answers, a day
# at most.
sms_sign_ups = Table(
    "sms_sign_ups",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("phone", String(20), nullable=False, unique=True),  # one dialogue per number
    Column("activity_id", String(36), nullable=False),
    Column("code", String(12), nullable=False),
    Column("language", String(5), nullable=False),
    Column("step", String(20), nullable=False),
    Column("preferred_name", String(100), nullable=True),
    Column("postcode", String(8), nullable=True),
    Column("consented", Boolean, nullable=False),
    Column("support_needs", JSON, nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("last_message_at", UtcDateTime, nullable=False, index=True),
)
# "You said, we did" (migration 0023): what each activity changed, drafted then published once.
outcomes = Table(
    "outcomes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("activity_id", String(36), nullable=False, index=True),
    Column("organisation_id", String(36), nullable=False),  # the activity's, when drafted
    Column("title", String(120), nullable=False),
    Column("description", String(1000), nullable=False),
    Column("status", String(12), nullable=False),
    Column("reason", String(1000), nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("link", String(500), nullable=True),
    Column("created_by", String(36), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("published_at", UtcDateTime, nullable=True),
    Column("told", Integer, nullable=False, server_default="0"),  # contributors sent it
)

# Who erased themselves: bare ids only (pseudonymous: no name, number or email), so `chorus dlq
# replay` can refuse to bring back an erased person's events. forget_participant writes it last.
erased_participants = Table(
    "erased_participants",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("erased_at", UtcDateTime, nullable=False),
)

# Alembic compares against these: this service's tables, the shared outbox/inbox and the
# sending limits (shared/send_limits.py).
target_metadata = [metadata, bus_metadata, send_limits_metadata]

start_mappers = imperative_mapper(
    {
        Participant: participants,
        StaffMember: staff,
        Organisation: organisations,
        MagicLink: magic_links,
        Activity: activities,
        Channel: channels,
        ExpressionOfInterest: expressions_of_interest,
        ConsentRecord: consent_records,
        Invitation: invitations,
        Outcome: outcomes,
    }
)

# Tables declared in their own modules, imported so Alembic and the metadata checks see them.
