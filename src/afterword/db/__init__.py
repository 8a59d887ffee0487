"""Storage: the declarative base, sessions, and Alembic migrations."""
