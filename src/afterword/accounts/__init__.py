"""Accounts for server mode: who may sign in, with which role, and their sessions.

Only server mode (docs/server.md) imports this package's services; the single-user app
never signs anyone in. The tables are registered with the others so one migration
history covers both modes.
"""
