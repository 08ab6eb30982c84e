"""The plain words each service publishes with its events: the values a field may take.

One module per producing service (the topic's prefix), plus the staff-task words that two
producers share. Plain tuples and mappings only, importing no marshmallow, Flask or SQLAlchemy,
so that any service's domain code may read another's published vocabulary. The event schemas
(shared/events/contracts/) validate with these same values.
"""
