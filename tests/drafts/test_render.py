"""The renderer: locale dates, tidy output, sign-offs, and user overrides with safe fallback."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from afterword.drafts.context import DraftContext
from afterword.drafts.render import format_day, render_draft, template_variables

TODAY = dt.date(2026, 12, 3)


def context(template: str = "follow_up", **changes: object) -> DraftContext:
    base = DraftContext(
        template=template,
        company="Acme",
        role="Data Analyst",
        today=TODAY,
        sender_name="Sam Rivera",
        recipient_name="Priya Rao",
        recipient_email="priya@acme.example",
        interview_on=dt.date(2026, 11, 26),
    )
    return dataclasses.replace(base, **changes)


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.txt.j2"
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- format_day


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en_GB", "Thursday 3 December"),
        ("en_US", "Thursday, December 3"),
        ("en-US", "Thursday, December 3"),
        ("fr_FR", "jeudi 3 décembre"),
        ("de_DE", "Donnerstag, 3. Dezember"),
        ("es_ES", "jueves, 3 de diciembre"),
        ("ru_RU", "четверг, 3 декабря"),
        ("ja_JP", "12月3日木曜日"),
    ],
)
def test_format_day_writes_weekday_day_and_month_in_the_locale(locale, expected):
    assert format_day(dt.date(2026, 12, 3), locale) == expected


@pytest.mark.parametrize("locale", ["xx_YY", "tlh", "", "not a locale", "en_GB.UTF-8"])
def test_format_day_falls_back_to_british_english_for_unknown_locales(locale):
    assert format_day(dt.date(2026, 12, 3), locale) == "Thursday 3 December"


def test_format_day_adds_the_year_only_for_distant_dates_in_another_year():
    day = dt.date(2027, 6, 7)
    assert format_day(day, "en_GB") == "Monday 7 June"
    assert format_day(day, "en_GB", today=TODAY) == "Monday, 7 June 2027"
    assert format_day(day, "en_US", today=TODAY) == "Monday, June 7, 2027"
    # Early January seen from December: no year needed.
    assert format_day(dt.date(2027, 1, 4), "en_GB", today=TODAY) == "Monday 4 January"
    assert format_day(dt.date(2026, 5, 1), "en_GB", today=TODAY) == "Friday 1 May"


# ---------------------------------------------------------------- the draft


def test_render_draft_splits_subject_and_body_and_fills_the_recipient():
    draft = render_draft(context())
    assert draft.template == "follow_up"
    assert draft.subject == "Following up – Data Analyst at Acme"
    assert draft.body.startswith("Hi Priya,\n\nI'm writing to follow up on my interview on ")
    assert "Thursday 26 November" in draft.body
    assert draft.to_name == "Priya Rao"
    assert draft.to_email == "priya@acme.example"
    with pytest.raises(dataclasses.FrozenInstanceError):
        draft.subject = "changed"


def test_render_draft_refuses_an_unknown_template():
    with pytest.raises(ValueError, match="unknown template 'thank_you_kindly'"):
        render_draft(context("thank_you_kindly"))


def test_values_are_trimmed_and_blank_ones_count_as_missing():
    draft = render_draft(
        context(recipient_name="  Priya   Rao ", sender_name="", recipient_email=" ")
    )
    assert draft.body.startswith("Hi Priya,\n")
    assert draft.to_name == "Priya Rao"
    assert draft.to_email is None
    assert "the recruiter's email address" in draft.missing
    assert "your name (afterword profile set --name ...)" in draft.missing
    assert draft.body.rstrip("\n").endswith("Best regards,")


def test_signature_replaces_the_plain_name():
    draft = render_draft(context(signature="Sam Rivera\nData person\n+44 20 7946 0000"))
    assert draft.body.endswith("Best regards,\nSam Rivera\nData person\n+44 20 7946 0000\n")


def test_a_signature_with_its_own_closing_replaces_ours():
    draft = render_draft(context(signature="Cheers,\nSam"))
    assert draft.body.endswith("I appreciate your help.\n\nCheers,\nSam\n")
    assert "Best regards" not in draft.body


def test_template_variables_offer_ready_made_phrases():
    variables = template_variables(
        context(interview_kind="system design", interviewer_names=("Lee Chen", "Ana Silva"))
    )
    assert variables["greeting"] == "Hi Priya,"
    assert variables["formal_greeting"] == "Dear Priya,"
    assert variables["role_noun"] == "Data Analyst role"
    assert variables["interview"] == "system design interview"
    assert variables["interviewers"] == "Lee Chen and Ana Silva"
    assert variables["sign_off"]("Thanks,") == "Thanks,\nSam Rivera"
    position = template_variables(context(role="Analyst position", interview_kind="panel"))
    assert position["role_noun"] == "Analyst position"
    assert position["interview"] == "panel interview"


# ---------------------------------------------------------------- overrides


def test_a_valid_override_replaces_the_built_in_text(tmp_path):
    write(
        tmp_path,
        "follow_up",
        "Subject: Any news? {{ role }}\n\n{{ greeting }}\n\n"
        "Any news since {{ interview_on|day }}?   \n\n\n\n{{ sign_off('Ta,') }}",
    )
    draft = render_draft(context(), override_dir=str(tmp_path))
    assert draft.subject == "Any news? Data Analyst"
    # Tidied: trailing spaces gone, blank lines collapsed, one final newline.
    assert draft.body == "Hi Priya,\n\nAny news since Thursday 26 November?\n\nTa,\nSam Rivera\n"
    assert draft.warnings == ()


def test_an_override_only_replaces_its_own_template(tmp_path):
    write(tmp_path, "follow_up", "Subject: Custom {{ company }}\n\nHello.\n")
    draft = render_draft(context("second_follow_up"), override_dir=str(tmp_path))
    assert draft.subject == "Checking in – Data Analyst at Acme"


def test_a_missing_override_directory_is_fine(tmp_path):
    draft = render_draft(context(), override_dir=str(tmp_path / "nowhere"))
    assert draft.subject == "Following up – Data Analyst at Acme"
    assert draft.warnings == ()


def test_an_override_with_a_syntax_error_falls_back_with_file_and_line(tmp_path):
    path = write(
        tmp_path,
        "follow_up",
        "Subject: Hello {{ company }}\n\n{{ greeting }}\n\n{% if interview_on %}\nOops {{ role\n",
    )
    draft = render_draft(context(), override_dir=str(tmp_path))
    assert draft.subject == "Following up – Data Analyst at Acme"
    assert len(draft.warnings) == 1
    warning = draft.warnings[0]
    assert warning.startswith(f"{path}:6: syntax error")
    assert "built-in template" in warning
    assert "\n" not in warning


def test_an_override_with_an_undefined_variable_falls_back_with_file_and_line(tmp_path):
    path = write(
        tmp_path,
        "follow_up",
        "Subject: Hello {{ company }}\n\n{{ greeting }}\n\nYour {{ recruter_name }} here.\n",
    )
    draft = render_draft(context(), override_dir=str(tmp_path))
    assert draft.subject == "Following up – Data Analyst at Acme"
    (warning,) = draft.warnings
    assert warning.startswith(f"{path}:5: ")
    assert "recruter_name" in warning and "is undefined" in warning


def test_an_override_printing_a_missing_value_falls_back_instead_of_writing_none(tmp_path):
    path = write(
        tmp_path,
        "extension_request",
        "Subject: Time – {{ company }}\n\n{{ greeting }}\n\nUntil {{ proposed_deadline }}?\n"
        "Or {{ offer_deadline|day }}\n",
    )
    draft = render_draft(context("extension_request"), override_dir=str(tmp_path))
    assert "None" not in draft.body
    (warning,) = draft.warnings
    assert warning.startswith(f"{path}:5: ValueError: a missing value (None)")


def test_an_override_without_a_subject_line_falls_back(tmp_path):
    path = write(tmp_path, "withdraw", "{{ greeting }}\n\nI withdraw.\n")
    draft = render_draft(context("withdraw"), override_dir=str(tmp_path))
    assert draft.subject == "Withdrawing my application – Data Analyst at Acme"
    assert draft.warnings == (
        f"{path}:1: the first line must be 'Subject: ...'; used the built-in template instead",
    )


def test_an_unreadable_override_falls_back_with_its_path(tmp_path):
    path = tmp_path / "withdraw.txt.j2"
    path.write_bytes(b"Subject: \xff\xfe broken\n")
    draft = render_draft(context("withdraw"), override_dir=str(tmp_path))
    assert draft.subject.startswith("Withdrawing my application")
    (warning,) = draft.warnings
    assert warning.startswith(f"{path}: cannot be read")
