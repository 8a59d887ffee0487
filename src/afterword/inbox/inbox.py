"""The inbox as the CLI and the web app use it: one object per workspace, one call per task.

Every task needs the same handful of things from the workspace (the session, the user,
their time zone and country, the clock, their own addresses, the per-message budget and
a save after each batch); `Inbox` takes them from the workspace once, so an adapter says
only what is particular to its call: the file, the folders, the user's answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

from afterword.inbox import queue as queries
from afterword.inbox import runs
from afterword.inbox.engine import Judged, Triage, TriageReport
from afterword.inbox.index import account_addresses, application_names
from afterword.inbox.labels import MailClass
from afterword.inbox.message import RawMessage
from afterword.inbox.models import IngestedMessage
from afterword.inbox.resolve import resolve
from afterword.inbox.service import IngestReport, SyncReport
from afterword.inbox.triage import TriageState
from afterword.localtime import LocalContext

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session

    from afterword.settings import Settings


class Workspace(Protocol):
    """What the inbox needs of a unit of work (afterword.workspace.Workspace is one).

    Named here, as a protocol, so that the inbox -- a domain -- does not import the layer
    above it that builds workspaces.
    """

    session: Session
    settings: Settings

    @property
    def user_id(self) -> int: ...

    @property
    def now(self) -> dt.datetime: ...

    @property
    def local(self) -> LocalContext: ...

    def save_batch(self, pipeline_changed: bool) -> None: ...


class Inbox:
    """The user's received mail: importing, syncing, retrying, the review queue, answers."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.session = workspace.session
        self.user_id = workspace.user_id

    @property
    def local(self) -> LocalContext:
        """The user's zone, business calendar and date order (from the profile)."""
        return self.workspace.local

    @property
    def _budget(self) -> float:
        return self.workspace.settings.inbox.message_budget_seconds

    @property
    def _own(self) -> list[str]:
        # The addresses in [mail] are the user's own too: mail from them is not news.
        return account_addresses(self.workspace.settings.mail)

    @property
    def imap_ready(self) -> bool:
        """Whether an IMAP server is set up, so new mail can be read from it."""
        account = self.workspace.settings.mail
        return account is not None and bool(account.imap_host)

    # -- reading mail ---------------------------------------------------------------------------

    def import_messages(
        self, messages: Iterable[RawMessage], *, bulk_filter: bool = True
    ) -> tuple[IngestReport, TriageReport]:
        """Records and triages the new messages of a file or folder (see runs.import_messages).

        Saved every few hundred messages: other commands and pages wait for one batch, not
        the whole import, and an interrupted import keeps what it read.
        """
        return runs.import_messages(
            session=self.session,
            user_id=self.user_id,
            timezone=self.local.timezone,
            country=self.local.country,
            source_messages=messages,
            now=self.workspace.now,
            own=self._own,
            bulk_filter=bulk_filter,
            save=self.workspace.save_batch,
            budget=self._budget,
        )

    def sync(
        self, folders: Sequence[str] | None = None, *, password: str | None = None
    ) -> tuple[SyncReport, TriageReport]:
        """Reads what is new in the IMAP folders and triages it, saving each batch as it is
        read. Without `folders`: the account's own sync folder, else INBOX."""
        account = self.workspace.settings.mail
        if not folders:
            own = account.sync_folder if account is not None else None
            folders = (own,) if own else runs.DEFAULT_FOLDERS
        return runs.sync_mailbox(
            session=self.session,
            user_id=self.user_id,
            timezone=self.local.timezone,
            country=self.local.country,
            account=account,
            now=self.workspace.now,
            save=self.workspace.save_batch,
            folders=folders,
            password=password,
            budget=self._budget,
        )

    def retry(self, ids: Sequence[int] | None = None) -> tuple[IngestReport, TriageReport]:
        """Reads and triages again the messages that failed (all, or those in `ids`)."""
        return runs.retry_messages(
            session=self.session,
            user_id=self.user_id,
            timezone=self.local.timezone,
            country=self.local.country,
            now=self.workspace.now,
            own=self._own,
            ids=ids,
            budget=self._budget,
        )

    def judge(self, sources: Iterable[RawMessage]) -> Iterator[Judged]:
        """What afterword makes of each message, changing nothing (`afterword classify`)."""
        triage = Triage(
            session=self.session,
            user_id=self.user_id,
            local=self.local,
            now=self.workspace.now,
            own=self._own,
            budget=self._budget,
        )
        triage.read_all_dates = True  # shown for every message, not only matched ones
        return triage.judge_all(sources)

    # -- the user's word ------------------------------------------------------------------------

    def resolve(
        self,
        message_id: int,
        *,
        label: MailClass | None = None,
        application_id: int | None = None,
        confirm: bool = False,
    ) -> IngestedMessage:
        """Confirms or corrects afterword's reading of a message (see resolve.resolve)."""
        return resolve(
            session=self.session,
            user_id=self.user_id,
            message_id=message_id,
            now=self.workspace.now,
            timezone=self.local.timezone,
            country=self.local.country,
            label=label,
            application_id=application_id,
            confirm=confirm,
        )

    # -- reading the ledger ---------------------------------------------------------------------

    def message(self, message_id: int) -> IngestedMessage:
        """One received message, by id (NotFoundError when it is not the user's)."""
        return queries.get_message(
            session=self.session, user_id=self.user_id, message_id=message_id
        )

    def queue(self, limit: int | None = None) -> list[IngestedMessage]:
        """The messages waiting for the user, oldest first."""
        return queries.review_queue(session=self.session, user_id=self.user_id, limit=limit)

    def recent(
        self, states: Iterable[TriageState], *, limit: int = 50, failed: bool = False
    ) -> list[IngestedMessage]:
        """The newest messages in these states (with `failed`, unreadable ones too)."""
        return queries.recent_messages(
            session=self.session, user_id=self.user_id, states=states, limit=limit, failed=failed
        )

    def counts(self) -> dict[TriageState, int]:
        """How many messages are in each triage state."""
        return queries.triage_counts(session=self.session, user_id=self.user_id)

    def waiting(self) -> int:
        """How many messages wait for the user's word."""
        return queries.waiting_count(session=self.session, user_id=self.user_id)

    def names(self) -> dict[int, str]:
        """Every application's id and 'Company — Role', most recently updated first."""
        return application_names(self.session, self.user_id)
