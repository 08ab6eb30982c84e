"""Every event Chorus publishes, one module per producing service (the topic's prefix):
recruitment, scheduling, payments, notifications. Importing this package registers them all;
each event's allowed words live in shared/vocabulary/<producer>.py (no marshmallow there)."""

from __future__ import annotations

# Registration: importing a producer's module registers its events.
from shared.events.contracts import notifications as notifications
from shared.events.contracts import payments as payments
from shared.events.contracts import recruitment as recruitment
from shared.events.contracts import scheduling as scheduling
