"""Storage: the engine and sessions, the registry of every table, and the Alembic migrations.

It sits above the domains: it imports every model so the metadata is complete.
The domains only see afterword.db (the declarative base and column types).
"""
