"""shim: remove after the #18 merge. Moved to tests/shared/integration/db_locks.py."""

from tests.shared.integration.db_locks import rows_held as rows_held
