"""One settings object for the whole program: plain data that the domains read.

The sections (playbook timings, the mail account, the config file writer) live in this
package too, so settings never import a domain; the domains import their section from here.

Values come, in order of precedence, from the environment (`AFTERWORD_*`),
the TOML file in the user's config directory, and the defaults below. An
invalid value is reported with the name of the key and where it came from.
"""

from __future__ import annotations

import functools
import os
import tomllib
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from afterword import paths
from afterword.errors import InvalidInputError
from afterword.settings.mail import MailAccount, ServerMail
from afterword.settings.playbook import PlaybookTimings
from afterword.settings.review import ReviewSettings
from afterword.validation import Timezone, is_timezone


def detect_timezone() -> str:
    """Returns the machine's IANA time zone name, or UTC when it cannot be told."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if name and is_timezone(name):
            return name
    return "UTC"


def detect_country() -> str:
    """Returns the country of the machine's locale (en_GB.UTF-8 -> GB), or US by default."""
    for variable in ("LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(variable, "")
        # language[_territory][.codeset][@modifier], e.g. de_DE@euro
        territory = value.split("@", 1)[0].split(".", 1)[0].partition("_")[2]
        if len(territory) == 2 and territory.isalpha():
            return territory.upper()
    return "US"


class WebSettings(BaseModel):
    """The web app: the [web] section of config.toml."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = Field(default="127.0.0.1", description="Address the web app listens on.")
    port: int = Field(default=8765, ge=1, le=65535, description="Port the web app listens on.")
    allowed_hosts: list[str] = Field(
        default_factory=list,
        description="Extra host names the app answers to besides localhost and its own address "
        "(the Host-header check keeps other websites out).",
    )
    secret: str | None = Field(
        default=None,
        description="Key that signs form tokens and the calendar link; a random one is kept "
        "in the data directory when not set.",
    )
    public_url: str | None = Field(
        default=None,
        description="The address people reach the server at, e.g. https://jobs.example.edu; "
        "links in invitation and reset emails start with it (server mode).",
    )
    page_cache_mb: int = Field(
        default=64,
        ge=0,
        le=4096,
        description="Memory (MB) each web process may use to keep built Today and Pipeline "
        "pages for reuse while their data is unchanged; 0 turns the reuse off.",
    )


class InboxSettings(BaseModel):
    """Reading mail: the [inbox] section of config.toml."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    message_budget_seconds: float = Field(
        default=5.0,
        ge=0.1,
        le=600,
        description="Seconds that reading one email, and then triaging it, may each take; a "
        "message that takes longer is recorded as too slow to read and the import goes on.",
    )


class Settings(BaseSettings):
    """Program-wide settings; a user's own profile (name, time zone, ...) lives in the database."""

    model_config = SettingsConfigDict(
        env_prefix="AFTERWORD_", env_nested_delimiter="__", extra="forbid"
    )

    database_url: str = Field(
        default_factory=paths.default_database_url,
        description="SQLAlchemy URL of the database; an SQLite file in the data directory "
        "by default, or postgresql+psycopg://user@host/dbname.",
    )
    mode: Literal["local", "server"] = Field(
        default="local",
        description="'local' for one person on their own computer (SQLite, no sign-in); "
        "'server' for many people signing in to one PostgreSQL database (docs/server.md).",
    )
    user: str = Field(
        default="me",
        description="Handle of the account the command line acts for in single-user mode.",
    )
    default_timezone: Timezone = Field(
        default_factory=detect_timezone,
        description="IANA time zone given to a new profile (the machine's zone by default).",
    )
    default_country: str = Field(
        default_factory=detect_country,
        description="ISO 3166 country code given to a new profile (from the locale by default); "
        "its public holidays are skipped when counting business days.",
    )

    playbook: PlaybookTimings = Field(
        default_factory=PlaybookTimings,
        description="When each step of the playbook falls due: the [playbook] section.",
    )

    mail: MailAccount | None = Field(
        default=None,
        description="Your mail account for sending and saving drafts: the [mail] section "
        "(see 'afterword help mail-setup'). Passwords never go here.",
    )

    web: WebSettings = Field(
        default_factory=WebSettings,
        description="The web app's address and safety settings: the [web] section.",
    )

    inbox: InboxSettings = Field(
        default_factory=InboxSettings,
        description="Reading mail: the [inbox] section.",
    )

    review: ReviewSettings = Field(
        default_factory=ReviewSettings,
        description="The weekly review, and whether it also comes by email: the [review] section.",
    )
    server_mail: ServerMail | None = Field(
        default=None,
        description="Server mode: the centre's SMTP account for invitations and password "
        "resets (AFTERWORD_SERVER_MAIL__HOST and so on).",
    )
    secret_key: str | None = Field(
        default=None,
        description="Server mode: the Fernet key(s) that seal people's mail passwords in the "
        "database, comma-separated, newest first (AFTERWORD_SECRET_KEY).",
    )
    secret_key_previous: str | None = Field(
        default=None,
        description="Server mode: keys that no longer seal but still open what they sealed "
        "before a rotation, comma-separated (AFTERWORD_SECRET_KEY_PREVIOUS).",
    )

    # Only the shape is checked here: which countries have known holidays is asked of the
    # holidays package, too heavy an import for every start. A profile made from this default
    # goes through validation.Country, which asks.
    @field_validator("default_country")
    @classmethod
    def _country_code(cls, value: str) -> str:
        if len(value) != 2 or not value.isalpha():
            raise ValueError(f"'{value}' is not a two-letter country code such as GB or US")
        return value.upper()

    @model_validator(mode="after")
    def _server_needs_postgresql(self) -> Settings:
        if self.mode == "server" and not self.database_url.startswith("postgresql"):
            raise ValueError(SERVER_NEEDS_POSTGRESQL)
        return self

    @property
    def server_mode(self) -> bool:
        """Whether many people sign in to this database (see docs/server.md)."""
        return self.mode == "server"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Adds the TOML file below the environment."""
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, paths.config_file()),
        )


SERVER_NEEDS_POSTGRESQL = (
    "server mode needs a PostgreSQL database: set AFTERWORD_DATABASE_URL (or database_url "
    "in config.toml) to postgresql+psycopg://user@host/dbname"
)


def load_settings(**overrides: Any) -> Settings:
    """Builds the settings, turning a bad value into one readable error."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        first = error.errors()[0]
        if not first["loc"]:
            # A check across several settings (server mode and the database) names them itself.
            raise InvalidInputError(first["msg"].removeprefix("Value error, ")) from None
        key = ".".join(str(part) for part in first["loc"]) or "settings"
        if first["type"] == "extra_forbidden":
            sections: dict[str, type[BaseModel]] = {
                "playbook": PlaybookTimings,
                "mail": MailAccount,
                "web": WebSettings,
                "inbox": InboxSettings,
                "review": ReviewSettings,
                "server_mail": ServerMail,
            }
            nested = len(first["loc"]) > 1
            section = sections.get(str(first["loc"][0]), Settings) if nested else Settings
            known = ", ".join(section.model_fields)
            raise InvalidInputError(
                f"{paths.config_file()}: unknown setting '{key}'; the settings are: {known}"
            ) from None
        message = first["msg"].removeprefix("Value error, ")
        variable = "AFTERWORD_" + key.upper().replace(".", "__")
        raise InvalidInputError(
            f"setting '{key}' (from {variable} or {paths.config_file()}): {message}"
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise InvalidInputError(f"{paths.config_file()} is not valid TOML: {error}") from None


@functools.cache
def get_settings() -> Settings:
    """Returns the settings, built once per process."""
    return load_settings()
