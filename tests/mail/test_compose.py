"""Composing messages: headers, UTF-8 names, .eml bytes and mailto: links."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from dataclasses import replace
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afterword.errors import InvalidInputError
from afterword.mail.compose import Outgoing, build_message, eml_bytes, mailto_link

WRITTEN = dt.datetime(2026, 12, 3, 16, 30, tzinfo=ZoneInfo("Europe/Berlin"))

OUTGOING = Outgoing(
    from_name="Zoë Ñúñez",
    from_email="zoe@example.com",
    to_name="Ada Lovelace",
    to_email="ada@analytical.example",
    subject="Thank you — Größe matters",
    body="Dear Ada,\n\nthank you for today's conversation.\n\nZoë\n",
    date=WRITTEN,
    message_id_domain="example.com",
)


def parse(raw: bytes) -> email.message.EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def text_of(message: email.message.EmailMessage) -> str:
    """The text of a message with "\\n" line breaks.

    Inside base64, MIME text keeps its canonical CRLF line breaks (RFC 2045), and the
    parser hands them back as they are; mail programs show both forms the same.
    """
    content = message.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")


def test_message_has_from_to_subject_date_and_a_message_id_on_the_given_domain() -> None:
    message = build_message(OUTGOING)

    assert message["Subject"] == "Thank you — Größe matters"
    assert message["Date"] == "Thu, 03 Dec 2026 16:30:00 +0100"
    assert message["Date"].datetime == WRITTEN
    assert message["Message-ID"].startswith("<")
    assert message["Message-ID"].endswith("@example.com>")
    assert message["MIME-Version"] == "1.0"
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert "In-Reply-To" not in message
    assert "References" not in message


def test_every_message_gets_a_new_message_id() -> None:
    assert build_message(OUTGOING)["Message-ID"] != build_message(OUTGOING)["Message-ID"]


def test_utf8_display_names_are_encoded_and_parse_back_to_the_same_name_and_address() -> None:
    message = build_message(replace(OUTGOING, to_name="Zoë Ñúñez", to_email="zoe@nunez.example"))
    raw = eml_bytes(message)

    # On the wire every header is ASCII (RFC 2047 encoded words) ...
    header_block = raw.split(b"\r\n\r\n", 1)[0]
    assert header_block.isascii()
    # ... and both the message object and a fresh parse give the name back.
    for parsed in (message, parse(raw)):
        (to,) = parsed["To"].addresses
        assert (to.display_name, to.addr_spec) == ("Zoë Ñúñez", "zoe@nunez.example")
        (sender,) = parsed["From"].addresses
        assert (sender.display_name, sender.addr_spec) == ("Zoë Ñúñez", "zoe@example.com")
    assert parse(raw)["Subject"] == "Thank you — Größe matters"


def test_names_with_commas_and_quotes_stay_one_address() -> None:
    message = build_message(replace(OUTGOING, to_name='Lovelace, Ada "Countess"'))

    (to,) = parse(eml_bytes(message))["To"].addresses
    assert to.display_name == 'Lovelace, Ada "Countess"'
    assert to.addr_spec == "ada@analytical.example"


def test_missing_names_give_bare_addresses() -> None:
    message = build_message(replace(OUTGOING, from_name=None, to_name=None))

    assert str(message["From"]) == "zoe@example.com"
    assert str(message["To"]) == "ada@analytical.example"


def test_reply_sets_in_reply_to_and_references() -> None:
    message = build_message(replace(OUTGOING, in_reply_to="<offer-42@recruiting.example>"))

    assert message["In-Reply-To"] == "<offer-42@recruiting.example>"
    assert message["References"] == "<offer-42@recruiting.example>"


def test_line_breaks_in_a_subject_cannot_start_a_new_header() -> None:
    message = build_message(replace(OUTGOING, subject="Hello\r\nBcc: victim@example.org"))

    parsed = parse(eml_bytes(message))
    assert parsed["Subject"] == "Hello Bcc: victim@example.org"
    assert "Bcc" not in parsed


def test_a_message_without_recipient_has_no_to_header_for_the_user_to_fill_in() -> None:
    message = build_message(replace(OUTGOING, to_name="Ada", to_email=""))

    assert "To" not in message
    assert parse(eml_bytes(message))["Subject"] == "Thank you — Größe matters"


@pytest.mark.parametrize("address", ["ada", "ada@", "@example.com", "a b@example.com", "a@b@c"])
def test_a_recipient_that_is_not_an_address_is_refused(address: str) -> None:
    with pytest.raises(InvalidInputError, match="is not an email address"):
        build_message(replace(OUTGOING, to_email=address))


def test_a_naive_date_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        replace(OUTGOING, date=dt.datetime(2026, 12, 3, 16, 30))


def test_a_long_non_ascii_body_round_trips_through_eml_bytes() -> None:
    paragraph = (
        "Merci beaucoup pour l'entretien d'aujourd'hui — j'ai apprécié la discussion sur "
        "l'équipe « données » et sur Zürich. 日本語も少し話せます。 "
    )
    # Long lines and dots at line starts, which SMTP would otherwise take for the end of data.
    body = "\n".join([paragraph * 3, ".", "..leading dots", "", "trailing space   ", *(
        f"{number}. {paragraph}" for number in range(200)
    )]) + "\n"  # fmt: skip
    message = build_message(replace(OUTGOING, body=body))
    raw = eml_bytes(message)

    assert message["Content-Transfer-Encoding"] in ("quoted-printable", "base64", "8bit")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998  # RFC 5322 line limit
    assert text_of(parse(raw)) == body
    assert parse(raw).get_content_charset() == "utf-8"


def test_eml_bytes_use_crlf_line_ends_only() -> None:
    raw = eml_bytes(build_message(OUTGOING))

    assert raw.count(b"\n") == raw.count(b"\r\n") > 5
    assert raw.startswith(b"From: ")


def test_short_ascii_body_stays_readable_7bit() -> None:
    message = build_message(replace(OUTGOING, body="See you on Monday.\n"))

    assert message["Content-Transfer-Encoding"] == "7bit"
    assert eml_bytes(message).endswith(b"\r\n\r\nSee you on Monday.\r\n")


# --- mailto: -------------------------------------------------------------------------------------


def split_mailto(link: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(link)
    assert parts.scheme == "mailto"
    fields = {key: values[0] for key, values in parse_qs(parts.query, strict_parsing=False).items()}
    return unquote(parts.path), fields


def test_mailto_encodes_spaces_as_percent_20_and_line_breaks_as_crlf() -> None:
    link = mailto_link("ada@analytical.example", "Thank you & see you", "Hi Ada,\nthanks!\n")

    assert link == (
        "mailto:ada@analytical.example"
        "?subject=Thank%20you%20%26%20see%20you"
        "&body=Hi%20Ada%2C%0D%0Athanks%21%0D%0A"
    )
    assert "+" not in link


def test_mailto_round_trips_ampersands_equals_plus_and_non_ascii() -> None:
    subject = "Zoë: 1+1=2 & a 100% #match?"
    body = "Grüße,\r\nZoë\n— sent with care; a=b&c=d\n日本"

    address, fields = split_mailto(mailto_link("ada@analytical.example", subject, body))

    assert address == "ada@analytical.example"
    assert fields == {"subject": subject, "body": body.replace("\r\n", "\n").replace("\n", "\r\n")}


def test_mailto_without_recipient_or_body() -> None:
    assert mailto_link(None, "Hello", "") == "mailto:?subject=Hello"
    assert mailto_link("ada@analytical.example", "", "") == "mailto:ada@analytical.example"


def test_mailto_escapes_special_characters_in_the_address() -> None:
    link = mailto_link("odd?name&x@example.com", "Hi", "")

    assert link.startswith("mailto:odd%3Fname%26x@example.com?subject=Hi")
    assert split_mailto(link)[0] == "odd?name&x@example.com"


# Text that can be written as UTF-8 (no lone surrogates).
text_without_surrogates = st.text(alphabet=st.characters(codec="utf-8"))


@given(body=text_without_surrogates)
def test_any_body_round_trips_through_a_mailto_link(body: str) -> None:
    link = mailto_link("ada@analytical.example", "Subject", body)

    assert " " not in link and "\n" not in link
    expected = "\r\n".join(body.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    assert split_mailto(link)[1].get("body", "") == expected
