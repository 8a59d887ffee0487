"""Feedback themes (pure): keyword grouping that shows which words matched."""

from __future__ import annotations

from afterword.reflection.feedback_themes import feedback_themes


def test_themes_raised_by_several_companies_come_first_and_are_recurring() -> None:
    themes = feedback_themes(
        [
            ("Acme", "Strong coding, but we wanted more system design depth."),
            ("Globex", "Your system design answer lacked depth."),
            ("Initech", "We went with a candidate with more years of experience."),
        ]
    )
    first = themes[0]
    assert first.name == "Technical depth"
    assert first.companies == ("Acme", "Globex") and first.recurring
    assert "system design" in first.words
    experience = next(theme for theme in themes if theme.name == "Experience and level")
    assert experience.companies == ("Initech",) and not experience.recurring


def test_no_feedback_has_no_themes() -> None:
    assert feedback_themes([]) == ()
    assert feedback_themes([("Acme", "Thanks for your time.")]) == ()
