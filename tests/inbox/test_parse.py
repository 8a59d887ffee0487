"""Parsing received mail leniently: MIME structures, encodings, charsets and broken messages."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import email.message
import quopri

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterword.errors import AfterwordError
from afterword.inbox.parse import (
    MAX_TEXT_CHARS,
    UnreadableMessage,
    decode_header_value,
    parse_headers,
    parse_message,
)
from tests.inbox.mail_factory import make_raw

HEAD = (
    b"From: Talent Team <no-reply@northwind.example>\r\n"
    b"To: sam@example.com\r\n"
    b"Subject: Your application\r\n"
    b"Date: Wed, 04 Mar 2026 10:12:00 +0100\r\n"
    b"Message-ID: <a1@northwind.example>\r\n"
    b"MIME-Version: 1.0\r\n"
)


def test_plain_message_headers_are_read_and_the_date_is_utc() -> None:
    message = parse_message(make_raw(3))
    assert message.message_id == "<update-3@fernhill.example>"
    assert message.from_name == "Priya at Fernhill Robotics"
    assert message.from_address == "priya@fernhill.example"
    assert message.to == ("sam@example.com",)
    assert message.subject == "Your application, update 3"
    assert message.sent_at == dt.datetime(2026, 3, 4, 10, 12, tzinfo=dt.UTC)
    assert "update number 3" in message.body
    assert message.size == len(make_raw(3))


def test_multipart_alternative_prefers_the_plain_text_part() -> None:
    raw = HEAD + (
        b'Content-Type: multipart/alternative; boundary="XYZ"\r\n\r\n'
        b"--XYZ\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlain words here.\r\n"
        b"--XYZ\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>HTML <b>words</b></p>\r\n"
        b"--XYZ--\r\n"
    )
    assert parse_message(raw).body == "Plain words here."


def test_html_only_message_becomes_text_without_tags_scripts_or_entities() -> None:
    html = (
        "<html><head><title>Ignore me</title><style>p {color: red}</style></head><body>"
        "<p>Dear Sam,</p><p>We&rsquo;d like to invite you &amp; your\n portfolio<br>"
        "to a second round.</p><script>track()</script><ul><li>Tuesday</li><li>Friday</li></ul>"
        "</body></html>"
    )
    raw = HEAD + b"Content-Type: text/html; charset=utf-8\r\n\r\n" + html.encode()
    body = parse_message(raw).body
    assert body == (
        "Dear Sam,\n\nWe’d like to invite you & your portfolio\nto a second round.\n\nTuesday\nFriday"
    )


def test_quoted_printable_windows_1252_body_is_decoded() -> None:
    text = "Café meeting – “Thursday” at 10 € budget".encode("windows-1252")
    raw = HEAD + (
        b"Content-Type: text/plain; charset=windows-1252\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\n" + quopri.encodestring(text)
    )
    assert parse_message(raw).body == "Café meeting – “Thursday” at 10 € budget"


def test_base64_utf8_body_is_decoded() -> None:
    encoded = base64.encodebytes("Zoë, we are delighted to offer you the role.".encode())
    raw = HEAD + (
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + encoded
    )
    assert parse_message(raw).body == "Zoë, we are delighted to offer you the role."


def test_iso_2022_jp_body_and_encoded_word_subject_are_decoded() -> None:
    subject = base64.b64encode("面接のご案内".encode("iso-2022-jp")).decode()
    raw = (
        HEAD.replace(b"Subject: Your application", f"Subject: =?ISO-2022-JP?B?{subject}?=".encode())
        + b"Content-Type: text/plain; charset=ISO-2022-JP\r\n\r\n"
        + "来週の面接についてご連絡します。".encode("iso-2022-jp")
    )
    message = parse_message(raw)
    assert message.subject == "面接のご案内"
    assert message.body == "来週の面接についてご連絡します。"


def test_unknown_charset_falls_back_to_utf8() -> None:
    raw = HEAD + b"Content-Type: text/plain; charset=x-made-up\r\n\r\n" + "Zoë".encode()
    assert parse_message(raw).body == "Zoë"


def test_unknown_charset_that_is_not_utf8_falls_back_to_windows_1252() -> None:
    raw = HEAD + b"Content-Type: text/plain; charset=x-made-up\r\n\r\nCaf\xe9 \x93ok\x94"
    assert parse_message(raw).body == "Café “ok”"


def test_raw_8bit_headers_are_read_as_utf8() -> None:
    raw = make_raw().replace(
        b"Subject: Your application, update 1", "Subject: Zoë’s offer".encode()
    )
    assert parse_message(raw).subject == "Zoë’s offer"


def test_broken_encoded_word_is_kept_as_written() -> None:
    assert decode_header_value("=?utf-8?b?not base64!!?= x") == "=?utf-8?b?not base64!!?= x"
    assert decode_header_value("=?no-such-charset?q?Zo=C3=AB?=") == "Zoë"


def test_missing_date_gives_no_sent_at_but_a_fingerprint() -> None:
    message = parse_message(make_raw(date=None))
    assert message.sent_at is None
    assert len(message.fingerprint) == 64


def test_unparseable_date_gives_no_sent_at() -> None:
    assert parse_message(make_raw(date="sometime next week")).sent_at is None


def test_missing_message_id_falls_back_to_the_fingerprint_identity() -> None:
    message = parse_message(make_raw(message_id=None))
    assert message.message_id is None
    assert message.identity == "sha256:" + message.fingerprint


def test_fingerprint_ignores_line_endings_and_differs_by_body() -> None:
    crlf = make_raw(message_id=None)
    lf = crlf.replace(b"\r\n", b"\n")
    assert parse_message(crlf).fingerprint == parse_message(lf).fingerprint
    other = make_raw(message_id=None, body="A different text.\n")
    assert parse_message(other).fingerprint != parse_message(crlf).fingerprint


def test_broken_boundary_still_yields_the_text() -> None:
    raw = HEAD + (
        b'Content-Type: multipart/mixed; boundary="never-used"\r\n\r\n'
        b"--some-other-boundary\r\nContent-Type: text/plain\r\n\r\n"
        b"We would like to move you to the final round.\r\n"
    )
    message = parse_message(raw)
    assert "final round" in message.body
    assert message.subject == "Your application"


def test_missing_closing_boundary_still_yields_the_text() -> None:
    raw = HEAD + (
        b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain\r\n\r\nThe offer letter is attached.\r\n"
        b'--B\r\nContent-Type: application/pdf; name="offer.pdf"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n"
    )
    message = parse_message(raw)
    assert message.body == "The offer letter is attached."
    assert message.attachments == ("offer.pdf",)


def _with_attachment(size: int) -> bytes:
    payload = base64.encodebytes(b"\x00\x01binary" * (size // 8))
    return HEAD + (
        b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease find the contract.\r\n"
        b'--B\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="contract.pdf"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + payload + b"--B--\r\n"
    )


def test_a_5_mb_attachment_is_listed_but_never_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    decoded: list[str] = []
    original = email.message.Message.get_payload

    def spy(self: email.message.Message, i: int | None = None, decode: bool = False) -> object:
        if decode:
            decoded.append(self.get_content_type())
        return original(self, i, decode)  # type: ignore[call-overload]

    monkeypatch.setattr(email.message.Message, "get_payload", spy)
    raw = _with_attachment(5 * 1024 * 1024)
    assert len(raw) > 5_000_000
    message = parse_message(raw)
    assert message.body == "Please find the contract."
    assert message.attachments == ("contract.pdf",)
    assert decoded == ["text/plain"]
    assert message.size == len(raw)


def test_huge_body_is_truncated() -> None:
    raw = make_raw(body="word " * (MAX_TEXT_CHARS // 2))
    message = parse_message(raw)
    assert len(message.body) == MAX_TEXT_CHARS
    assert message.truncated


def test_latest_is_the_body_without_the_quoted_history() -> None:
    body = (
        "Hi Sam,\n\nThanks, Tuesday works.\n\nBest,\nLeo\n-- \nLeo Park | Recruiter\n\n"
        "On Mon, 2 Mar 2026 at 09:00, Sam <sam@example.com> wrote:\n> Does Tuesday suit?\n"
    )
    message = parse_message(make_raw(body=body))
    assert message.latest == "Hi Sam,\n\nThanks, Tuesday works.\n\nBest,\nLeo"
    assert "Does Tuesday suit?" in message.body


def test_headers_only_parse_matches_the_full_parse() -> None:
    raw = make_raw(7)
    headers = parse_headers(raw)
    full = parse_message(raw)
    assert (headers.message_id, headers.subject, headers.sent_at, headers.from_address) == (
        full.message_id,
        full.subject,
        full.sent_at,
        full.from_address,
    )


def test_reply_headers_are_read() -> None:
    raw = HEAD + (
        b"In-Reply-To: <sent-1@example.com>\r\n"
        b"References: <root@example.com>\r\n <sent-1@example.com>\r\n\r\nThanks!\r\n"
    )
    message = parse_message(raw)
    assert message.in_reply_to == "<sent-1@example.com>"
    assert message.references == ("<root@example.com>", "<sent-1@example.com>")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "the message is empty"),
        (b"  \r\n\r\n", "the message is empty"),
        (b"\x00\x01\x02 just some bytes\n\nmore", "no mail headers"),
    ],
)
def test_unreadable_message_says_why(raw: bytes, reason: str) -> None:
    with pytest.raises(UnreadableMessage) as raised:
        parse_message(raw)
    assert reason in raised.value.reason
    assert isinstance(raised.value, AfterwordError)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_parsing_any_bytes_never_raises_anything_but_unreadable(raw: bytes) -> None:
    for attempt in (
        lambda: parse_message(
            b"From: a@b.example\r\nContent-Type: multipart/mixed; boundary=x\r\n" + raw
        ),
        lambda: parse_message(raw),
        lambda: parse_headers(raw),
    ):
        with contextlib.suppress(UnreadableMessage):
            attempt()


def test_absurdly_deep_mime_nesting_keeps_the_headers() -> None:
    nesting = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i)
        for i in range(3000)
    )
    message = parse_message(HEAD + nesting + b"Content-Type: text/plain\r\n\r\nhello\r\n")
    assert message.subject == "Your application"
    assert message.body == ""


# Found by the fuzz suite (tests/fuzz): a header parameter in broken RFC 2231 pieces made the
# stdlib raise TypeError wherever it was read, and the whole message was lost.
_RFC2231_HEAD = (
    b"From: a@b.example\nTo: c@d.example\nSubject: hi\nMessage-ID: <x@y>\nMIME-Version: 1.0\n"
)


@pytest.mark.parametrize(
    ("tail", "body"),
    [
        (b"Content-Type: text/plain; charset*=utf-8''%E2%82; charset*0*=x\n\nreadable words\n",
         "readable words"),
        (b"Content-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n"
         b"Content-Disposition: inline; x*=utf-8''%E2; x*0*=y\n\nwords here\n--B--\n",
         "words here"),
        (b"Content-Type: multipart/mixed; boundary*=utf-8''%E2%82; boundary*0*=x\n\n--x\n"
         b"Content-Type: text/plain\n\nwords\n--x--\n",
         ""),  # the MIME structure cannot be read: the headers still are
    ],
    ids=["charset", "disposition", "boundary"],
)  # fmt: skip
def test_a_header_parameter_in_broken_rfc2231_pieces_loses_that_parameter_only(
    tail: bytes, body: str
) -> None:
    message = parse_message(_RFC2231_HEAD + tail)
    assert (message.subject, message.message_id, message.body) == ("hi", "<x@y>", body)
