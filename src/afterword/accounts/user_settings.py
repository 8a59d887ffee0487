"""Each person's own settings in server mode: playbook timings and mail account.

In single-user mode these live in config.toml (settings.file); on a shared server that file
is the server's, so each person's own values live in `user_settings`, one row per user.
The web app reads the row on every request, so a change made through one web process is
in force in every other at once. Mail passwords are sealed with the server's key
(accounts.sealing); without a key the server refuses to store one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword.accounts.models import Account, UserSettings
from afterword.accounts.sealing import (
    CURRENT,
    PREVIOUS,
    check_keys,
    reseal,
    seal,
    sealed_with_newest,
    unseal,
)
from afterword.errors import InvalidInputError
from afterword.settings import Settings
from afterword.settings.file import changed_values
from afterword.settings.mail import MailAccount
from afterword.settings.playbook import PlaybookTimings


def own_row(*, session: Session, user_id: int) -> UserSettings | None:
    """The person's row, if they have changed anything."""
    return session.scalars(sa.select(UserSettings).where(UserSettings.user_id == user_id)).first()


def _row(session: Session, user_id: int, now: dt.datetime) -> UserSettings:
    row = own_row(session=session, user_id=user_id)
    if row is None:
        row = UserSettings(user_id=user_id, updated_at=now)
        session.add(row)
    row.updated_at = now
    return row


def own_settings(base: Settings, row: UserSettings | None, *, handle: str) -> Settings:
    """The server's settings as they apply to this person: their timings and mail account.

    With no mail account of their own, they have none (the server's is nobody's). The mail
    account carries its password, unsealed, only in memory; an account whose password is
    not stored carries "" -- never the server's environment or keyring.
    """
    timings = PlaybookTimings(**row.playbook) if row is not None and row.playbook else None
    mail = None
    if row is not None and row.mail:
        password = ""
        if row.mail_password_sealed:
            try:
                password = unseal(
                    base.secret_key, row.mail_password_sealed, base.secret_key_previous
                )
            except InvalidInputError:
                # The key changed without keeping the old one: as if none were stored, so
                # sending asks for the password again instead of failing every page.
                password = ""
        mail = MailAccount(**row.mail).with_password(password)
    update: dict[str, Any] = {"user": handle, "mail": mail}
    if timings is not None:
        update["playbook"] = timings
    return base.model_copy(update=update)


def save_own_playbook(
    *, session: Session, user_id: int, timings: PlaybookTimings, now: dt.datetime
) -> None:
    """Keeps the person's timings (only those that differ from the defaults)."""
    _row(session, user_id, now).playbook = changed_values(timings) or None
    session.flush()


def save_own_mail(
    *,
    session: Session,
    user_id: int,
    account: MailAccount | None,
    password: str | None,
    secret_key: str | None,
    now: dt.datetime,
) -> None:
    """Keeps the person's mail account; None removes it, and its password with it.

    `password` None keeps the stored one; a new one is sealed, or refused in one line when
    the server has no key (before anything is written).
    """
    sealed = seal(secret_key, password) if password else None
    row = _row(session, user_id, now)
    if account is None:
        row.mail = None
        row.mail_password_sealed = None
    else:
        row.mail = {
            name: getattr(account, name)
            for name in MailAccount.model_fields
            if getattr(account, name) is not None
        }
        if sealed is not None:
            row.mail_password_sealed = sealed
    session.flush()


def has_own_password(*, session: Session, user_id: int) -> bool:
    """Whether a mail password is stored for the person (it is never shown)."""
    row = own_row(session=session, user_id=user_id)
    return row is not None and row.mail_password_sealed is not None


@dataclass(frozen=True)
class ResealReport:
    """What resealing did: passwords sealed again under the newest key, those that already
    were, and the accounts whose password no key opens (forgotten, or left as they were)."""

    resealed: int
    current: int
    unopenable: tuple[str, ...]
    forgotten: bool


def reseal_all(
    *,
    session: Session,
    secret_key: str | None,
    previous: str | None,
    forget_unopenable: bool,
    now: dt.datetime,
) -> ResealReport:
    """Seals every stored mail password again under the newest key, in the caller's one
    transaction, so a key that is being retired can then be dropped.

    Running it again changes nothing (a password the newest key opens is left alone). A
    password no given key opens stops the whole run with a one-line error naming its
    account, before anything is written, unless `forget_unopenable`: then it is removed, and
    its owner is asked for it again when sending. Meant for the command line, which runs
    with no person set, so the row-level policy shows every row.
    """
    check_keys(secret_key, previous)
    rows = session.execute(
        sa.select(UserSettings, Account.email)
        .outerjoin(Account, Account.user_id == UserSettings.user_id)
        .where(UserSettings.mail_password_sealed.is_not(None))
        .order_by(UserSettings.user_id)
        .with_for_update(of=UserSettings)
    ).all()
    resealed: dict[int, str] = {}
    current = 0
    unopenable: list[tuple[UserSettings, str]] = []
    for row, email in rows:
        sealed = row.mail_password_sealed or ""
        if sealed_with_newest(secret_key, sealed):
            current += 1
            continue
        try:
            resealed[row.user_id] = reseal(secret_key, sealed, previous)
        except InvalidInputError:
            unopenable.append((row, email or f"user {row.user_id}"))
    names = tuple(email for _row, email in unopenable)
    if names and not forget_unopenable:
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        raise InvalidInputError(
            f"{len(names)} stored mail password(s) open with neither {CURRENT} nor {PREVIOUS} "
            f"({shown}); nothing was changed. Add the key they were sealed with to "
            f"{PREVIOUS}, or add --forget-unopenable to remove them"
        )
    for row, _email in rows:
        if row.user_id in resealed:
            row.mail_password_sealed = resealed[row.user_id]
            row.updated_at = now
    for row, _email in unopenable:
        row.mail_password_sealed = None
        row.updated_at = now
    session.flush()
    return ResealReport(
        resealed=len(resealed), current=current, unopenable=names, forgotten=bool(names)
    )
