"""Delivering composed mail: SMTP to send it, IMAP APPEND to put it in the user's Drafts.

Every failure -- a refused connection, a timeout, a TLS problem, a server that
says no -- becomes a DeliveryError with one plain line naming the server, never
a traceback and never the password. Passwords come from the environment or the
OS keyring, never from afterword's database.
"""

from __future__ import annotations

import base64
import email.utils
import imaplib
import os
import re
import smtplib
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from email.message import EmailMessage
from typing import Literal

from afterword.control_chars import escape_control_characters
from afterword.errors import AfterwordError, InvalidInputError
from afterword.mail.compose import eml_bytes
from afterword.settings.mail import MailAccount

KEYRING_SERVICE = "afterword"
# Drafts are saved read, so they do not show up as unread mail in the user's mail program.
DRAFT_FLAGS = r"(\Seen \Draft)"


class DeliveryError(AfterwordError):
    """Mail could not be sent or saved; the message says why in one plain line."""


# --- passwords ---------------------------------------------------------------------------------


def _username(account: MailAccount, which: Literal["smtp", "imap"]) -> str:
    given = account.smtp_username if which == "smtp" else account.imap_username
    return given or account.address


def password_for(account: MailAccount, which: Literal["smtp", "imap"]) -> str:
    """Returns the SMTP or IMAP password from the environment or the OS keyring.

    On a shared server the account carries its owner's password, and only that: the
    server's own environment and keyring are never anyone's.
    """
    carried = account.stored_password
    if carried is not None:
        if carried:
            return carried
        raise InvalidInputError(
            "no mail password is stored for this account: enter it in Settings, Mail account"
        )
    specific = f"AFTERWORD_{which.upper()}_PASSWORD"
    for variable in (specific, "AFTERWORD_MAIL_PASSWORD"):
        value = os.environ.get(variable)
        if value:
            return value
    username = _username(account, which)
    keyring_note = ""
    try:
        import keyring  # imported here: finding a backend costs time most commands do not need

        stored = keyring.get_password(KEYRING_SERVICE, username)
    # Any backend may fail in its own way (no backend on a headless machine, a locked or
    # absent D-Bus secret service, ...): that means "not found", not a crash.
    except Exception:  # noqa: BLE001
        stored = None
        keyring_note = " (the system keyring could not be read)"
    if stored:
        return stored
    raise InvalidInputError(
        f"no {which.upper()} password for {username}{keyring_note}: set {specific} "
        f"(or AFTERWORD_MAIL_PASSWORD), or run `keyring set {KEYRING_SERVICE} {username}`"
    )


# --- turning exceptions into one plain line ----------------------------------------------------


def _seconds(value: float) -> str:
    return f"{value:g}"


def _chain(error: BaseException) -> Iterator[BaseException]:
    """Yields the error and the errors it was raised from or during (smtplib and imaplib wrap)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


# A server that echoes the command it refused can echo the login: "AUTH PLAIN <base64 of the
# password>" or "LOGIN user password". Whatever follows those words is never shown.
_CREDENTIALS = re.compile(r"\b(AUTH(?:ENTICATE)?|LOGIN)\b.*", re.IGNORECASE | re.DOTALL)


def _server_text(raw: object) -> str:
    """A server's reply as one short line of text, with any echoed credentials removed."""
    if isinstance(raw, list | tuple):
        raw = raw[-1] if raw else ""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    text = _CREDENTIALS.sub(lambda found: f"{found.group(1)} [hidden]", " ".join(text.split()))
    text = escape_control_characters(text)
    return text if len(text) <= 200 else text[:197] + "..."


