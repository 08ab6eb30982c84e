"""Demo participants for `make run`, signed up through recruitment's public API like anyone else."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator

DEMO_PARTICIPANTS = (
    {
        "preferred_name": "Amira",
        "phone": "07911 123456",
        "email": "amira@example.com",
        "preferred_channel": "sms",
    },
    {
        "preferred_name": "Gareth",
        "phone": None,
        "email": "gareth@example.com",
        "preferred_channel": "email",
    },
    {
        "preferred_name": "Precious",
        "phone": "07400 123456",
        "email": None,
        "preferred_channel": "sms",
    },
)


def load_demo_participants(recruitment_url: str) -> Iterator[str]:
    for person in DEMO_PARTICIPANTS:
        body = {**person, "language": "en", "consent": True, "consent_version": "demo-1"}
        request = urllib.request.Request(
            f"{recruitment_url}/api/recruitment/participants",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                participant_id = json.load(response)["participant_id"]
            yield f"signed up {person['preferred_name']}: {participant_id}"
        except urllib.error.HTTPError as exc:
            if exc.code != 409:
                raise
            yield f"{person['preferred_name']} was already signed up"
