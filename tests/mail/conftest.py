"""Real mail servers for the mail tests: aiosmtpd for SMTP, a throwaway Dovecot for IMAP.

The SMTP server runs in a thread of the test process, so it is always there.
Dovecot must be installed (Debian: apt-get install dovecot-imapd); without it the
IMAP tests are skipped with a hint -- except under CI=true, where they fail.
A self-signed certificate for 127.0.0.1 lets both servers speak TLS; the
client side trusts it through the `ssl_context` parameter.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import ssl
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import keyring.errors
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from tests.mail.dovecot_server import DovecotServer, find_dovecot, free_port, running_server

IN_CI = os.environ.get("CI", "").lower() == "true"
DOVECOT_HINT = (
    "Dovecot is not available: install dovecot-imapd (Debian: apt-get install dovecot-imapd)"
)

SMTP_USER = "zoe@example.com"
SMTP_PASSWORD = "sesame-0pen"


# --- a self-signed certificate ------------------------------------------------------------------


@dataclass(frozen=True)
class Certificate:
    """A self-signed certificate for 127.0.0.1 and localhost, with its key."""

    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        """What a test server presents."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A default (verifying) client context that trusts this certificate."""
        return ssl.create_default_context(cafile=str(self.cert))


def _make_with_cryptography(cert: Path, key: Path) -> None:
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    private_key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "afterword test server")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(private_key.public_key()), critical=False
        )
        .sign(private_key, hashes.SHA256())
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def _make_with_openssl(cert: Path, key: Path) -> None:
    options = (
        "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
        "-subj /CN=afterword-test-server -addext subjectAltName=DNS:localhost,IP:127.0.0.1"
    )
    subprocess.run(
        ["openssl", *options.split(), "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    """A self-signed certificate, made with `cryptography` if installed, else with openssl."""
    directory = tmp_path_factory.mktemp("tls")
    # Dovecot's processes (not only root) read the files: the directory must be reachable.
    directory.chmod(0o755)
    made = Certificate(cert=directory / "cert.pem", key=directory / "key.pem")
    try:
        _make_with_cryptography(made.cert, made.key)
    except ImportError:
        _make_with_openssl(made.cert, made.key)
    return made


# --- IMAP: Dovecot -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def dovecot(certificate: Certificate) -> Iterator[DovecotServer]:
    """A Dovecot IMAP server for the whole run: plain + STARTTLS on `port`, TLS on `tls_port`."""
    binary = find_dovecot()
    if binary is None:
        if IN_CI:
            pytest.fail(f"CI=true but {DOVECOT_HINT}")
        pytest.skip(DOVECOT_HINT)
    with running_server(binary, certificate=(certificate.cert, certificate.key)) as server:
        yield server


# --- SMTP: aiosmtpd ------------------------------------------------------------------------------


@dataclass
class Received:
    """One message as the SMTP server got it."""

    mail_from: str
    rcpt_tos: list[str]
    mail_options: list[str]
    content: bytes
    login: bytes | None


@dataclass
class RecordingHandler:
    """An aiosmtpd handler that keeps every message it accepts."""

    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        login = session.auth_data.login if isinstance(session.auth_data, LoginPassword) else None
        self.received.append(
            Received(
                mail_from=str(envelope.mail_from),
                rcpt_tos=list(envelope.rcpt_tos),
                mail_options=list(envelope.mail_options),
                content=bytes(envelope.original_content or b""),
                login=login,
            )
        )
        return "250 OK"


def check_password(
    server: Any, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    """Accepts SMTP_USER with SMTP_PASSWORD only."""
    accepted = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == SMTP_USER.encode()
        and auth_data.password == SMTP_PASSWORD.encode()
    )
    return AuthResult(success=accepted, handled=False, auth_data=auth_data if accepted else None)


@dataclass
class SmtpServer:
    """A running aiosmtpd server and what it received."""

    host: str
    port: int
    handler: RecordingHandler

    @property
    def received(self) -> list[Received]:
        return self.handler.received


StartSmtp = Callable[..., SmtpServer]


@pytest.fixture
def start_smtp() -> Iterator[StartSmtp]:
    """Starts aiosmtpd servers on free loopback ports (keywords go to aiosmtpd); stops them after."""
    controllers: list[Controller] = []

    def start(**options: Any) -> SmtpServer:
        handler = RecordingHandler()
        controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **options)
        controller.start()
        controllers.append(controller)
        return SmtpServer(host="127.0.0.1", port=controller.port, handler=handler)

    yield start
    for controller in controllers:
        controller.stop()


# --- servers that misbehave ----------------------------------------------------------------------


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on: connecting is refused."""
    return free_port()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port whose server accepts connections (in the kernel) but never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield int(listener.getsockname()[1])


# --- keyring -------------------------------------------------------------------------------------


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring in a dict, so tests never touch the real one."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


class BrokenKeyring(MemoryKeyring):
    """A keyring whose backend fails, like one without a secret service on a headless machine."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringError("no secret service on this machine")


@contextmanager
def _keyring_in_use(backend: keyring.backend.KeyringBackend) -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An empty in-memory keyring in place of the OS one."""
    backend = MemoryKeyring()
    with _keyring_in_use(backend):
        yield backend


@pytest.fixture
def broken_keyring() -> Iterator[None]:
    """A keyring backend that raises on every read."""
    with _keyring_in_use(BrokenKeyring()):
        yield


@pytest.fixture(autouse=True)
def _no_mail_passwords_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keeps a developer's own mail passwords out of the tests."""
    for name in ("AFTERWORD_SMTP_PASSWORD", "AFTERWORD_IMAP_PASSWORD", "AFTERWORD_MAIL_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
