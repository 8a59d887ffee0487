"""Invitation and reset emails sent by the worker from the outbox, on a real PostgreSQL and a
real SMTP server, with real `afterword worker` processes."""

from __future__ import annotations

import email
import email.policy
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from afterword import clock
from afterword.accounts.links import request_reset
from afterword.accounts.mailer import hold_link
from afterword.accounts.models import AccountEmail
from afterword.settings import Settings
from afterword.settings.mail import ServerMail
from afterword.storage.session import get_engine, session_scope
from afterword.web.app import create_app
from afterword.worker.outbox import worker_running
from tests.mail.conftest import SmtpServer, StartSmtp, start_smtp  # noqa: F401
from tests.server.conftest import ADA, ANA, BO, Browser
from tests.server.test_worker import queue_url  # noqa: F401
from tests.server.worker_support import wait_for, worker_process

pytestmark = pytest.mark.postgres

Open = Callable[..., Browser]
BASE = "http://testserver"
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def smtp(start_smtp: StartSmtp) -> SmtpServer:  # noqa: F811
    return start_smtp()


@pytest.fixture
def server_settings(server_settings: Settings, smtp: SmtpServer) -> Settings:
    server_mail = ServerMail(
        host=smtp.host, port=smtp.port, security="none", sender="careers@example.edu"
    )
    return server_settings.model_copy(update={"server_mail": server_mail})


@pytest.fixture
def server_app(server_settings: Settings, accounts: dict[str, int]) -> FastAPI:
    """The app on the real clock, as the worker is: a link made at a pinned date would
    have expired (or not begun) by the worker's."""
    return create_app(server_settings)


def worker_env(smtp: SmtpServer) -> dict[str, str]:
    return {
        "AFTERWORD_SERVER_MAIL__HOST": smtp.host, "AFTERWORD_SERVER_MAIL__PORT": str(smtp.port),
        "AFTERWORD_SERVER_MAIL__SECURITY": "none",
        "AFTERWORD_SERVER_MAIL__SENDER": "careers@example.edu",
        "AFTERWORD_WEB__PUBLIC_URL": BASE,
    }  # fmt: skip


def mails(smtp: SmtpServer) -> list[Any]:
    return [
        email.message_from_bytes(item.content, policy=email.policy.default)
        for item in smtp.received
    ]


def outbox(url: str) -> list[AccountEmail]:
    with session_scope(url) as session:
        rows = list(session.scalars(sa.select(AccountEmail).order_by(AccountEmail.id)))
        session.expunge_all()
        return rows


def running(url: str) -> bool:
    with session_scope(url) as session:
        return worker_running(session)


