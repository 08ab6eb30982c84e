"""Payments' processes (app, consumer, relay, the reconcile job) and its templates."""

from pathlib import Path

# Every page blueprint renders from this one folder, wherever its feature package lives.
TEMPLATES = str(Path(__file__).parent / "templates")
