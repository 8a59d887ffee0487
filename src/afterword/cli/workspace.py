"""Opening the user's workspace for one command: settings, schema, session, user, clock."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from afterword import clock
from afterword.cli import state
from afterword.dates import parse_date, parse_datetime
from afterword.playbook.service import ReplanSummary
from afterword.profile.models import User
from afterword.settings import Settings, get_settings


@dataclass
class Workspace:
    """What a command works with: the session, the user and their local clock."""

    session: Session
    user: User
    settings: Settings

    @property
    def user_id(self) -> int:
        """The id of the user the command acts for."""
        return self.user.id

    @property
    def now(self) -> dt.datetime:
        """The current instant (or the --as-of one), UTC."""
        return clock.now()

    @property
    def today(self) -> dt.date:
        """Today's date in the user's time zone (or the --as-of date)."""
        return clock.today(self.user.timezone)

    def replan(self) -> ReplanSummary:
        """Brings the stored agenda up to date with the playbook as of today."""
        from afterword.playbook.service import replan

        return replan(
            session=self.session,
            user=self.user,
            today=self.today,
            now=self.now,
            timings=self.settings.playbook,
        )

    def date(self, text: str, *, what: str) -> dt.date:
        """Reads a date the user typed (YYYY-MM-DD, today, yesterday, tomorrow)."""
        return parse_date(text, today=self.today, what=what)

    def instant(self, text: str, *, what: str) -> dt.datetime:
        """Reads a date and time the user typed, in their time zone unless one is given."""
        return parse_datetime(text, default_zone=self.user.timezone, today=self.today, what=what)


@contextlib.contextmanager
def open_workspace() -> Iterator[Workspace]:
    """Opens the database (upgrading its schema if needed); commits if the command succeeds."""
    from afterword.db.migrate import ensure_current
    from afterword.db.session import session_scope
    from afterword.playbook.service import has_changes, watch_changes
    from afterword.profile.service import get_or_create_user

    settings = get_settings()
    ensure_current(settings.database_url)
    with session_scope(settings.database_url) as session:
        user = get_or_create_user(
            session=session,
            handle=settings.user,
            timezone=settings.default_timezone,
            country=settings.default_country,
            now=clock.now(),
        )
        if state.as_of is not None:
            clock.pin_date(state.as_of, user.timezone)
        watch_changes(session)
        workspace = Workspace(session=session, user=user, settings=settings)
        yield workspace
        if has_changes(session):
            # Any change can make actions due or obsolete: the agenda follows in the same
            # transaction, so a command saves its change and the new plan, or neither.
            workspace.replan()
