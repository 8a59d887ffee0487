"""The worker's daily work for each person, as plain functions over the database.

Every job claims its row in the ledger (accounts.daily) inside the transaction that does
the work, so the two commit together: a job run twice, by two workers or after a crash,
does its work once. The sweep only proposes work; the claim decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from afterword import clock, localtime
from afterword.accounts.daily import (
    DIGEST,
    REPLAN,
    DailyPreference,
    DailyRun,
    claim_daily_run,
)
from afterword.accounts.models import Account
from afterword.mail.delivery import send_smtp
from afterword.playbook.service import plan_is_current, replan
from afterword.profile.models import User
from afterword.settings import Settings
from afterword.storage.session import session_scope
from afterword.views.agenda import open_items
from afterword.worker.digest import CentreMail, digest_message, due_today


@dataclass(frozen=True)
class Due:
    """One person's job for one of their local dates."""

    user_id: int
    local_date: dt.date


def _act_as(session: Session, user_id: int) -> None:
    """Row-level security for the rest of this transaction: this person's rows only, so a
    job for one person cannot touch another's even through a query that forgets its filter."""
    session.execute(
        sa.text("SELECT set_config('app.user_id', :user_id, true)"), {"user_id": str(user_id)}
    )


def due_people(*, session: Session, kind: str, digest_hour: int = 0) -> list[Due]:
    """The active accounts whose local day has started and whose `kind` job has not been
    done for it (for the digest: those who opted in, once their local hour is reached)."""
    query = (
        sa.select(User.id, User.timezone)
        .join(Account, Account.user_id == User.id)
        .where(Account.disabled_at.is_(None))
    )
    if kind == DIGEST:
        query = query.join(DailyPreference, DailyPreference.user_id == User.id).where(
            DailyPreference.morning_digest.is_(True)
        )
    people = session.execute(query).all()
    instant = clock.now()
    local_now = {zone: instant.astimezone(localtime.zone(zone)) for _, zone in people}
    dates = {moment.date() for moment in local_now.values()}
    done = set(
        session.execute(
            sa.select(DailyRun.user_id, DailyRun.local_date).where(
                DailyRun.kind == kind, DailyRun.local_date.in_(dates)
            )
        ).tuples()
    )
    return [
        Due(user_id, local_now[zone].date())
        for user_id, zone in people
        if (user_id, local_now[zone].date()) not in done and local_now[zone].hour >= digest_hour
    ]


def _plan_today(session: Session, user: User, settings: Settings) -> bool:
    """Re-plans the person's agenda unless it is already the plan for their today; True when
    it re-planned. The caller holds the person's row lock, so no one else re-plans meanwhile."""
    today = clock.today(user.timezone)
    if plan_is_current(user=user, today=today, timings=settings.playbook):
        return False
    replan(session=session, user=user, today=today, now=clock.now(), timings=settings.playbook)
    return True


def _locked_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id, with_for_update=True)


def replan_day(*, settings: Settings, user_id: int, local_date: dt.date) -> bool:
    """The day's re-plan for one person, done once: True when this call did it."""
    with session_scope(settings.database_url) as session:
        _act_as(session, user_id)
        if not claim_daily_run(
            session=session, user_id=user_id, kind=REPLAN, local_date=local_date, now=clock.now()
        ):
            return False
        user = _locked_user(session, user_id)
        if user is None:  # the account was deleted since the sweep
            return False
        _plan_today(session, user, settings)
        return True


def send_digest(*, settings: Settings, mail: CentreMail, user_id: int, local_date: dt.date) -> bool:
    """Sends one person the day's digest, once: True when this call sent it.

    The claim stays uncommitted while the message goes out and commits right after. A worker
    killed in between (after the server took the message, before the commit) sends it again
    on the retry, with the same Message-ID; a failure to send rolls the claim back, and the
    job is retried with backoff."""
    with session_scope(settings.database_url) as session:
        _act_as(session, user_id)
        if not claim_daily_run(
            session=session, user_id=user_id, kind=DIGEST, local_date=local_date, now=clock.now()
        ):
            return False
        user = _locked_user(session, user_id)
        account = session.scalars(sa.select(Account).where(Account.user_id == user_id)).first()
        preference = session.get(DailyPreference, user_id)
        if user is None or account is None or account.disabled_at is not None:
            return False
        if preference is None or not preference.morning_digest:
            return False  # turned off since the sweep: the day counts as done, nothing sent
        _plan_today(session, user, settings)
        today = clock.today(user.timezone)
        items = due_today(open_items(session=session, user_id=user_id, limit=20), today)
        if not items:
            return False  # nothing due: no email, and the day is done
        message = digest_message(
            to=account.email,
            items=items,
            today=today,
            mail=mail,
            user_uid=user.uid,
            now=clock.now(),
        )
        send_smtp(message, mail.account, password=mail.password)
        return True


def ledger_count(*, session: Session, kind: str, users: Iterable[int] | None = None) -> int:
    """How many days of `kind` the ledger holds (for the given people), for reports."""
    query = sa.select(sa.func.count()).select_from(DailyRun).where(DailyRun.kind == kind)
    if users is not None:
        query = query.where(DailyRun.user_id.in_(list(users)))
    return int(session.scalar(query) or 0)
