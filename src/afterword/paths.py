"""Where afterword keeps its files.

Kept free of heavy imports: the command line's fast path resolves the database
location through this module before anything else is loaded.
"""

from __future__ import annotations

import os

APP_NAME = "afterword"
CONFIG_FILE_NAME = "config.toml"
DATABASE_FILE_NAME = "afterword.sqlite3"


def make_private_dir(path: str) -> None:
    """Creates a folder only its owner can open (0700), unless it exists: afterword's folders
    hold the whole job search, the calendar's secret link and the key that signs forms."""
    os.makedirs(path, mode=0o700, exist_ok=True)


def create_private_file(path: str) -> None:
    """Creates an empty file only its owner can read (0600) in a private folder, unless it
    exists (programs that then open it, SQLite or a log, keep its mode)."""
    make_private_dir(os.path.dirname(os.path.abspath(path)))
    try:  # noqa: SIM105 - contextlib is one import more on the fast path
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def data_dir() -> str:
    """Returns the directory for the user's data (AFTERWORD_DATA_DIR or the platform default)."""
    override = os.environ.get("AFTERWORD_DATA_DIR")
    if override:
        return os.path.expanduser(override)
    import platformdirs

    return platformdirs.user_data_dir(APP_NAME, appauthor=False)


def config_dir() -> str:
    """Returns the directory for the user's configuration (AFTERWORD_CONFIG_DIR or default)."""
    override = os.environ.get("AFTERWORD_CONFIG_DIR")
    if override:
        return os.path.expanduser(override)
    import platformdirs

    return platformdirs.user_config_dir(APP_NAME, appauthor=False)


def config_file() -> str:
    """Returns the path of the optional TOML configuration file."""
    return os.path.join(config_dir(), CONFIG_FILE_NAME)


def default_database_url() -> str:
    """Returns the URL of the embedded SQLite database in the data directory."""
    return "sqlite:///" + os.path.join(data_dir(), DATABASE_FILE_NAME)
