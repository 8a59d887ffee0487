"""Fixtures for the inbox tests: the mail tests' real Dovecot server, and mail to put in it."""

from __future__ import annotations

import contextlib
import imaplib
from collections.abc import Iterator

import pytest

from tests.mail import conftest as mail_fixtures
from tests.mail.dovecot_server import DovecotServer

# The IMAP tests share the mail tests' servers: naming the fixture functions here registers them
# for this directory too (under CI=true a missing Dovecot fails rather than skips, as it does there).
certificate = mail_fixtures.certificate
dovecot = mail_fixtures.dovecot
closed_port = mail_fixtures.closed_port
_no_mail_passwords_in_environment = mail_fixtures._no_mail_passwords_in_environment


@pytest.fixture
def imap(dovecot: DovecotServer) -> Iterator[imaplib.IMAP4]:
    """A plain imaplib connection to the test server, for putting mail in and checking flags."""
    connection = imaplib.IMAP4(dovecot.host, dovecot.port, timeout=10)
    connection.login(dovecot.user, dovecot.password)
    yield connection
    with contextlib.suppress(OSError, imaplib.IMAP4.error):
        connection.logout()


@pytest.fixture
def folder(imap: imaplib.IMAP4, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty folder of its own for each test (the server lives for the whole run)."""
    name = "T" + str(abs(hash(request.node.nodeid)))
    imap.delete(name)  # left over from an interrupted run
    status, _ = imap.create(name)
    assert status == "OK"
    yield name
    imap.delete(name)
