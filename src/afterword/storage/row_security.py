"""Server mode's second line of defence: PostgreSQL row-level security, user by user.

Migration 2026_12_07_0012 puts a policy on every table with a `user_id`: when the setting
`app.user_id` is set in a transaction, only that user's rows can be read or written. Every
query filters by user already; the policy is there for the one that forgets. The single-user
app never sets it, so there the policies change nothing.

`scope_rows_to_current_user(engine)` makes every transaction on that engine begin with
`SET LOCAL app.user_id` (through set_config, which takes a parameter): the user bound with
`acting_as`, or 0 -- nobody -- when none is, so a transaction that was not given a user sees
no one's records (fail closed).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

import sqlalchemy as sa

current_user_id: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "afterword_row_user", default=None
)
# The seeker a coach is reading about in this transaction (migration 2026_12_07_0014): set
# only by the coach's pages, and honoured by the database only while a share stands.
viewing_user_id: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "afterword_row_viewing", default=None
)
NOBODY = 0


@contextlib.contextmanager
def acting_as(user_id: int | None) -> Iterator[None]:
    """Binds the user whose rows the transactions begun in this block may touch."""
    token = current_user_id.set(user_id)
    try:
        yield
    finally:
        current_user_id.reset(token)


@contextlib.contextmanager
def viewing(user_id: int) -> Iterator[None]:
    """Binds the seeker whose shared rows a coach's transactions begun in this block may read."""
    token = viewing_user_id.set(user_id)
    try:
        yield
    finally:
        viewing_user_id.reset(token)


def _set_row_user(connection: sa.Connection) -> None:
    user_id = current_user_id.get()
    seen = viewing_user_id.get()
    connection.exec_driver_sql(
        "SELECT set_config('app.user_id', %s, true), set_config('app.viewing_user_id', %s, true)",
        (str(user_id if user_id is not None else NOBODY), str(seen) if seen is not None else ""),
    )


def scope_rows_to_current_user(engine: sa.Engine) -> None:
    """From now on, every transaction on `engine` sees only the bound user's rows."""
    if engine.dialect.name != "postgresql":
        raise ValueError("row-level security needs PostgreSQL")
    if not sa.event.contains(engine, "begin", _set_row_user):
        sa.event.listen(engine, "begin", _set_row_user)


def role_bypasses_policies(engine: sa.Engine) -> str | None:
    """The name of the database role when it would ignore the policies (superuser or
    BYPASSRLS), else None."""
    with engine.connect() as connection:
        row = connection.execute(
            sa.text(
                "SELECT rolname, rolsuper OR rolbypassrls FROM pg_roles "
                "WHERE rolname = current_user"
            )
        ).one()
    return str(row[0]) if row[1] else None
