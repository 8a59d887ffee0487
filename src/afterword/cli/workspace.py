"""Opening the user's workspace for one command (see afterword.workspace)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from afterword import paths
from afterword.cli import state
from afterword.localtime import keep_holidays_in
from afterword.settings import get_settings
from afterword.workspace import Workspace, workspace_scope

__all__ = ["Workspace", "open_workspace"]


@contextlib.contextmanager
def open_workspace() -> Iterator[Workspace]:
    """Opens the database (upgrading its schema if needed); commits if the command succeeds."""
    from afterword.storage.migrate import ensure_current

    settings = get_settings()
    if settings.server_mode:
        from afterword.errors import InvalidInputError

        # There is no one person to act for: each one signs in to the web app.
        raise InvalidInputError(
            "in server mode each person's search is reached by signing in to the web app; "
            "the command line runs the server: afterword serve, worker, accounts, db"
        )
    ensure_current(settings.database_url)
    # Each command is a new process: the public holidays it computes are kept for the next.
    keep_holidays_in(os.path.join(paths.data_dir(), "holidays.json"))
    # A command may write: it waits for its turn from the start (e.g. behind an import's batch).
    with workspace_scope(settings, as_of=state.as_of, immediate=True) as workspace:
        yield workspace
