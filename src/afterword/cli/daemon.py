"""The warm process: an afterword kept ready on this machine so that commands start quickly.

It starts by itself on the first command that needs it, answers only you, over a socket in
a private folder, and stops after ten minutes without use. Nothing leaves the machine.
Turn it off with AFTERWORD_DAEMON=off.
"""

from __future__ import annotations

import datetime as dt

import typer

from afterword.cli import warm_client

app = typer.Typer(no_args_is_help=True)


def _sockets() -> list[str]:
    try:
        return warm_client.installation_sockets()
    except OSError:
        return []


@app.command("status")
def status() -> None:
    """Says whether a warm process of this installation is running, and since when.

    Example: afterword daemon status
    """
    if not warm_client.enabled([]):
        typer.echo("the warm process is off here (AFTERWORD_DAEMON=off, or server mode)")
    running = 0
    for path in _sockets():
        answer = warm_client.request(path, "status")
        if answer is None:
            continue
        running += 1
        started = dt.datetime.fromtimestamp(float(answer["started"]), dt.UTC).strftime(
            "%Y-%m-%d %H:%M UTC"
        )
        served = answer["served"]
        code = "current code" if answer.get("current") else "outdated code, stops by itself"
        typer.echo(
            f"warm process {answer['pid']}: running since {started}, "
            f"{served} command{'' if served == 1 else 's'} served, {code}; socket {path}"
        )
    if not running:
        typer.echo("no warm process is running; the next command starts one")


@app.command("stop")
def stop() -> None:
    """Stops the warm processes of this installation (the next command starts a fresh one).

    Example: afterword daemon stop
    """
    stopped = 0
    for path in _sockets():
        if warm_client.request(path, "stop") is not None:
            stopped += 1
    if stopped:
        typer.echo(f"stopped {stopped} warm process{'es' if stopped > 1 else ''}")
    else:
        typer.echo("no warm process was running")
