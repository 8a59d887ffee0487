"""Sealing secrets at rest with the server's key (Fernet: AES-128-CBC with an HMAC).

The key comes from the environment (AFTERWORD_SECRET_KEY), never from the database, so a
copy of the database alone reveals no one's mail password. Several keys may be given,
comma-separated, newest first: new secrets are sealed with the first, and any of them opens
an old one -- that is how the key is rotated (docs/server.md).
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from afterword.errors import InvalidInputError

NO_KEY = (
    "cannot store a mail password: the server has no AFTERWORD_SECRET_KEY to seal it with "
    "(see docs/server.md)"
)


def new_key() -> str:
    """A fresh key, for AFTERWORD_SECRET_KEY."""
    return Fernet.generate_key().decode()


def _keyring(secret_key: str | None) -> MultiFernet:
    keys = [part.strip() for part in (secret_key or "").split(",") if part.strip()]
    if not keys:
        raise InvalidInputError(NO_KEY)
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        raise InvalidInputError(
            "AFTERWORD_SECRET_KEY is not a Fernet key (32 url-safe base64-encoded bytes); "
            "make one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        ) from None


def seal(secret_key: str | None, plaintext: str) -> str:
    """The secret sealed with the newest key; refused in one line without a key."""
    return _keyring(secret_key).encrypt(plaintext.encode()).decode()


def unseal(secret_key: str | None, sealed: str) -> str:
    """The secret; a one-line error when no key given opens it."""
    try:
        return _keyring(secret_key).decrypt(sealed.encode()).decode()
    except InvalidToken:
        raise InvalidInputError(
            "the stored mail password cannot be opened with the server's AFTERWORD_SECRET_KEY "
            "(was the key changed without keeping the old one?); enter the password again"
        ) from None


def reseal(secret_key: str | None, sealed: str) -> str:
    """The secret sealed again with the newest key (after a rotation)."""
    return _keyring(secret_key).rotate(sealed.encode()).decode()
