"""The job queue: procrastinate on the same PostgreSQL database, and afterword's tasks on it.

- `afterword.sweep` (periodic, every `sweep_seconds`) finds the people whose local day has
  started without its re-plan (and, for those who opted in, without its digest) and queues
  one job per person and day. The queueing lock keeps a person's job from being queued twice
  while it waits; the ledger (accounts.daily) keeps it from being *done* twice whatever
  happens. Periodic jobs are queued once per tick however many workers run.
- `afterword.replan` and `afterword.digest` do one person's day (worker.daily), retried
  with exponential backoff when they fail.
- `afterword.mail_sync` reads one opted-in person's IMAP inbox (worker.mail_sync); the
  same sweep queues it once `mail_sync_seconds` have passed since their last attempt.
  Its procrastinate `lock` runs one person's syncs one after another, never side by side.
- `afterword.account_email` sends one invitation or reset email that a web request left
  in the outbox (worker.outbox); the sweep also queues any held email without a job.
- `afterword.recover` (periodic) hands back the jobs of a worker that stopped sending its
  heartbeat (killed, or its machine lost): their transactions were rolled back by
  PostgreSQL when the connection died, so doing them again does them once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass

import procrastinate
import sqlalchemy as sa
from procrastinate.exceptions import AlreadyEnqueued

from afterword import clock
from afterword.accounts.daily import DIGEST, REPLAN
from afterword.accounts.mailer import held_keys, send_held
from afterword.settings import Settings
from afterword.storage.session import session_scope
from afterword.worker.daily import Due, due_people, replan_day, send_digest
from afterword.worker.digest import CentreMail
from afterword.worker.mail_sync import sync_due, sync_person
from afterword.worker.outbox import QUEUE as MAIL_QUEUE
from afterword.worker.outbox import TASK as EMAIL_TASK
from afterword.worker.outbox import conninfo, email_lock

log = logging.getLogger("afterword.worker")

DAILY_QUEUE = "daily"
SWEEP_QUEUE = "sweep"
# Waits of 4, 8, 16 ... seconds (procrastinate: exponential_wait ** (attempts + 1)), about
# 17 minutes in all: a mail server down for a while is waited out.
RETRY = procrastinate.RetryStrategy(max_attempts=9, exponential_wait=2)
# A mailbox sync gives up sooner (4, 8, 16 s): the next interval tries again anyway, and a
# wrong password should not knock on the person's mail server all afternoon.
SYNC_RETRY = procrastinate.RetryStrategy(max_attempts=4, exponential_wait=2)
# Jobs queued in one statement; a batch that meets a waiting job is queued one by one.
BATCH = 500


@dataclass(frozen=True)
class WorkerOptions:
    """How this worker runs (the `afterword worker` options)."""

    sweep_seconds: int = 60
    stalled_seconds: int = 30
    digest_hour: int = 7
    mail_sync_seconds: int = 900


def _lock(kind: str, due: Due) -> str:
    """The queueing lock of one person's job for one day."""
    return f"{kind}:{due.user_id}:{due.local_date}"


def _every(seconds: int) -> str:
    """A cron line for every `seconds` seconds (croniter's sixth field is the second)."""
    if seconds % 60 == 0 and seconds <= 3600:
        return f"*/{seconds // 60} * * * *" if seconds > 60 else "* * * * *"
    return f"* * * * * */{seconds}"


