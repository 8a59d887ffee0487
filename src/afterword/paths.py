"""Where afterword keeps its files.

Kept free of heavy imports: the command line's fast path resolves the database
location through this module before anything else is loaded.
"""

from __future__ import annotations

import os

APP_NAME = "afterword"
CONFIG_FILE_NAME = "config.toml"
DATABASE_FILE_NAME = "afterword.sqlite3"


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
