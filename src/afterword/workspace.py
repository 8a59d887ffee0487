"""One unit of work for the user: the session, the user, the settings and their local clock.

The command line opens one per command and the web app one per request; both commit at
the boundary, and any change re-plans the agenda in the same transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from afterword import clock
from afterword.dates import parse_date, parse_datetime
from afterword.localtime import LocalContext
from afterword.profile.models import User
from afterword.settings import Settings

if TYPE_CHECKING:
    from afterword.playbook.service import ReplanSummary


@dataclass
class Workspace:
    """What a command or a request works with: the session, the user and their local clock."""

    session: Session
    user: User
    settings: Settings

    @property
    def user_id(self) -> int:
        """The id of the user the work is done for."""
        return self.user.id

    @property
    def now(self) -> dt.datetime:
        """The current instant (or the pinned one), UTC."""
        return clock.now()

    @property
    def local(self) -> LocalContext:
        """The user's local time and calendar: zone, business days, date order, locale."""
        return LocalContext(self.user.timezone, self.user.country)

    @property
    def today(self) -> dt.date:
        """Today's date in the user's time zone (or the pinned date)."""
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

    def save_batch(self, pipeline_changed: bool) -> None:
        """Commits the work so far (a batch of a long import), re-planning first when the
        batch changed the pipeline, so that every saved batch comes with its plan."""
        if pipeline_changed:
            self.replan()
        self.session.commit()

    def date(self, text: str, *, what: str) -> dt.date:
        """Reads a date the user typed (YYYY-MM-DD, today, yesterday, tomorrow)."""
        return parse_date(text, today=self.today, what=what)

    def instant(self, text: str, *, what: str) -> dt.datetime:
        """Reads a date and time the user typed, in their time zone unless one is given."""
        return parse_datetime(text, default_zone=self.user.timezone, today=self.today, what=what)


@contextlib.contextmanager
def workspace_scope(
    settings: Settings, *, as_of: dt.date | None = None, immediate: bool = False
) -> Iterator[Workspace]:
    """Opens the user's workspace; commits (with a fresh plan if anything changed) on success.

    `immediate` for work that will write: it waits for its turn to write from the start
    (see db.session.writing_bind), so it cannot fail halfway because another writer was first.
    """
    from afterword.playbook.service import has_changes, watch_changes
    from afterword.profile.service import get_or_create_user
    from afterword.storage.session import session_scope

    with session_scope(settings.database_url, immediate=immediate) as session:
        user = get_or_create_user(
            session=session,
            handle=settings.user,
            timezone=settings.default_timezone,
            country=settings.default_country,
            now=clock.now(),
        )
        if as_of is not None:
            clock.pin_date(as_of, user.timezone)
        watch_changes(session)
        workspace = Workspace(session=session, user=user, settings=settings)
        yield workspace
        if has_changes(session):
            # Any change can make actions due or obsolete: the agenda follows in the same
            # transaction, so the work saves its change and the new plan, or neither.
            workspace.replan()
