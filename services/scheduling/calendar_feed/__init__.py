"""Calendars: a coordinator's private feed of their organisation's sessions."""
