"""Alembic environment for the notifications database."""

from services.notifications.adapters.orm import target_metadata
from shared.migrations import run_env

run_env(target_metadata)
