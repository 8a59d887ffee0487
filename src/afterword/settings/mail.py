"""The user's mail account settings (light: the settings load it on every start)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

# The longest folder name accepted: IMAP allows more, but no real mailbox path is this long.
MAX_FOLDER_LENGTH = 200


class MailAccount(BaseModel):
    """The user's mail account: the [mail] section of config.toml (the password lives elsewhere)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    address: str = Field(description="The From address of the messages afterword sends.")
    smtp_host: str | None = Field(default=None, description="Outgoing (SMTP) server.")
    smtp_port: int = Field(default=587, ge=1, le=65535, description="SMTP port.")
    smtp_security: Literal["starttls", "tls", "none"] = Field(
        default="starttls", description="starttls (port 587), tls (port 465) or none."
    )
    smtp_username: str | None = Field(
        default=None, description="SMTP user name; the address when not set."
    )
    imap_host: str | None = Field(default=None, description="Incoming (IMAP) server.")
    imap_port: int = Field(default=993, ge=1, le=65535, description="IMAP port.")
    imap_security: Literal["tls", "starttls", "none"] = Field(
        default="tls", description="tls (port 993), starttls (port 143) or none."
    )
    imap_username: str | None = Field(
        default=None, description="IMAP user name; the address when not set."
    )
    drafts_folder: str | None = Field(
        default=None,
        description="IMAP folder for drafts; found from the server's \\Drafts marker when not set.",
    )
    sync_folder: str | None = Field(
        default=None,
        description="IMAP folder that syncing reads (the Sync button, 'inbox sync' without "
        "--folder, and the server's scheduled sync); INBOX when not set.",
    )
    timeout_seconds: float = Field(
        default=20, gt=0, description="How long to wait for a mail server before giving up."
    )
    # Server mode only: the person's password, unsealed from the database for this request.
    # Private, so config.toml can never hold it and nothing saves or shows it.
    _password: str | None = PrivateAttr(default=None)

    @field_validator("sync_folder")
    @classmethod
    def _folder_name(cls, value: str | None) -> str | None:
        """A name a LIST could return: wildcards, control characters and edge spaces are
        typing slips, not folders (IMAP quotes every other character for us)."""
        if value is None:
            return None
        name = value.strip()
        if not name:
            return None
        if len(name) > MAX_FOLDER_LENGTH:
            raise ValueError(f"a folder name is at most {MAX_FOLDER_LENGTH} characters")
        if any(ord(char) < 32 or ord(char) == 127 for char in name):
            raise ValueError("a folder name cannot hold control characters")
        if "*" in name or "%" in name:
            raise ValueError("a folder name cannot hold * or % (they are IMAP wildcards)")
        return name

    def with_password(self, password: str) -> MailAccount:
        """A copy that carries its password ("" when none is stored): server mode."""
        copy = self.model_copy()
        copy._password = password
        return copy

    @property
    def stored_password(self) -> str | None:
        """The password carried (server mode), or None: then it is looked up on this machine."""
        return self._password


class ServerMail(BaseModel):
    """The career centre's own SMTP account, for invitations and password resets (server mode).

    From the environment: AFTERWORD_SERVER_MAIL__HOST, __PORT, __SECURITY, __USERNAME,
    __PASSWORD and __SENDER (docs/server.md). Nobody's own mail goes through it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = Field(description="The centre's outgoing (SMTP) server.")
    port: int = Field(default=587, ge=1, le=65535, description="SMTP port.")
    security: Literal["starttls", "tls", "none"] = Field(
        default="starttls", description="starttls (port 587), tls (port 465) or none."
    )
    username: str | None = Field(default=None, description="SMTP user name, if it needs one.")
    password: str | None = Field(default=None, description="SMTP password, if it needs one.")
    sender: str = Field(description="The From address of account emails.")
    timeout_seconds: float = Field(
        default=20, gt=0, description="How long to wait for the SMTP server before giving up."
    )
