"""afterword's files are its owner's alone on a shared machine (issue 13, finding 11): the data
and config folders 0700, the database, its WAL files, the config and the logs 0600."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from afterword import paths
from afterword.cli.entry import main
from afterword.settings import file as config_file
from afterword.settings.playbook import PlaybookTimings


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _permissive_umask() -> object:
    # The usual umask of a desktop account: without care, files come out readable by everyone.
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_data_folder_database_and_its_journal_are_private(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = Path(paths.data_dir())
    assert not data.exists()
    assert main(["applications", "add", "Acme", "Data Engineer"]) == 0
    assert mode(data) == 0o700
    database = data / paths.DATABASE_FILE_NAME
    assert mode(database) == 0o600
    for journal in data.glob(paths.DATABASE_FILE_NAME + "-*"):  # -wal and -shm while open
        assert mode(journal) == 0o600, journal


def test_the_config_folder_and_file_are_private() -> None:
    written = Path(config_file.save_playbook(PlaybookTimings(thank_you_business_days=1)))
    assert mode(written) == 0o600
    assert mode(written.parent) == 0o700


def test_the_error_log_is_private(capsys: pytest.CaptureFixture[str]) -> None:
    from afterword.cli.app import _unexpected

    try:
        raise RuntimeError("a bug, with details for the log")
    except RuntimeError as error:
        _unexpected(error)
    log = Path(paths.data_dir()) / "afterword-errors.log"
    assert "a bug, with details for the log" in log.read_text(encoding="utf-8")
    assert mode(log) == 0o600
    assert mode(log.parent) == 0o700
