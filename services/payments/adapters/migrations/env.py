"""Alembic environment for the payments database."""

from services.payments.adapters.orm import target_metadata
from shared.migrations import run_env

run_env(target_metadata)
