"""Notifications's outbox relay process: python -m services.notifications.entrypoints.relay"""

from shared.processes import relay_main

if __name__ == "__main__":
    relay_main("notifications")
