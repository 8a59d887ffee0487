"""Writing the user's config.toml: one section at a time, the others left as they were.

TOML has no comment-keeping writer in our dependencies, so a saved file loses its
comments; the values of every section are kept. A file that does not parse is never
overwritten: the user is told, and fixes it by hand.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from typing import Any

import tomli_w
from pydantic import BaseModel

from afterword import paths
from afterword.errors import InvalidInputError
from afterword.settings.mail import MailAccount
from afterword.settings.playbook import PlaybookTimings
from afterword.settings.review import ReviewSettings


def read_config(path: str | None = None) -> dict[str, Any]:
    """The file's contents ({} when there is none); a broken file is a plain error."""
    path = path or paths.config_file()
    try:
        with open(path, "rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as error:
        raise InvalidInputError(
            f"{path} is not valid TOML ({error}); fix it by hand first, nothing was saved"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInputError(f"cannot read {path}: {error}") from None


def write_section(name: str, values: dict[str, Any] | None, path: str | None = None) -> str:
    """Replaces one section (removes it when `values` is empty); returns the file's path."""
    path = path or paths.config_file()
    config = read_config(path)
    if values:
        config[name] = values
    else:
        config.pop(name, None)
    directory = os.path.dirname(path) or "."
    paths.make_private_dir(directory)  # the file itself is created 0600 (mkstemp)
    # Written beside the file and renamed over it: a crash never leaves half a file.
    descriptor, temporary = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=directory)
    try:
        with os.fdopen(descriptor, "wb") as file:
            tomli_w.dump(config, file)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return path


def changed_values(model: BaseModel) -> dict[str, Any]:
    """The fields whose value differs from the default, as TOML-ready values."""
    defaults = type(model)()
    changed: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if value != getattr(defaults, name) and value is not None:
            changed[name] = list(value) if isinstance(value, tuple) else value
    return changed


def save_playbook(timings: PlaybookTimings, path: str | None = None) -> str:
    """Writes the [playbook] section: only the timings that differ from their defaults."""
    return write_section("playbook", changed_values(timings), path)


def save_mail(account: MailAccount | None, path: str | None = None) -> str:
    """Writes the [mail] section (the address, then what differs from the defaults)."""
    if account is None:
        return write_section("mail", None, path)
    defaults = MailAccount.model_fields
    values: dict[str, Any] = {"address": account.address}
    for name, field in defaults.items():
        value = getattr(account, name)
        if name != "address" and value is not None and value != field.default:
            values[name] = value
    return write_section("mail", values, path)


def save_review(review: ReviewSettings, path: str | None = None) -> str:
    """Writes the [review] section (removed when everything is at its default: off)."""
    return write_section("review", changed_values(review), path)
