"""The one MetaData every payments table joins (each feature's adapters/tables.py), so that
Alembic (adapters/migrations) and the tests' create_all see them all."""

from sqlalchemy import MetaData

metadata = MetaData()
