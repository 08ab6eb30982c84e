"""places taken on each slot (slots.places_taken), kept by triggers on bookings and waitlist
entries: the booking desk reads it on the slot row it locks (issue #15)

A booking holds a place while confirmed or pending approval, a waitlist entry while offered
(a hold). The triggers count every writer of those rows (booking, cancelling, moving, approval,
hold expiry, erasure, raw SQL), so no code path can forget to. NOTE for later migrations: on
SQLite, batch_alter_table on bookings, waitlist_entries or slots rebuilds the table and drops
these triggers; create them again (create_triggers) after such a batch.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# (table, the condition under which one of its rows holds a place)
HOLDERS = (
    ("bookings", "{row}.status IN ('confirmed', 'pending')"),
    ("waitlist_entries", "{row}.status = 'offered'"),
)
TAKE = "UPDATE slots SET places_taken = places_taken + 1 WHERE id = NEW.slot_id"
FREE = "UPDATE slots SET places_taken = places_taken - 1 WHERE id = OLD.slot_id"


def _sqlite(table: str, holds: str) -> list[str]:
    new, old = holds.format(row="NEW"), holds.format(row="OLD")
    return [
        f"CREATE TRIGGER {table}_take_place AFTER INSERT ON {table} WHEN {new} BEGIN {TAKE}; END",
        f"CREATE TRIGGER {table}_free_place AFTER DELETE ON {table} WHEN {old} BEGIN {FREE}; END",
        f"CREATE TRIGGER {table}_move_place AFTER UPDATE OF status, slot_id ON {table} "
        f"WHEN ({old}) IS NOT ({new}) OR OLD.slot_id IS NOT NEW.slot_id "
        f"BEGIN {FREE} AND {old}; {TAKE} AND {new}; END",
    ]


def _postgresql(table: str, holds: str) -> list[str]:
    new, old = holds.format(row="NEW"), holds.format(row="OLD")
    return [
        f"""CREATE FUNCTION {table}_places_taken() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND ({old}) = ({new}) AND OLD.slot_id = NEW.slot_id THEN
                RETURN NULL;
            END IF;
            IF TG_OP <> 'INSERT' AND {old} THEN {FREE}; END IF;
            IF TG_OP <> 'DELETE' AND {new} THEN {TAKE}; END IF;
            RETURN NULL;
        END $$""",
        f"CREATE TRIGGER {table}_places_taken "
        f"AFTER INSERT OR DELETE OR UPDATE OF status, slot_id ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_places_taken()",
    ]


def create_triggers() -> None:
    dialect = op.get_bind().dialect.name
    for table, holds in HOLDERS:
        for statement in (_postgresql if dialect == "postgresql" else _sqlite)(table, holds):
            op.execute(statement)


def upgrade() -> None:
    op.add_column(
        "slots", sa.Column("places_taken", sa.Integer(), nullable=False, server_default="0")
    )
    create_triggers()
    # Backfilled after the triggers exist, so no place taken meanwhile is missed (PostgreSQL
    # runs this in the migration's transaction; SQLite's writer lock covers it).
    op.execute(
        "UPDATE slots SET places_taken = "
        "(SELECT count(*) FROM bookings WHERE bookings.slot_id = slots.id "
        "AND bookings.status IN ('confirmed', 'pending')) + "
        "(SELECT count(*) FROM waitlist_entries WHERE waitlist_entries.slot_id = slots.id "
        "AND waitlist_entries.status = 'offered')"
    )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table, _ in HOLDERS:
        if postgresql:
            op.execute(f"DROP TRIGGER {table}_places_taken ON {table}")
            op.execute(f"DROP FUNCTION {table}_places_taken()")
        else:
            for name in ("take", "free", "move"):
                op.execute(f"DROP TRIGGER {table}_{name}_place")
    with op.batch_alter_table("slots") as batch:
        batch.drop_column("places_taken")
