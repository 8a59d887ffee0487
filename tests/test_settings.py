"""Program settings: defaults, environment, the TOML file, and what the machine tells us."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from afterword import settings as settings_module
from afterword.errors import InvalidInputError
from afterword.settings import (
    SERVER_NEEDS_POSTGRESQL,
    Settings,
    detect_country,
    detect_timezone,
    get_settings,
    is_timezone,
    load_settings,
)

LOCALE_VARIABLES = ("LC_ALL", "LC_TIME", "LANG")


@pytest.fixture
def config_file() -> Path:
    """The config.toml path inside the test's AFTERWORD_CONFIG_DIR (not created yet)."""
    directory = Path(os.environ["AFTERWORD_CONFIG_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    return directory / "config.toml"


@pytest.fixture
def machine_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """Removes the test suite's zone and country, and fixes what the machine reports."""
    monkeypatch.delenv("AFTERWORD_DEFAULT_TIMEZONE")
    monkeypatch.delenv("AFTERWORD_DEFAULT_COUNTRY")
    monkeypatch.setenv("TZ", "America/Chicago")
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")


def _fake_localtime(monkeypatch: pytest.MonkeyPatch, realpath: Callable[[str], str]) -> None:
    """Makes the settings module (only) see /etc/localtime resolve through `realpath`."""
    fake_os = SimpleNamespace(environ=os.environ, path=SimpleNamespace(realpath=realpath))
    monkeypatch.setattr(settings_module, "os", fake_os)


def _without_localtime(monkeypatch: pytest.MonkeyPatch, target: str = "/etc/localtime") -> None:
    _fake_localtime(monkeypatch, lambda path: target)


# Defaults and sources


def test_settings_defaults_come_from_the_data_dir_and_the_machine(machine_defaults: None) -> None:
    settings = load_settings()
    data_dir = os.environ["AFTERWORD_DATA_DIR"]
    assert settings.database_url == f"sqlite:///{data_dir}/afterword.sqlite3"
    assert settings.user == "me"
    assert settings.default_timezone == "America/Chicago"
    assert settings.default_country == "DE"


def test_settings_read_afterword_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERWORD_USER", "ana")
    monkeypatch.setenv("AFTERWORD_DATABASE_URL", "postgresql+psycopg://ana@db/afterword")
    monkeypatch.setenv("AFTERWORD_DEFAULT_TIMEZONE", "Asia/Tokyo")
    monkeypatch.setenv("AFTERWORD_DEFAULT_COUNTRY", "jp")
    settings = load_settings()
    assert settings.user == "ana"
    assert settings.database_url == "postgresql+psycopg://ana@db/afterword"
    assert settings.default_timezone == "Asia/Tokyo"
    assert settings.default_country == "JP"


def test_settings_read_the_toml_file_in_the_config_dir(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AFTERWORD_DEFAULT_TIMEZONE")
    config_file.write_text('user = "bo"\ndefault_timezone = "Australia/Sydney"\n')
    settings = load_settings()
    assert settings.user == "bo"
    assert settings.default_timezone == "Australia/Sydney"
    assert settings.default_country == "GB"


def test_environment_wins_over_the_toml_file(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file.write_text('user = "bo"\n')
    monkeypatch.setenv("AFTERWORD_USER", "ana")
    assert load_settings().user == "ana"


def test_explicit_overrides_win_over_environment_and_file(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file.write_text('user = "bo"\n')
    monkeypatch.setenv("AFTERWORD_USER", "ana")
    assert load_settings(user="cy").user == "cy"


def test_get_settings_is_built_once_until_the_cache_is_cleared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AFTERWORD_USER", "ana")
    first = get_settings()
    monkeypatch.setenv("AFTERWORD_USER", "bo")
    assert get_settings() is first
    assert get_settings().user == "ana"
    get_settings.cache_clear()
    assert get_settings().user == "bo"


# Errors


def test_unknown_key_in_the_toml_file_is_named(config_file: Path) -> None:
    config_file.write_text('colour = "blue"\n')
    with pytest.raises(InvalidInputError) as raised:
        load_settings()
    assert str(raised.value) == (
        f"{config_file}: unknown setting 'colour'; the settings are: "
        "database_url, mode, user, default_timezone, default_country, playbook, mail, web, inbox, "
        "review, server_mail, secret_key, secret_key_previous"
    )


def test_invalid_time_zone_in_the_toml_file_is_named(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AFTERWORD_DEFAULT_TIMEZONE")
    config_file.write_text('default_timezone = "Mars/Olympus"\n')
    with pytest.raises(InvalidInputError) as raised:
        load_settings()
    assert str(raised.value) == (
        f"setting 'default_timezone' (from AFTERWORD_DEFAULT_TIMEZONE or {config_file}): "
        "'Mars/Olympus' is not an IANA time zone such as Europe/London"
    )


@pytest.mark.parametrize("country", ["GBR", "G1", ""])
def test_invalid_country_in_the_environment_is_named(
    monkeypatch: pytest.MonkeyPatch, country: str
) -> None:
    monkeypatch.setenv("AFTERWORD_DEFAULT_COUNTRY", country)
    with pytest.raises(InvalidInputError) as raised:
        load_settings()
    assert str(raised.value).startswith("setting 'default_country' (from AFTERWORD_DEFAULT_COUNTRY")
    assert str(raised.value).endswith(
        f"'{country}' is not a two-letter country code such as GB or US"
    )


def test_value_of_the_wrong_type_in_the_toml_file_is_named(config_file: Path) -> None:
    config_file.write_text("user = 5\n")
    with pytest.raises(InvalidInputError) as raised:
        load_settings()
    assert str(raised.value) == (
        f"setting 'user' (from AFTERWORD_USER or {config_file}): Input should be a valid string"
    )


def test_malformed_toml_is_reported_with_the_file_and_position(config_file: Path) -> None:
    config_file.write_text('user = "bo"\ndefault_country = \n')
    with pytest.raises(InvalidInputError) as raised:
        load_settings()
    assert str(raised.value) == (
        f"{config_file} is not valid TOML: Invalid value (at line 2, column 19)"
    )


def test_missing_toml_file_is_fine(config_file: Path) -> None:
    assert not config_file.exists()
    assert load_settings().user == "me"


def test_every_setting_has_a_description() -> None:
    assert set(Settings.model_fields) == {
        "database_url",
        "mode",
        "user",
        "default_timezone",
        "default_country",
        "playbook",
        "mail",
        "web",
        "inbox",
        "review",
        "server_mail",
        "secret_key",
        "secret_key_previous",
    }
    assert all(field.description for field in Settings.model_fields.values())


# What the machine tells us


@pytest.mark.parametrize(
    ("variables", "country"),
    [
        ({"LANG": "en_GB.UTF-8"}, "GB"),
        ({"LANG": "fr_CA"}, "CA"),
        ({"LANG": "pt_br.utf8"}, "BR"),
        ({"LANG": "en_GB.UTF-8", "LC_TIME": "en_IE.UTF-8"}, "IE"),
        ({"LANG": "en_GB.UTF-8", "LC_ALL": "nl_NL.UTF-8"}, "NL"),
        ({"LANG": "de_DE@euro"}, "DE"),
        ({"LANG": "sr_RS.UTF-8@latin"}, "RS"),
        ({"LANG": "C.UTF-8"}, "US"),
        ({"LANG": "POSIX"}, "US"),
        ({"LC_ALL": "C", "LANG": "en_AU.UTF-8"}, "AU"),
        ({}, "US"),
    ],
)
def test_country_is_detected_from_the_locale(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], country: str
) -> None:
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert detect_country() == country


def test_timezone_is_detected_from_the_tz_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    _without_localtime(monkeypatch)
    monkeypatch.setenv("TZ", ":Europe/Paris")
    assert detect_timezone() == "Europe/Paris"


def test_timezone_is_detected_from_the_localtime_link(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TZ", raising=False)
    _without_localtime(monkeypatch, "/usr/share/zoneinfo/America/Sao_Paulo")
    assert detect_timezone() == "America/Sao_Paulo"


def test_timezone_tz_variable_wins_over_the_localtime_link(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    _without_localtime(monkeypatch, "/usr/share/zoneinfo/America/Sao_Paulo")
    assert detect_timezone() == "Asia/Kolkata"


def test_timezone_falls_back_to_utc_when_nothing_is_known(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Not/A_Zone")
    _without_localtime(monkeypatch)
    assert detect_timezone() == "UTC"


def test_timezone_falls_back_to_utc_when_localtime_cannot_be_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TZ", raising=False)

    def unreadable(path: str) -> str:
        raise OSError("no such file")

    _fake_localtime(monkeypatch, unreadable)
    assert detect_timezone() == "UTC"


@pytest.mark.parametrize(
    ("name", "known"),
    [
        ("Europe/London", True),
        ("UTC", True),
        ("Mars/Olympus", False),
        ("", False),
        ("../etc/passwd", False),
    ],
)
def test_is_timezone_tells_known_iana_names(name: str, known: bool) -> None:
    assert is_timezone(name) is known


def test_playbook_timings_come_from_the_toml_section(config_file: Path) -> None:
    config_file.write_text("[playbook]\nfollow_up_after_promised_business_days = 2\n")
    assert load_settings().playbook.follow_up_after_promised_business_days == 2


def test_an_unknown_playbook_timing_lists_the_known_ones(config_file: Path) -> None:
    config_file.write_text("[playbook]\nthank_you_busines_days = 1\n")
    with pytest.raises(InvalidInputError) as raised:
        load_settings()
    message = str(raised.value)
    assert "unknown setting 'playbook.thank_you_busines_days'" in message
    assert "thank_you_business_days" in message


def test_an_out_of_range_playbook_timing_names_the_key_and_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AFTERWORD_PLAYBOOK__FEEDBACK_REQUEST_BUSINESS_DAYS", "99")
    with pytest.raises(InvalidInputError) as raised:
        load_settings()
    assert "setting 'playbook.feedback_request_business_days'" in str(raised.value)
    assert "AFTERWORD_PLAYBOOK__FEEDBACK_REQUEST_BUSINESS_DAYS" in str(raised.value)


# Server mode


def test_server_mode_on_sqlite_is_refused_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERWORD_MODE", "server")
    with pytest.raises(InvalidInputError) as raised:
        load_settings()
    assert str(raised.value) == SERVER_NEEDS_POSTGRESQL
    assert "\n" not in str(raised.value)


def test_server_mode_from_the_toml_file_with_postgresql_is_accepted(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file.write_text('mode = "server"\n')
    monkeypatch.setenv("AFTERWORD_DATABASE_URL", "postgresql+psycopg://centre@db/afterword")
    settings = load_settings()
    assert settings.server_mode
    assert settings.database_url == "postgresql+psycopg://centre@db/afterword"


def test_local_mode_is_the_default() -> None:
    assert not load_settings().server_mode


def test_an_unknown_mode_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERWORD_MODE", "cluster")
    with pytest.raises(InvalidInputError) as raised:
        load_settings()
    assert str(raised.value).startswith("setting 'mode' (from AFTERWORD_MODE")
