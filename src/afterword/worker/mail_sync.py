"""The scheduled mailbox sync: the worker reads each opted-in person's IMAP inbox.

It is `afterword inbox sync` run for them (inbox.Inbox.sync, the same path as the web
app's Sync button), with their own mail account and their sealed password from
`user_settings`. Running it again imports nothing twice: the inbox ledger keeps each
message once and each folder's progress. Every attempt, good or bad, is noted on the
person's `daily_preferences` row, so the sweep waits out the interval before the next one
and the person sees the last error on their Settings page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword import clock
from afterword.accounts.daily import DailyPreference
from afterword.accounts.models import Account, UserSettings
from afterword.accounts.user_settings import own_row, own_settings
from afterword.control_chars import escape_control_characters
from afterword.inbox.inbox import Inbox
from afterword.playbook.service import has_changes, watch_changes
from afterword.profile.models import User
from afterword.settings import Settings
from afterword.storage.session import session_scope
from afterword.workspace import Workspace

ERROR_LENGTH = 500
HIDDEN = "[hidden]"


@dataclass(frozen=True)
class SyncOutcome:
    """What one scheduled sync read: new messages recorded, and how many it acted on."""

    new: int
    acted: int


def _scope_every_transaction(session: Session, user_id: int) -> None:
    """Row-level security for every transaction of this session, not only the first: a
    sync commits after each batch, and `SET LOCAL` ends with each commit."""

    @sa.event.listens_for(session, "after_begin")
    def act_as(_session: Session, _transaction: object, connection: sa.Connection) -> None:
        connection.execute(
            sa.text("SELECT set_config('app.user_id', :user_id, true)"), {"user_id": str(user_id)}
        )


def sync_due(*, session: Session, every_seconds: int, now: dt.datetime) -> list[int]:
    """The active people who opted in to the scheduled sync, have an IMAP server in their
    own settings, and were not tried in the last `every_seconds`."""
    since = now - dt.timedelta(seconds=every_seconds)
    rows = session.execute(
        sa.select(DailyPreference.user_id, UserSettings.mail)
        .join(Account, Account.user_id == DailyPreference.user_id)
        .join(UserSettings, UserSettings.user_id == DailyPreference.user_id)
        .where(
            DailyPreference.mail_sync.is_(True),
            Account.disabled_at.is_(None),
            sa.or_(
                DailyPreference.mail_sync_tried_at.is_(None),
                DailyPreference.mail_sync_tried_at <= since,
            ),
        )
        .order_by(DailyPreference.mail_sync_tried_at.asc().nulls_first(), DailyPreference.user_id)
    ).all()
    # The mail account is JSON (its shape is MailAccount's): read in Python, not in SQL.
    return [user_id for user_id, mail in rows if mail and mail.get("imap_host")]


def described(error: BaseException, secrets: list[str]) -> str:
    """The error in one line for the person and the log, with every secret blanked out:
    a server or library may echo what it was given, and the error is stored."""
    text = str(error) or type(error).__name__
    for secret in secrets:
        if secret:
            text = text.replace(secret, HIDDEN)
    text = escape_control_characters(" ".join(text.split()))
    return text[: ERROR_LENGTH - 1] + "…" if len(text) > ERROR_LENGTH else text


def _note_attempt(settings: Settings, user_id: int, error: str | None) -> None:
    with session_scope(settings.database_url) as session:
        _scope_every_transaction(session, user_id)
        preference = session.get(DailyPreference, user_id)
        if preference is not None:
            preference.mail_sync_tried_at = clock.now()
            preference.mail_sync_error = error


def sync_person(*, settings: Settings, user_id: int) -> SyncOutcome | None:
    """Syncs one person's IMAP inbox now; None when there is nothing to sync for them
    (they turned it off, removed their mailbox, or their account was disabled since the
    sweep). A failure is noted on their row, without the password, and raised again so
    the job is retried with backoff."""
    secrets: list[str] = []
    try:
        with session_scope(settings.database_url) as session:
            _scope_every_transaction(session, user_id)
            preference = session.get(DailyPreference, user_id)
            account = session.scalars(sa.select(Account).where(Account.user_id == user_id)).first()
            user = session.get(User, user_id)
            if (
                user is None
                or account is None
                or account.disabled_at is not None
                or preference is None
                or not preference.mail_sync
            ):
                return None
            own = own_settings(
                settings, own_row(session=session, user_id=user_id), handle=user.handle
            )
            if own.mail is None or not own.mail.imap_host:
                return None
            secrets = [own.mail.stored_password or ""]
            watch_changes(session)
            workspace = Workspace(session=session, user=user, settings=own)
            report, triaged = Inbox(workspace).sync()
            if has_changes(session):
                workspace.replan()  # as workspace_scope does: the change and its plan together
            outcome = SyncOutcome(new=report.ingest.new, acted=len(triaged.acted))
    except Exception as error:
        _note_attempt(settings, user_id, described(error, secrets))
        raise
    _note_attempt(settings, user_id, None)
    return outcome