def network_problem(
    error: BaseException, *, host: str, port: int, timeout: float, security: str, setting: str
) -> str | None:
    """Describes socket, TLS and timeout errors; None when the error is none of these."""
    where = f"{host}:{port}"
    for link in _chain(error):
        if isinstance(link, TimeoutError):
            # A classic cause: STARTTLS or plain text against a port that waits for a TLS hello.
            hint = ""
            if port in (465, 993) and security != "tls":
                hint = f'; port {port} usually needs {setting} = "tls"'
            return f"timed out after {_seconds(timeout)} s talking to {where}{hint}"
    for link in _chain(error):
        if isinstance(link, ssl.SSLCertVerificationError):
            reason = link.verify_message or link.reason or "verification failed"
            return f"could not connect to {where}: its TLS certificate is not trusted ({reason})"
        if isinstance(link, ssl.SSLError):
            reason = (link.reason or str(link)).replace("_", " ").lower()
            return (
                f"could not connect to {where}: the TLS handshake failed ({reason}); "
                f'is {setting} = "{security}" right for port {port}?'
            )
        if isinstance(link, ConnectionRefusedError):
            return f"could not connect to {where}: connection refused"
        if isinstance(link, socket.gaierror):
            return f"could not connect to {where}: the host name was not found"
        if isinstance(link, ConnectionResetError | BrokenPipeError | ConnectionAbortedError):
            return f"{where} closed the connection unexpectedly"
        if isinstance(link, OSError):
            reason = (link.strerror or str(link) or type(link).__name__).lower()
            return f"could not connect to {where}: {reason}"
    return None


# --- SMTP --------------------------------------------------------------------------------------


