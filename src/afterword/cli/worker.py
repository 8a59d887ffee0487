"""The background worker of server mode: daily re-plans, morning digests, mailbox syncs."""

from __future__ import annotations

from typing import Annotated

import typer

SERVER_ONLY = (
    "the worker runs only in server mode; set AFTERWORD_MODE=server and a PostgreSQL "
    "database (see docs/server.md)"
)


def register(app: typer.Typer) -> None:
    """Adds `afterword worker` to the root app."""
    app.command("worker")(worker)


def worker(
    sweep_seconds: Annotated[
        int,
        typer.Option(
            "--sweep-every",
            help="Seconds between looks for people whose local day has started.",
            min=1,
            max=3600,
        ),
    ] = 60,
    stalled_seconds: Annotated[
        int,
        typer.Option(
            "--stalled-after",
            help="Seconds without a heartbeat after which another worker's jobs are taken back.",
            min=2,
            max=3600,
        ),
    ] = 30,
    concurrency: Annotated[
        int,
        typer.Option(
            help="Jobs this worker runs at once (each in a thread; most of a re-plan is "
            "waiting for the database).",
            min=1,
            max=32,
        ),
    ] = 4,
    digest_hour: Annotated[
        int,
        typer.Option(
            help="Local hour from which the morning digest goes out (0-23).", min=0, max=23
        ),
    ] = 7,
    mail_sync_seconds: Annotated[
        int,
        typer.Option(
            "--mail-sync-every",
            help="Seconds between syncs of the mailbox of each person who turned the "
            "scheduled sync on (checked at every sweep).",
            min=1,
            max=86400,
        ),
    ] = 900,
) -> None:
    """Run the background worker until stopped (server mode). Run one or more; they share
    the work through the database.

    Example: afterword worker
    """
    import logging

    from afterword.cli.serve import check_server_database
    from afterword.errors import InvalidInputError
    from afterword.settings import get_settings
    from afterword.worker.digest import centre_mail
    from afterword.worker.queue import WorkerOptions, build_app

    settings = get_settings()
    if not settings.server_mode:
        raise InvalidInputError(SERVER_ONLY)
    check_server_database(settings.database_url)
    mail = centre_mail(settings)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # procrastinate logs every job; afterword's own lines say what matters.
    logging.getLogger("procrastinate").setLevel(logging.WARNING)
    if mail is None:
        typer.echo(
            "no AFTERWORD_SERVER_MAIL__HOST: morning digests are not sent (see docs/server.md)"
        )
    options = WorkerOptions(
        sweep_seconds=sweep_seconds,
        stalled_seconds=stalled_seconds,
        digest_hour=digest_hour,
        mail_sync_seconds=mail_sync_seconds,
    )
    app = build_app(settings, options, mail)
    typer.echo("afterword worker is running (press Ctrl+C to stop)")
    app.run_worker(
        concurrency=concurrency,
        # A beat every third of the limit: two missed beats are not yet a stopped worker.
        update_heartbeat_interval=max(1.0, stalled_seconds / 3),
        stalled_worker_timeout=stalled_seconds,
        delete_jobs="successful",
    )