def test_with_a_worker_running_the_worker_sends_the_reset_email_once_and_forgets_its_link(
    queue_url: str,  # noqa: F811
    browser: Open,
    smtp: SmtpServer,
    tmp_path: Path,
) -> None:
    log = tmp_path / "worker.log"
    with worker_process(queue_url, log, env=worker_env(smtp)):
        wait_for(lambda: running(queue_url), seconds=60, what="the worker's heartbeat", log=log)
        web = browser()
        web.load("/login/forgot")
        asked = web.post("/login/forgot", data={"csrf_token": web.token, "email": ANA})
        assert asked.status_code == 200 and "If that address belongs" in asked.text
        wait_for(
            lambda: [row.sent_at is not None for row in outbox(queue_url)] == [True],
            seconds=60, what="the worker to send the email", log=log,
        )  # fmt: skip
        time.sleep(3)  # a few sweeps more: none sends it again
    (message,) = mails(smtp)
    assert message["To"] == ANA
    (row,) = outbox(queue_url)
    # Sent, the link is gone from the database: only its hash stays.
    assert row.link is None
    path = re.search(rf"{BASE}(/login/reset/\S+)", message.get_content())
    assert path is not None
    # The link the worker mailed works.
    form = web.load(path.group(1))
    assert form.status_code == 200
    done = web.post(
        path.group(1),
        data={"csrf_token": web.token, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert done.status_code == 200 and web.sign_in(ANA, NEW_PASSWORD).status_code == 303


def test_an_invitation_from_the_web_page_goes_out_through_the_worker(
    queue_url: str,  # noqa: F811
    browser: Open,
    staff: dict[str, int],
    smtp: SmtpServer,
    tmp_path: Path,
) -> None:
    log = tmp_path / "worker.log"
    with worker_process(queue_url, log, env=worker_env(smtp)):
        wait_for(lambda: running(queue_url), seconds=60, what="the worker's heartbeat", log=log)
        admin = browser()
        admin.sign_in(ADA)
        admin.load("/accounts/invite")
        page = admin.post(
            "/accounts/invite",
            data={"csrf_token": admin.token, "email": "dee@example.org", "role": "seeker"},
        )
        assert page.status_code == 200
        assert "Invitation is on its way to dee@example.org" in page.text
        wait_for(lambda: len(smtp.received) == 1, seconds=60, what="the invitation", log=log)
    (message,) = mails(smtp)
    assert message["To"] == "dee@example.org"
    assert f"{BASE}/login/invite/" in message.get_content()


def test_the_sweep_sends_held_emails_whose_job_was_lost_but_never_a_replaced_link(
    queue_url: str,  # noqa: F811
    accounts: dict[str, int],
    smtp: SmtpServer,
    tmp_path: Path,
) -> None:
    # Held in the outbox with no job queued, as when a request dies right after its commit.
    # Bo asks twice: the first link stops working when the second is made.
    held = []
    for address in (ANA, BO, BO):
        with session_scope(queue_url) as session:
            issued = request_reset(session=session, email=address, address="203.0.113.9",
                                   now=clock.now())  # fmt: skip
            assert issued is not None
            link = f"{BASE}/login/reset/{issued.token}"
            hold_link(session=session, key=issued.key, link=link, expires_at=issued.expires_at)
            held.append(link)
    log = tmp_path / "worker.log"
    with worker_process(queue_url, log, env=worker_env(smtp)):
        wait_for(
            lambda: all(row.link is None for row in outbox(queue_url)),
            seconds=60, what="the sweep to empty the outbox", log=log,
        )  # fmt: skip
        time.sleep(3)
    sent = {message["To"]: message.get_content() for message in mails(smtp)}
    assert len(smtp.received) == 2 and set(sent) == {ANA, BO}
    assert held[0] in sent[ANA]
    # Bo gets only the link that works; the replaced one is dropped, unsent.
    assert held[2] in sent[BO] and held[1] not in sent[BO]
    assert [row.sent_at is not None for row in outbox(queue_url)] == [True, False, True]


def test_while_a_worker_runs_the_request_queues_the_email_instead_of_sending_it(
    queue_url: str,  # noqa: F811
    _migrated_postgres: str,
    browser: Open,
    smtp: SmtpServer,
) -> None:
    # A worker's heartbeat, without the worker: the job must wait in the queue, untouched.
    with get_engine(_migrated_postgres).begin() as connection:
        connection.execute(sa.text("INSERT INTO procrastinate_workers DEFAULT VALUES"))
    web = browser()
    web.load("/login/forgot")
    web.post("/login/forgot", data={"csrf_token": web.token, "email": ANA})
    web.load("/login/forgot")
    web.post("/login/forgot", data={"csrf_token": web.token, "email": "nobody@example.org"})
    assert smtp.received == []  # the page did not talk to the SMTP server
    (row,) = outbox(queue_url)
    assert row.sent_at is None and row.link is not None and "/login/reset/" in row.link
    with get_engine(_migrated_postgres).connect() as connection:
        jobs = connection.execute(
            sa.text("SELECT task_name, status::text, args FROM procrastinate_jobs")
        ).all()
    # One job for Ana's email; nothing for an address with no account.
    assert [(name, status, args) for name, status, args in jobs] == [
        ("afterword.account_email", "todo", {"key": row.key})
    ]
