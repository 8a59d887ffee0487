"""Starting the web app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from afterword.settings import Settings


def register(app: typer.Typer) -> None:
    """Adds `afterword serve` to the root app."""
    app.command("serve")(serve)


def serve(
    host: Annotated[
        str | None,
        typer.Option(
            help="Address to listen on ([web] host; 127.0.0.1 keeps it to this computer)."
        ),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(help="Port to listen on ([web] port, 8765 by default).", min=1, max=65535),
    ] = None,
    workers: Annotated[
        int, typer.Option(help="Server processes; more serve more people at once.", min=1, max=64)
    ] = 1,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the app in your web browser once it is ready.")
    ] = False,
) -> None:
    """Start the web app (the main way to use afterword) and keep it running until Ctrl+C.

    Example: afterword serve --port 8765 --open
    """
    import errno
    import os
    import socket
    import threading
    import webbrowser

    import uvicorn

    from afterword.errors import AfterwordError
    from afterword.settings import get_settings
    from afterword.storage.migrate import ensure_current

    settings = get_settings()
    host = host or settings.web.host
    port = port or settings.web.port
    # Fail early and plainly when the port is taken, rather than in uvicorn's log.
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            reason = (
                "is already in use"
                if error.errno == errno.EADDRINUSE
                else f"cannot be used ({error.strerror})"
            )
            raise AfterwordError(
                f"{host}:{port} {reason}; choose another with --port, e.g. afterword serve --port {port + 1}"
            ) from None
    if settings.server_mode:
        check_server_database(settings.database_url)
    else:
        ensure_current(settings.database_url)
    # The worker processes read the same settings; the chosen address lets the Host check
    # accept it.
    os.environ["AFTERWORD_WEB__HOST"] = host
    address = f"http://{'localhost' if host in ('127.0.0.1', '::1', '0.0.0.0') else host}:{port}"
    typer.echo(f"afterword is running at {address}  (press Ctrl+C to stop)")
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(address,)).start()
    if not settings.server_mode and settings.review.weekly_digest:
        # Beside the app starting, not before it: the mail server may take its time.
        threading.Thread(target=send_due_digest, args=(settings,), daemon=True).start()
    uvicorn.run(
        "afterword.web.app:serve_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
    )


def send_due_digest(settings: Settings) -> bool:
    """Sends last week's digest if it is on and has not gone (see mail.digest); says so.

    The web app is the main way in: a user who never runs `afterword today` still gets the
    digest they asked for, the first time the app starts in a new week.
    """
    from afterword.errors import AfterwordError
    from afterword.mail.digest import send_weekly_digest
    from afterword.workspace import workspace_scope

    try:
        with workspace_scope(settings) as ws:
            sent = send_weekly_digest(ws.session, ws.user_id, ws.now, settings=settings)
    except AfterwordError as error:
        typer.echo(f"The weekly digest was not sent: {error}", err=True)
        return False
    if sent:
        typer.echo("Last week's review is in your mailbox (the weekly digest you turned on).")
    return sent


def check_server_database(url: str) -> None:
    """Server mode serves as an ordinary role: it neither migrates nor skips the policies."""
    from afterword.errors import AfterwordError
    from afterword.storage.migrate import current_revision
    from afterword.storage.row_security import role_bypasses_policies
    from afterword.storage.schema_version import HEAD
    from afterword.storage.session import get_engine

    if current_revision(url) != HEAD:
        raise AfterwordError(
            f"the database's schema is not current (the code expects {HEAD}); run "
            "'afterword db upgrade' as the database's owner first (see docs/server.md)"
        )
    role = role_bypasses_policies(get_engine(url))
    if role is not None:
        raise AfterwordError(
            f"server mode must not connect as '{role}': that role ignores row-level security "
            "(superuser or BYPASSRLS); connect as an ordinary role (see docs/server.md)"
        )
