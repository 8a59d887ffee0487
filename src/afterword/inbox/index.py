"""What afterword knows about the user's job search when it reads their mail.

The matching index (applications, contacts, the Message-IDs of mail the user sent), the
user's own addresses, and the facts about an application that triage decides on. Read
once per import or sync: matching thousands of messages must not query per message.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from afterword.inbox.matching import KnownApplication, MatchIndex, company_domains
from afterword.inbox.triage import ApplicationState
from afterword.mail.models import SentMessage
from afterword.pipeline.models import Application
from afterword.settings.mail import MailAccount


def _known(application: Application) -> KnownApplication:
    addresses = frozenset(c.email.lower() for c in application.contacts if c.email)
    return KnownApplication(
        id=application.id,
        company=application.company,
        role=application.role,
        status=application.status,
        applied_on=application.applied_on,
        contact_addresses=addresses,
        domains=company_domains(application.link, addresses),
    )


def own_addresses(session: Session, user_id: int, extra: Iterable[str | None] = ()) -> set[str]:
    """The user's own addresses: mail from them is something they sent, not news."""
    from afterword.profile.models import User

    user = session.get(User, user_id)
    found = {user.email} if user is not None and user.email else set()
    return {a.lower() for a in (*found, *extra) if a and "@" in a}


def account_addresses(account: MailAccount | None) -> list[str]:
    """The user's own addresses from their [mail] settings (added to own_addresses)."""
    if account is None:
        return []
    return [a for a in (account.address, account.imap_username, account.smtp_username) if a]


def build_index(session: Session, user_id: int, own: Iterable[str] = ()) -> MatchIndex:
    """Indexes the user's applications, contacts and sent emails for matching."""
    applications = session.scalars(
        sa.select(Application)
        .where(Application.user_id == user_id)
        .options(selectinload(Application.contacts))
    ).all()
    sent = session.execute(
        sa.select(SentMessage.message_id, SentMessage.application_id).where(
            SentMessage.user_id == user_id,
            SentMessage.message_id.is_not(None),
            SentMessage.application_id.is_not(None),
        )
    ).all()
    return MatchIndex.build(
        (_known(a) for a in applications),
        sent_message_ids={m: a for m, a in sent if m is not None and a is not None},
        own_addresses=own,
    )


def application_names(session: Session, user_id: int) -> dict[int, str]:
    """Every application's id and 'Company — Role', for showing what a message is about."""
    rows = session.execute(
        sa.select(Application.id, Application.company, Application.role)
        .where(Application.user_id == user_id)
        .order_by(Application.updated_at.desc())
    ).all()
    return {id_: f"{company} — {role}" for id_, company, role in rows}


def application_state(application: Application) -> ApplicationState:
    """The facts about an application that triage decides on."""
    from afterword.offers.service import pending_offer

    offer = pending_offer(application)
    return ApplicationState(
        id=application.id,
        status=application.status,
        has_open_offer=offer is not None,
        offer_deadline=(offer.extended_deadline or offer.deadline) if offer else None,
        has_interview=bool(application.interviews),
        last_change_at=max((change.at for change in application.history), default=None),
    )