def _smtp_problem(error: BaseException, account: MailAccount, host: str) -> str:
    """Describes an error raised while talking to the SMTP server."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return f"could not send: the SMTP server refused the user name or password ({host})"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(error.recipients)
        replies = {_server_text(reply[1]) for reply in error.recipients.values()}
        return f"could not send: {host} refused the recipient {refused}: {'; '.join(replies)}"
    if isinstance(error, smtplib.SMTPSenderRefused):
        return (
            f"could not send: {host} refused the sender address {error.sender}: "
            f"{_server_text(error.smtp_error)}"
        )
    if isinstance(error, smtplib.SMTPDataError):
        return (
            f"could not send: {host} rejected the message: "
            f"{error.smtp_code} {_server_text(error.smtp_error)}"
        )
    network = network_problem(
        error,
        host=host,
        port=account.smtp_port,
        timeout=account.timeout_seconds,
        security=account.smtp_security,
        setting="smtp_security",
    )
    if network is not None:
        return network
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return f"could not send: {host}:{account.smtp_port} closed the connection unexpectedly"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"could not send: {host} answered {error.smtp_code} {_server_text(error.smtp_error)}"
    if isinstance(error, UnicodeError):
        return "could not send: the SMTP login cannot carry non-ASCII characters in the user name or password"
    return f"could not send: {_server_text(str(error)) or type(error).__name__} ({host})"


def _require_host(host: str | None, key: str, doing: str) -> str:
    if not host:
        raise DeliveryError(
            f"could not {doing}: no server is set ({key} under [mail] in config.toml)"
        )
    return host


def send_smtp(
    message: EmailMessage,
    account: MailAccount,
    *,
    password: str,
    ssl_context: ssl.SSLContext | None = None,
) -> None:
    """Sends the message through the account's SMTP server, from the account's address."""
    host = _require_host(account.smtp_host, "smtp_host", "send")
    if not any(message.get_all(field) for field in ("To", "Cc", "Bcc")):
        raise DeliveryError("could not send: the message has no recipient")
    context = ssl_context or ssl.create_default_context()
    timeout = account.timeout_seconds
    try:
        connection: smtplib.SMTP
        if account.smtp_security == "tls":
            connection = smtplib.SMTP_SSL(host, account.smtp_port, timeout=timeout, context=context)
        else:
            connection = smtplib.SMTP(host, account.smtp_port, timeout=timeout)
        try:
            connection.ehlo()
            if account.smtp_security == "starttls":
                if not connection.has_extn("starttls"):
                    # Never fall back to sending the password in clear text.
                    raise DeliveryError(
                        f"could not send: {host}:{account.smtp_port} does not offer STARTTLS; "
                        f'use smtp_security = "tls" (usually port 465) if the server expects TLS'
                    )
                connection.starttls(context=context)
                connection.ehlo()
            if connection.has_extn("auth"):
                connection.login(_username(account, "smtp"), password)
            elif account.smtp_username:
                raise DeliveryError(
                    f"could not send: {host} does not offer to log in, though smtp_username is set"
                )
            # A body with raw UTF-8 (8bit) must be announced when the server understands it.
            options = []
            if message.get("Content-Transfer-Encoding", "").lower() == "8bit" and (
                connection.has_extn("8bitmime")
            ):
                options.append("BODY=8BITMIME")
            refused = connection.send_message(
                message, from_addr=account.address, mail_options=options
            )
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)
        finally:
            # QUIT politely; after a broken connection smtplib has closed the socket already.
            with suppress(smtplib.SMTPException, OSError):
                connection.quit()
            connection.close()
    except DeliveryError:
        raise
    except (OSError, smtplib.SMTPException, UnicodeError) as error:
        raise DeliveryError(_smtp_problem(error, account, host)) from None


# --- IMAP --------------------------------------------------------------------------------------


def encode_folder_name(name: str) -> str:
    """Encodes a folder name in IMAP's modified UTF-7 (RFC 3501, 5.1.3): 'Entwürfe' -> 'Entw&APw-rfe'."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            packed = base64.b64encode("".join(pending).encode("utf-16-be")).decode("ascii")
            out.append("&" + packed.rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for character in name:
        if 0x20 <= ord(character) <= 0x7E:
            flush()
            out.append("&-" if character == "&" else character)
        else:
            pending.append(character)
    flush()
    return "".join(out)


def decode_folder_name(name: str) -> str:
    """Decodes a folder name from IMAP's modified UTF-7: 'Entw&APw-rfe' -> 'Entwürfe'."""

    def decode(match: re.Match[str]) -> str:
        packed = match.group(1)
        if not packed:
            return "&"
        padded = packed.replace(",", "/") + "=" * (-len(packed) % 4)
        try:
            return base64.b64decode(padded).decode("utf-16-be")
        except (ValueError, UnicodeDecodeError):
            return match.group(0)  # not valid modified UTF-7: keep it as the server sent it

    return re.sub(r"&([^-]*)-", decode, name)


def _quote(name: str) -> str:
    """Quotes a mailbox name for an IMAP command (imaplib sends arguments as they are)."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


_LIST_LINE = re.compile(
    r'^\((?P<flags>[^)]*)\)\s+(?P<delimiter>"(?:[^"\\]|\\.)*"|NIL)\s+(?P<name>.*)$',
    re.IGNORECASE,
)


def parse_list_line(entry: bytes | tuple[bytes, bytes]) -> tuple[set[str], str | None, str] | None:
    """Parses one LIST reply into (lower-cased flags, delimiter, raw folder name)."""
    if isinstance(entry, tuple):
        # The name came as a literal: ('(\\Flags) "/" {5}', 'name').
        head, literal = entry
        match = _LIST_LINE.match(head.decode("utf-8", "replace"))
        name = literal.decode("utf-8", "replace")
    else:
        match = _LIST_LINE.match(entry.decode("utf-8", "replace"))
        name = match.group("name") if match else ""
        if len(name) >= 2 and name.startswith('"') and name.endswith('"'):
            name = re.sub(r"\\(.)", r"\1", name[1:-1])
    if match is None:
        return None
    flags = {flag.lower() for flag in match.group("flags").split()}
    delimiter = match.group("delimiter")
    separator = None if delimiter.upper() == "NIL" else re.sub(r"\\(.)", r"\1", delimiter[1:-1])
    return flags, separator, name


def find_drafts_folder(connection: imaplib.IMAP4) -> str:
    """Finds the folder marked \\Drafts (RFC 6154), else an existing 'Drafts', else 'Drafts'."""
    status, data = connection.list()
    if status != "OK":
        return "Drafts"
    folders = [parsed for entry in data if entry and (parsed := parse_list_line(entry))]
    for flags, _separator, name in folders:
        if "\\drafts" in flags:
            return name
    # Servers without special-use markers: a top-level Drafts, or one under INBOX (Courier style).
    for _flags, separator, name in folders:
        parts = name.split(separator) if separator else [name]
        if parts[-1].lower() == "drafts" and (len(parts) == 1 or parts[0].upper() == "INBOX"):
            return name
    return "Drafts"


@contextmanager
def _imap_connection(
    account: MailAccount, host: str, context: ssl.SSLContext
) -> Iterator[imaplib.IMAP4]:
    """Opens (and at the end, politely closes) a connection to the IMAP server."""
    timeout = account.timeout_seconds
    connection: imaplib.IMAP4
    if account.imap_security == "tls":
        connection = imaplib.IMAP4_SSL(
            host, account.imap_port, ssl_context=context, timeout=timeout
        )
    else:
        connection = imaplib.IMAP4(host, account.imap_port, timeout=timeout)
    try:
        if account.imap_security == "starttls":
            if "STARTTLS" not in connection.capabilities:
                raise DeliveryError(
                    f"could not save the draft: {host}:{account.imap_port} does not offer STARTTLS; "
                    f'use imap_security = "tls" (usually port 993) if the server expects TLS'
                )
            connection.starttls(ssl_context=context)
        yield connection
    except BaseException:
        # After a failure the connection may be half-broken: close it without another round trip.
        with suppress(OSError):
            connection.shutdown()
        raise
    else:
        with suppress(OSError, imaplib.IMAP4.error):
            connection.logout()


def _imap_login(connection: imaplib.IMAP4, account: MailAccount, host: str, password: str) -> None:
    """Logs in with AUTHENTICATE PLAIN (UTF-8 safe) when offered, else with LOGIN."""
    user = _username(account, "imap")
    try:
        if "AUTH=PLAIN" in connection.capabilities:
            credentials = f"\0{user}\0{password}".encode()
            connection.authenticate("PLAIN", lambda _challenge: credentials)
        elif "LOGINDISABLED" in connection.capabilities:
            raise DeliveryError(
                f"could not save the draft: {host} does not allow logging in without TLS; "
                f'use imap_security = "tls" or "starttls"'
            )
        else:
            connection.login(user, password)
    except imaplib.IMAP4.abort:
        raise  # the connection broke: described with the other network problems
    except UnicodeError:
        # LOGIN (without AUTH=PLAIN) can only carry ASCII.
        raise DeliveryError(
            "could not save the draft: the IMAP login cannot carry non-ASCII characters "
            "in the user name or password"
        ) from None
    except imaplib.IMAP4.error:
        raise DeliveryError(
            f"could not save the draft: the IMAP server refused the user name or password ({host})"
        ) from None


def imap_error_text(error: BaseException) -> str:
    """The server's words from an imaplib error such as "APPEND command error: BAD [b'...']"."""
    text = str(error)
    match = re.fullmatch(r"(\w+) command error: (\w+) \[b?(['\"])(.*)\3\]", text, re.DOTALL)
    if match:
        text = f"{match.group(1)} {match.group(2)} {match.group(4)}"
    return _server_text(text)


def _internal_date(message: EmailMessage) -> str | None:
    """The message's Date as an IMAP internal date; None (the server's clock) if it has none."""
    written = message["Date"]
    try:
        when = email.utils.parsedate_to_datetime(str(written)) if written else None
    except (TypeError, ValueError):
        return None
    return imaplib.Time2Internaldate(when) if when and when.tzinfo else None


def save_to_drafts(
    message: EmailMessage,
    account: MailAccount,
    *,
    password: str,
    ssl_context: ssl.SSLContext | None = None,
) -> str:
    """Saves the message, flagged \\Draft, in the account's Drafts folder; returns that folder's name."""
    host = _require_host(account.imap_host, "imap_host", "save the draft")
    context = ssl_context or ssl.create_default_context()
    try:
        with _imap_connection(account, host, context) as connection:
            _imap_login(connection, account, host, password)
            if account.drafts_folder:
                folder = encode_folder_name(account.drafts_folder)
            else:
                folder = find_drafts_folder(connection)
            # The draft's date in the mailbox is the date it was written, not when it was saved.
            internal_date = _internal_date(message)
            status, data = connection.append(
                _quote(folder), DRAFT_FLAGS, internal_date, eml_bytes(message)
            )
            if status != "OK":
                reply = _server_text(data)
                if "TRYCREATE" in reply.upper():
                    raise DeliveryError(
                        f"could not save the draft: {host} has no folder "
                        f'"{decode_folder_name(folder)}"; set drafts_folder under [mail] in config.toml'
                    )
                raise DeliveryError(f"could not save the draft: {host} answered: {reply}")
            return decode_folder_name(folder)
    except DeliveryError:
        raise
    except (OSError, imaplib.IMAP4.error) as error:
        network = network_problem(
            error,
            host=host,
            port=account.imap_port,
            timeout=account.timeout_seconds,
            security=account.imap_security,
            setting="imap_security",
        )
        if network is not None:
            raise DeliveryError(network) from None
        raise DeliveryError(
            f"could not save the draft: {host} answered: {imap_error_text(error)}"
        ) from None
