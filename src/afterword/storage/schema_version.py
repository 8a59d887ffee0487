"""The newest migration's revision id; a test keeps it equal to Alembic's head.

Kept in its own tiny module so that checking the schema costs no Alembic import.
"""

HEAD = "2026_12_07_0023"
