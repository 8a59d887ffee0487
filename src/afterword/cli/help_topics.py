"""`afterword help TOPIC`: the guides (mail set-up, settings, ...) wherever afterword is installed.

The guides are the Markdown files of the repository's docs/ folder. The wheel carries them
inside the package (afterword/docs, see pyproject.toml), so an installed afterword can show
them; a source checkout reads them from docs/ itself.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

TOPICS = {
    "mail-setup": "Sending and saving drafts through your mail account (SMTP, IMAP).",
    "settings": "Every setting of config.toml and its environment variable.",
    "inbox": "Reading your mail: what afterword picks up and how.",
    "calendar": "The calendar feed and .ics files.",
    "csv-import": "Importing applications from a spreadsheet.",
    "export-format": "The export file, for backups and moving machines.",
}


def topic_text(topic: str) -> str | None:
    """The guide's text, or None when this installation has no such guide."""
    if topic not in TOPICS:
        return None
    packaged = resources.files("afterword").joinpath("docs", f"{topic}.md")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parents[3] / "docs" / f"{topic}.md"
    return checkout.read_text(encoding="utf-8") if checkout.is_file() else None


def help_topic(
    topic: Annotated[str | None, typer.Argument(help="The guide to show; none lists them.")] = None,
) -> None:
    """Show a guide: mail set-up, settings, the inbox, the calendar, imports and exports.

    Example: afterword help mail-setup
    """
    from afterword.errors import InvalidInputError

    if topic is None:
        width = max(len(name) for name in TOPICS)
        typer.echo("Guides (afterword help TOPIC):")
        for name, about in TOPICS.items():
            typer.echo(f"  {name:<{width}}  {about}")
        return
    text = topic_text(topic)
    if text is None:
        raise InvalidInputError(f"there is no guide '{topic}'; choose one of: {', '.join(TOPICS)}")
    typer.echo(text.rstrip())
