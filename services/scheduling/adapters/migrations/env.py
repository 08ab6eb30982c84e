"""Alembic environment for the scheduling database."""

from services.scheduling.adapters.orm import target_metadata
from shared.migrations import run_env

run_env(target_metadata)
