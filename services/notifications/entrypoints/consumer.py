"""Notifications' consumer process: keeps contacts, notes what is owed, sends messages.

python -m services.notifications.entrypoints.consumer
"""

from services.notifications.entrypoints.bootstrap import wire_consumer
from shared.processes import consumer_main

if __name__ == "__main__":
    consumer_main("notifications", wire_consumer)
