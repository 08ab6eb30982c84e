"""Notifications' consumer process: keeps contacts, notes what is owed, sends messages.

python -m services.notifications.entrypoints.consumer
"""

from services.notifications.bootstrap import wire_consumer
from services.notifications.config import load_settings
from shared.processes import consumer_main

if __name__ == "__main__":
    consumer_main("notifications", wire_consumer, load_settings)
