"""The newest reply of a message: quoted lines, quoted history and signatures removed."""

from __future__ import annotations

import pytest

from afterword.inbox.body_text import decode_text, html_to_text, latest_reply


def test_lines_starting_with_a_quote_marker_are_dropped_and_answers_kept() -> None:
    body = "> Could you do Thursday?\nYes, Thursday at 2pm is fine.\n>> older\n> Or Friday?\nFriday too."
    assert latest_reply(body) == "Yes, Thursday at 2pm is fine.\nFriday too."


def test_everything_after_an_on_date_wrote_line_is_dropped() -> None:
    body = (
        "Great news: we'd like to make you an offer.\n\n"
        "On Tue, 3 Mar 2026 at 10:12, Sam Rivera <sam@example.com> wrote:\n"
        "Thanks for the call. Any update?\n"
    )
    assert latest_reply(body) == "Great news: we'd like to make you an offer."


def test_an_attribution_wrapped_over_two_lines_is_recognised() -> None:
    body = (
        "Sadly we will not be moving forward.\n\n"
        "On Tue, 3 Mar 2026 at 10:12, Sam Rivera <\nsam@example.com> wrote:\n\nHello!\n"
    )
    assert latest_reply(body) == "Sadly we will not be moving forward."


def test_an_original_message_block_is_dropped() -> None:
    body = "See you Monday.\n\n-----Original Message-----\nFrom: Sam\nSubject: Interview\n\nHi"
    assert latest_reply(body) == "See you Monday."


def test_an_outlook_from_sent_header_block_is_dropped() -> None:
    body = (
        "Could you send your references?\n\n________________________________\n"
        "From: Sam Rivera <sam@example.com>\nSent: 03 March 2026 10:12\nTo: Leo\n"
        "Subject: RE: next steps\n\nHere is my portfolio."
    )
    assert latest_reply(body) == "Could you send your references?"
    bare = "Thanks.\nFrom: Sam Rivera\nDate: 3 March 2026\nSubject: hi\n\nold text"
    assert latest_reply(bare) == "Thanks."


def test_a_from_line_without_a_header_block_is_kept() -> None:
    body = "From: the whole team, congratulations!\nWe look forward to working with you."
    assert latest_reply(body) == body


@pytest.mark.parametrize("separator", ["-- ", "--"])
def test_the_signature_after_the_separator_is_dropped(separator: str) -> None:
    body = f"Talk soon,\nLeo\n{separator}\nLeo Park\nSenior Recruiter, Fernhill\n+44 20 0000 0000"
    assert latest_reply(body) == "Talk soon,\nLeo"


def test_a_dashed_line_inside_the_text_is_not_a_signature() -> None:
    body = "Agenda:\n--- intro\n---- coding\nThanks"
    assert latest_reply(body) == body


def test_a_message_that_is_only_a_quote_has_no_latest_text() -> None:
    assert latest_reply("> all quoted\n> still quoted\n") == ""


def test_html_entities_and_line_breaks_become_text() -> None:
    assert html_to_text("<div>A&nbsp;&lt;b&gt;</div><div>B<br/>C</div>") == "A <b>\nB\nC"


def test_decode_text_never_fails() -> None:
    assert decode_text(b"\xff\xfe\x00", "utf-8") == "\ufffd\ufffd\x00"
    assert decode_text("Zoë".encode(), "base64") == "Zoë"  # not a text encoding: ignored
    assert decode_text(b"\x93hi\x94", "iso-8859-1") == "“hi”"  # latin-1 labels mean cp1252


def test_text_labelled_ascii_but_written_in_utf8_is_read_as_utf8() -> None:
    assert decode_text("Zoë".encode(), "us-ascii") == "Zoë"
