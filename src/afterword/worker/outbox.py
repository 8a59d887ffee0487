"""Account emails (invitations, resets) sent by the worker instead of the web request.

The web request keeps the link on the email's outbox row, in the transaction that issues
the link (accounts.mailer.hold_link), then asks the queue for a job that sends it
(`afterword.account_email`). The worker's sweep also sends any held email that has no job
(the request died between its commit and the job, or the queue was down): a held email is
sent even if the job is lost, and sent once (accounts.mailer.send_held locks its row).

When no worker is running, the web request sends at once as before: an email waiting for
a worker nobody started would never go.
"""

from __future__ import annotations

import contextlib
import functools

import procrastinate
import sqlalchemy as sa
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy.orm import Session

from afterword.settings import Settings

TASK = "afterword.account_email"
QUEUE = "mail"
# A worker that has sent no heartbeat for this long is not counted as running.
ALIVE_SECONDS = 60


def conninfo(database_url: str) -> str:
    """The libpq address of a SQLAlchemy URL (postgresql+psycopg://... -> postgresql://...)."""
    return (
        sa.make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
    )


def email_lock(key: str) -> str:
    """The queueing lock of one email's job (the key is the link's token hash)."""
    return f"account_email:{key[:32]}"


def worker_running(session: Session) -> bool:
    """Whether some worker has sent its heartbeat lately (procrastinate's own table)."""
    return bool(
        session.scalar(
            sa.text(
                "SELECT EXISTS (SELECT 1 FROM procrastinate_workers "
                "WHERE last_heartbeat > now() - make_interval(secs => :seconds))"
            ),
            {"seconds": ALIVE_SECONDS},
        )
    )


@functools.cache
def _deferrer(conninfo: str) -> procrastinate.App:
    # One small pool per web process, opened on first use and kept: a request only defers.
    app = procrastinate.App(
        connector=procrastinate.SyncPsycopgConnector(conninfo=conninfo, min_size=0, max_size=2)
    )
    app.open()
    return app


def defer_account_email(settings: Settings, key: str) -> None:
    """Queues the job that sends the held email `key` (once: a second request for the same
    email while the first waits is a no-op)."""
    app = _deferrer(conninfo(settings.database_url))
    with contextlib.suppress(AlreadyEnqueued):
        app.configure_task(TASK, queue=QUEUE, queueing_lock=email_lock(key)).defer(key=key)
