"""Whatever goes wrong, a person sees one plain line, never a traceback, and nothing changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.conftest import Cli, assert_one_line_error


def test_unknown_command_suggests_the_closest(cli: Cli) -> None:
    result = cli("applications", "lst")
    assert result.code == 2
    assert_one_line_error(result, "No such command 'lst'", "Did you mean 'list'?")


def test_bad_as_of_date_is_a_usage_error(cli: Cli) -> None:
    assert_one_line_error(
        cli("--as-of", "next week", "applications", "list"), "--as-of", "YYYY-MM-DD"
    )


def test_unreachable_database_is_explained_without_password(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from afterword.cli.entry import main

    # Port 9 on loopback: nothing listens there, so the connection is refused at once.
    monkeypatch.setenv(
        "AFTERWORD_DATABASE_URL", "postgresql+psycopg://me:s3cret@127.0.0.1:9/afterword"
    )
    code = main(["applications", "add", "Northwind", "Engineer"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(
        "error: cannot use the database at postgresql+psycopg://me:***@127.0.0.1:9/afterword"
    )
    assert "s3cret" not in err
    assert "Traceback" not in err


def test_invalid_config_file_names_the_key(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AFTERWORD_DEFAULT_TIMEZONE")
    config = Path(os.environ["AFTERWORD_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text('default_timezone = "Atlantis/Lost"\n', encoding="utf-8")
    from afterword.settings import get_settings

    get_settings.cache_clear()
    assert_one_line_error(
        cli("applications", "add", "A", "B"), "default_timezone", "IANA time zone"
    )


def test_a_bug_is_logged_not_shown(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import afterword.pipeline.applications as applications

    def broken(**_: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(applications, "add_application", broken)
    result = cli("applications", "add", "Northwind", "Engineer")
    assert result.code == 70
    assert_one_line_error(result, "something went wrong inside afterword", "afterword-errors.log")
    log = Path(os.environ["AFTERWORD_DATA_DIR"]) / "afterword-errors.log"
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")


def test_a_failure_midway_rolls_back_everything_the_command_did(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """record_outcome moves the status first; if the rest fails, the status change is undone too."""
    cli("applications", "add", "Northwind", "Engineer")
    import afterword.pipeline.outcomes as outcomes

    original = outcomes.Outcome

    def exploding(**kwargs: object) -> object:
        raise RuntimeError("disk full")

    monkeypatch.setattr(outcomes, "Outcome", exploding)
    assert cli("outcomes", "add", "1", "rejection").code == 70
    monkeypatch.setattr(outcomes, "Outcome", original)
    history = cli("applications", "history", "1", "--json").json()
    assert [entry["to"] for entry in history] == ["applied"]
    assert cli("applications", "list", "--json").json()[0]["status"] == "applied"


def test_version_and_help_work_without_a_database(cli: Cli) -> None:
    assert cli("--version").out.startswith("afterword ")
    help_text = cli("--help").out
    for group in ("applications", "interviews", "outcomes", "offers", "export", "import-csv"):
        assert group in help_text
