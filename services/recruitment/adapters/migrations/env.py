"""Alembic environment for the recruitment database."""

from services.recruitment.adapters.orm import target_metadata
from shared.migrations import run_env

run_env(target_metadata)
