"""Database: where your data lives, and upgrading its schema."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True)


@app.command("upgrade")
def upgrade() -> None:
    """Bring the database's schema up to date (the local database also does this by itself).

    Example: afterword db upgrade
    """
    from afterword.cli.output import say
    from afterword.settings import get_settings
    from afterword.storage.migrate import current_revision
    from afterword.storage.migrate import upgrade as run_upgrade
    from afterword.storage.schema_version import HEAD

    url = get_settings().database_url
    before = current_revision(url)
    if before == HEAD:
        say(f"The schema is up to date ({HEAD}).")
        return
    run_upgrade(url)
    say(f"Upgraded the schema from {before or 'empty'} to {HEAD}.")


@app.command("status")
def status() -> None:
    """Show which database is used and whether its schema is current.

    Example: afterword db status
    """
    import sqlalchemy as sa

    from afterword.cli.output import say
    from afterword.settings import get_settings
    from afterword.storage.migrate import current_revision
    from afterword.storage.schema_version import HEAD

    url = get_settings().database_url
    revision = current_revision(url)
    say(f"database: {sa.make_url(url).render_as_string(hide_password=True)}")
    state = (
        "current"
        if revision == HEAD
        else f"behind (code expects {HEAD}; run 'afterword db upgrade')"
    )
    say(f"schema:   {revision or 'not created yet'} -- {state}")
