"""Field validators more than one producer's events use."""

from __future__ import annotations

from marshmallow import validate

E164 = validate.Regexp(r"^\+\d{8,15}$")  # a phone number in international form
