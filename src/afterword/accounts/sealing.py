"""Sealing secrets at rest with the server's key (Fernet: AES-128-CBC with an HMAC).

The key comes from the environment (AFTERWORD_SECRET_KEY), never from the database, so a
copy of the database alone reveals no one's mail password. Several keys may be given,
comma-separated, newest first, and older keys may also sit in AFTERWORD_SECRET_KEY_PREVIOUS:
new secrets are sealed with the first key of AFTERWORD_SECRET_KEY, and any of them opens an
old one -- that is how the key is rotated (docs/server.md, `afterword accounts reseal`).
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from afterword.errors import InvalidInputError

CURRENT = "AFTERWORD_SECRET_KEY"
PREVIOUS = "AFTERWORD_SECRET_KEY_PREVIOUS"
NO_KEY = (
    f"cannot store a mail password: the server has no {CURRENT} to seal it with "
    "(see docs/server.md)"
)
_MAKE_ONE = (
    "make one with: python -c 'from cryptography.fernet import Fernet; "
    "print(Fernet.generate_key().decode())'"
)


def new_key() -> str:
    """A fresh key, for AFTERWORD_SECRET_KEY."""
    return Fernet.generate_key().decode()


def _keys(text: str | None, variable: str) -> list[Fernet]:
    """The Fernet keys of one variable; a malformed one is named by its variable and its
    place in the list, never shown."""
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    keys = []
    for place, part in enumerate(parts, start=1):
        try:
            keys.append(Fernet(part))
        except ValueError:
            which = f"key {place} of {variable}" if len(parts) > 1 else variable
            raise InvalidInputError(
                f"{which} is not a Fernet key (32 url-safe base64-encoded bytes); {_MAKE_ONE}"
            ) from None
    return keys


def _keyring(
    secret_key: str | None, previous: str | None = None, *, missing: str = NO_KEY
) -> MultiFernet:
    current = _keys(secret_key, CURRENT)
    if not current:
        raise InvalidInputError(missing)
    return MultiFernet(current + _keys(previous, PREVIOUS))


def check_keys(secret_key: str | None, previous: str | None) -> None:
    """Refuses, in one line naming the variable, a missing or malformed key."""
    _keyring(
        secret_key,
        previous,
        missing=f"{CURRENT} is not set: give the new key there, and the old one in {PREVIOUS}",
    )


def seal(secret_key: str | None, plaintext: str) -> str:
    """The secret sealed with the newest key; refused in one line without a key."""
    return _keyring(secret_key).encrypt(plaintext.encode()).decode()


def unseal(secret_key: str | None, sealed: str, previous: str | None = None) -> str:
    """The secret; a one-line error when no key given opens it."""
    try:
        return _keyring(secret_key, previous).decrypt(sealed.encode()).decode()
    except InvalidToken:
        raise InvalidInputError(
            f"the stored mail password cannot be opened with {CURRENT} or {PREVIOUS} "
            "(was the key changed without keeping the old one?); enter the password again"
        ) from None


def sealed_with_newest(secret_key: str | None, sealed: str) -> bool:
    """Whether the newest key alone opens the secret (then resealing has nothing to do)."""
    keys = _keys(secret_key, CURRENT)
    if not keys:
        raise InvalidInputError(NO_KEY)
    newest = keys[0]
    try:
        newest.decrypt(sealed.encode())
    except InvalidToken:
        return False
    return True


def reseal(secret_key: str | None, sealed: str, previous: str | None = None) -> str:
    """The secret sealed again with the newest key (after a rotation); InvalidInputError
    when no key given opens it."""
    try:
        return _keyring(secret_key, previous).rotate(sealed.encode()).decode()
    except InvalidToken:
        raise InvalidInputError(
            f"a stored secret opens with neither {CURRENT} nor {PREVIOUS}"
        ) from None
