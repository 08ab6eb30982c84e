"""Event envelope, schema registry and the declared event contracts."""

from shared.events import contracts as contracts  # registers every schema on import
