"""Coaching in server mode: a job seeker shares their search with a coach, who reads it,
comments and suggests actions; every look is logged for the seeker to see.

The tables exist in both modes (one migration history), but only server mode uses them.
Who may read what is decided twice: here, by the share row, and in PostgreSQL, by the
row-level security policies of migration 2026_12_07_0014 (docs/server.md).
"""