def build_app(
    settings: Settings, options: WorkerOptions, mail: CentreMail | None
) -> procrastinate.App:
    """The procrastinate app with afterword's tasks, bound to the settings' database."""
    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(conninfo=conninfo(settings.database_url))
    )

    @app.task(name="afterword.replan", queue=DAILY_QUEUE, retry=RETRY)
    def replan_task(user_id: int, local_date: str) -> None:
        replan_day(settings=settings, user_id=user_id, local_date=dt.date.fromisoformat(local_date))

    @app.task(name="afterword.digest", queue=DAILY_QUEUE, retry=RETRY)
    def digest_task(user_id: int, local_date: str) -> None:
        if mail is None:
            return
        send_digest(
            settings=settings,
            mail=mail,
            user_id=user_id,
            local_date=dt.date.fromisoformat(local_date),
        )

    @app.task(name=EMAIL_TASK, queue=MAIL_QUEUE, retry=RETRY)
    def account_email_task(key: str) -> None:
        with session_scope(settings.database_url) as session:
            send_held(session=session, key=key, server=settings.server_mail, now=clock.now())

    async def queue_emails(keys: list[str], pending: set[str]) -> int:
        queued = 0
        for key in keys:
            lock = email_lock(key)
            if lock in pending:
                continue
            try:
                await account_email_task.configure(queueing_lock=lock).defer_async(key=key)
                queued += 1
            except AlreadyEnqueued:
                pass
        return queued

    @app.task(name="afterword.mail_sync", queue=DAILY_QUEUE, retry=SYNC_RETRY)
    def mail_sync_task(user_id: int) -> None:
        outcome = sync_person(settings=settings, user_id=user_id)
        if outcome is not None and outcome.new:
            log.info("mail sync for user %d: %d new message(s)", user_id, outcome.new)

    async def queue_syncs(due: list[int], pending: set[str]) -> int:
        """Queues one sync per person, except those waiting or running already."""
        queued = 0
        for user_id in due:
            lock = f"mail_sync:{user_id}"
            if lock in pending:
                continue
            try:
                await mail_sync_task.configure(queueing_lock=lock, lock=lock).defer_async(
                    user_id=user_id
                )
                queued += 1
            except AlreadyEnqueued:
                pass
        return queued

    async def queue(
        task: procrastinate.tasks.Task[..., None, ...], kind: str, due: list[Due], pending: set[str]
    ) -> int:
        """Queues one job per person and day, except those waiting or running already;
        returns how many were queued."""
        due = [item for item in due if _lock(kind, item) not in pending]
        jobs = [
            task.configure(queueing_lock=_lock(kind, item)).make_new_job(
                user_id=item.user_id, local_date=item.local_date.isoformat()
            )
            for item in due
        ]
        queued = 0
        for start in range(0, len(jobs), BATCH):
            chunk = jobs[start : start + BATCH]
            try:
                await app.job_manager.batch_defer_jobs_async(jobs=chunk)
                queued += len(chunk)
            except AlreadyEnqueued:
                # Some are still waiting from an earlier sweep (the whole statement was undone):
                # the rest go one by one.
                for job in chunk:
                    try:
                        await app.job_manager.defer_job_async(job=job)
                        queued += 1
                    except AlreadyEnqueued:
                        pass
        return queued

    @app.periodic(cron=_every(options.sweep_seconds), periodic_id="sweep")
    @app.task(
        name="afterword.sweep", queue=SWEEP_QUEUE, queueing_lock="sweep", lock="sweep", retry=RETRY
    )
    async def sweep(timestamp: int) -> None:
        def find() -> tuple[list[Due], list[Due], list[int], list[str], set[str]]:
            with session_scope(settings.database_url) as session:
                # Jobs still waiting or running: a slow day need not queue them again.
                pending = set(
                    session.scalars(
                        sa.text(
                            "SELECT queueing_lock FROM procrastinate_jobs "
                            "WHERE queue_name IN (:daily, :mail) "
                            "AND status IN ('todo', 'doing') AND queueing_lock IS NOT NULL"
                        ),
                        {"daily": DAILY_QUEUE, "mail": MAIL_QUEUE},
                    )
                )
                replans = due_people(session=session, kind=REPLAN)
                digests = (
                    due_people(session=session, kind=DIGEST, digest_hour=options.digest_hour)
                    if mail is not None
                    else []
                )
                syncs = sync_due(
                    session=session, every_seconds=options.mail_sync_seconds, now=clock.now()
                )
                emails = held_keys(session=session)
                return replans, digests, syncs, emails, pending

        replans, digests, syncs, emails, pending = await asyncio.to_thread(find)
        queued = await queue(replan_task, REPLAN, replans, pending)
        queued += await queue(digest_task, DIGEST, digests, pending)
        queued += await queue_syncs(syncs, pending)
        queued += await queue_emails(emails, pending)
        log.info(
            "sweep: %d re-plan(s), %d digest(s) and %d mailbox sync(s) due, %d job(s) queued",
            len(replans),
            len(digests),
            len(syncs),
            queued,
        )

    @app.periodic(cron=_every(max(1, options.stalled_seconds // 2)), periodic_id="recover")
    @app.task(name="afterword.recover", queue=SWEEP_QUEUE, queueing_lock="recover")
    async def recover(timestamp: int) -> None:
        stalled = await app.job_manager.get_stalled_jobs(
            seconds_since_heartbeat=options.stalled_seconds
        )
        for job in stalled:
            log.warning("job %s of a stopped worker is handed back to the queue", job.id)
            await app.job_manager.retry_job(job)

    return app
