"""Every built-in email template, rendered from full and sparse contexts: it reads naturally."""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterword.drafts.context import TEMPLATES, DraftContext
from afterword.drafts.render import TEMPLATE_DIR, TEMPLATE_SUFFIX, Draft, render_draft
from afterword.playbook.actions import EMAIL_KINDS

TODAY = dt.date(2026, 12, 3)  # a Thursday
CLICHES = (
    "finds you well",
    "circle back",
    "touch base",
    "synergy",
    "passionate",
    "reach out",
    "at your earliest convenience",
)


def full_context(template: str, **changes: object) -> DraftContext:
    context = DraftContext(
        template=template,
        company="Acme Analytics",
        role="Backend Engineer",
        today=TODAY,
        locale="en_GB",
        sender_name="Sam Rivera",
        sender_email="sam@example.org",
        recipient_name="Priya Rao",
        recipient_email="priya@acme.example",
        recipient_role="recruiter",
        interview_on=dt.date(2026, 12, 3),
        interview_kind="technical",
        interviewer_names=("Priya Rao", "Lee Chen", "Ana Silva"),
        discussed=("Tell me about a migration you led", "How would you shard the orders table?"),
        timeline_known=False,
        expected_decision_on=dt.date(2026, 12, 10),
        followed_up_on=dt.date(2026, 12, 14),
        offer_company="Globex",
        offer_deadline=dt.date(2026, 12, 11),
        proposed_deadline=dt.date(2026, 12, 18),
        start_date=dt.date(2027, 2, 1),
        accepted_company="Globex",
        feedback_text="The take-home solution did not include any tests.",
        extra={"correction": "The tests were in the tests/ folder of the submission."},
    )
    return replace(context, **changes)


def sparse_context(template: str, **changes: object) -> DraftContext:
    context = DraftContext(template=template, company="Acme", role="Data Analyst", today=TODAY)
    return replace(context, **changes)


def assert_reads_naturally(draft: Draft, context: DraftContext) -> None:
    """The checks every draft must pass, whatever facts were missing."""
    text = f"{draft.subject}\n{draft.body}"
    assert draft.subject, "a subject line"
    assert len(draft.subject) < 80
    assert context.company in draft.subject or context.role in draft.subject
    assert "None" not in text
    for leftover in ("{{", "}}", "{%", "%}", "{#"):
        assert leftover not in text
    assert "Hi ," not in text and "Dear ," not in text and "Hi," not in text
    assert "  " not in text, "no doubled spaces"
    assert not re.search(r" [,.;:?]", text), "no space before punctuation"
    assert text.count("!") <= 1
    lines = draft.body.split("\n")
    assert re.fullmatch(r"(Hi|Dear) [^\s,][^,]*,|Hello,", lines[0]), lines[0]
    assert lines[1] == "", "a blank line after the greeting"
    assert all(line == line.rstrip() for line in lines), "no trailing spaces"
    assert all(line.strip() not in {",", ".", "-", "–"} for line in lines), "no orphan lines"
    assert "\n\n\n" not in draft.body
    assert draft.body.endswith("\n") and not draft.body.endswith("\n\n")
    lowered = text.lower()
    for cliche in CLICHES:
        assert cliche not in lowered


def test_there_is_one_template_file_per_template_name():
    files = {path.name.removesuffix(TEMPLATE_SUFFIX) for path in TEMPLATE_DIR.glob("*.txt.j2")}
    assert files == set(TEMPLATES)


def test_every_email_action_has_a_template():
    assert {kind.value for kind in EMAIL_KINDS} <= set(TEMPLATES)


@pytest.mark.parametrize("template", TEMPLATES)
def test_full_context_reads_naturally_and_uses_the_names(template):
    context = full_context(template)
    draft = render_draft(context)
    assert_reads_naturally(draft, context)
    assert draft.body.startswith(("Hi Priya,\n", "Dear Priya,\n"))
    assert draft.body.rstrip("\n").endswith("\nSam Rivera")
    assert draft.to_name == "Priya Rao"
    assert draft.to_email == "priya@acme.example"
    assert draft.missing == ()
    assert draft.warnings == ()


@pytest.mark.parametrize("template", TEMPLATES)
def test_sparse_context_reads_naturally_without_a_name_line(template):
    context = sparse_context(template)
    draft = render_draft(context)
    assert_reads_naturally(draft, context)
    assert draft.body.startswith("Hello,\n")
    # No name anywhere: the closing word ends the email, with no empty line for a name.
    assert draft.body.rstrip("\n").split("\n")[-1].endswith(",")
    assert draft.to_name is None and draft.to_email is None


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_missing_recipient_email_is_always_reported(template):
    draft = render_draft(full_context(template, recipient_email=None))
    assert draft.missing[0].endswith("email address")


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (
            "thank_recruiter",
            (
                "the recruiter's email address",
                "the recruiter's name, for the greeting",
                "the interview date",
                "your name (afterword profile set --name ...)",
            ),
        ),
        (
            "thank_interviewer",
            (
                "the interviewer's email address",
                "the interviewer's name, for the greeting",
                "the interview date",
                "something you discussed in the interview (from your debrief)",
                "your name (afterword profile set --name ...)",
            ),
        ),
        (
            "second_follow_up",
            (
                "the recruiter's email address",
                "the recruiter's name, for the greeting",
                "the date of your first follow-up",
                "your name (afterword profile set --name ...)",
            ),
        ),
        (
            "extension_request",
            (
                "the recruiter's email address",
                "the recruiter's name, for the greeting",
                "the offer's current deadline",
                "the new deadline you want to ask for",
                "your name (afterword profile set --name ...)",
            ),
        ),
        (
            "offer_notice",
            (
                "the recruiter's email address",
                "the recruiter's name, for the greeting",
                "which company made the other offer",
                "when the other offer expires",
                "your name (afterword profile set --name ...)",
            ),
        ),
        (
            "clarification",
            (
                "the recruiter's email address",
                "the recruiter's name, for the greeting",
                "the feedback you are answering",
                "the correction itself: the facts, in a sentence or two (extra 'correction')",
                "your name (afterword profile set --name ...)",
            ),
        ),
        (
            "withdraw",
            (
                "the recruiter's email address",
                "the recruiter's name, for the greeting",
                "your name (afterword profile set --name ...)",
            ),
        ),
    ],
)
def test_sparse_context_lists_what_to_fill_in(template, expected):
    assert render_draft(sparse_context(template)).missing == expected


def test_missing_phrases_name_the_recorded_recipient_role():
    draft = render_draft(sparse_context("follow_up", recipient_role="hiring_manager"))
    assert draft.missing[:2] == (
        "the hiring manager's email address",
        "the hiring manager's name, for the greeting",
    )


def test_a_contact_of_no_particular_role_is_called_the_contact():
    draft = render_draft(sparse_context("withdraw", recipient_role="other"))
    assert draft.missing[0] == "the contact's email address"


def test_a_signature_counts_as_the_senders_name():
    draft = render_draft(sparse_context("withdraw", signature="Sam Rivera\n+44 20 7946 0000"))
    assert not any("your name" in phrase for phrase in draft.missing)


# ---------------------------------------------------------------- dates in the user's locale


@pytest.mark.parametrize(
    ("locale", "interview", "deadline", "proposed"),
    [
        ("en_GB", "Thursday 3 December", "Friday 11 December", "Friday 18 December"),
        ("en_US", "Thursday, December 3", "Friday, December 11", "Friday, December 18"),
        ("tlh_QO", "Thursday 3 December", "Friday 11 December", "Friday 18 December"),
        ("not a locale", "Thursday 3 December", "Friday 11 December", "Friday 18 December"),
    ],
)
def test_dates_are_written_in_the_users_locale(locale, interview, deadline, proposed):
    thank_you = render_draft(full_context("thank_recruiter", locale=locale)).body
    assert f"technical interview on {interview} for the Backend Engineer role" in thank_you
    extension = render_draft(full_context("extension_request", locale=locale)).body
    assert f"by {deadline}." in extension
    assert f"extend that to {proposed}?" in extension


def test_a_start_date_in_another_year_far_ahead_carries_its_year():
    draft = render_draft(full_context("confirm_acceptance", start_date=dt.date(2027, 6, 7)))
    assert "a start date of Monday, 7 June 2027." in draft.body
    soon = render_draft(full_context("confirm_acceptance", start_date=dt.date(2027, 1, 4)))
    assert "a start date of Monday 4 January." in soon.body


# ---------------------------------------------------------------- names and specifics


def test_greeting_uses_the_first_name_or_a_title_with_the_surname():
    assert render_draft(full_context("follow_up")).body.startswith("Hi Priya,\n")
    titled = render_draft(full_context("follow_up", recipient_name="Dr. Priya Rao"))
    assert titled.body.startswith("Hi Dr. Rao,\n")
    blank = render_draft(full_context("follow_up", recipient_name="   "))
    assert blank.body.startswith("Hello,\n")
    assert blank.to_name is None


def test_thank_recruiter_thanks_the_other_interviewers_but_not_the_recipient():
    body = render_draft(full_context("thank_recruiter")).body
    assert "Please pass my thanks on to Lee Chen and Ana Silva for their time." in body
    us = render_draft(
        full_context("thank_recruiter", locale="en_US", recipient_name="Jo Park")
    ).body
    assert "Priya Rao, Lee Chen, and Ana Silva" in us


def test_thank_recruiter_thanks_for_organising_and_looks_forward_to_hearing():
    body = render_draft(full_context("thank_recruiter")).body
    assert "Thank you for organising my technical interview on Thursday 3 December" in body
    assert "look forward to hearing from you" in body


def test_thank_recruiter_asks_for_the_timeline_only_when_it_is_unknown():
    question = "When do you expect the team to reach a decision"
    unknown = render_draft(full_context("thank_recruiter", timeline_known=False)).body
    assert question in unknown
    dated = full_context(
        "thank_recruiter", timeline_known=True, decision_promised_by=dt.date(2026, 12, 10)
    )
    known = render_draft(dated).body
    assert question not in known
    assert "expects to decide by Thursday 10 December" in known
    span = full_context(
        "thank_recruiter", timeline_known=True, decision_promised_within="within 3 business days"
    )
    assert "expects to decide within 3 business days" in render_draft(span).body
    known_undated = render_draft(full_context("thank_recruiter", timeline_known=True)).body
    assert question not in known_undated
    assert "look forward to hearing from you" in known_undated


def test_no_draft_presents_afterwords_own_estimate_as_the_companys_date():
    # The default wait is afterword's assumption: the company never named Thursday 10 December.
    for template in ("thank_recruiter", "follow_up"):
        body = render_draft(full_context(template, expected_decision_on=dt.date(2026, 12, 10))).body
        assert "10 December" not in body


def test_thank_interviewer_quotes_the_questions_discussed():
    body = render_draft(full_context("thank_interviewer")).body
    assert (
        "I enjoyed talking through your questions “Tell me about a migration you led” and "
        "“How would you shard the orders table?”, and the conversation gave me" in body
    )
    one = render_draft(full_context("thank_interviewer", discussed=("Design a rate limiter.",)))
    assert "talking through your question “Design a rate limiter”, and" in one.body


def test_follow_ups_restate_interest_and_ask_for_an_update():
    first = render_draft(full_context("follow_up")).body
    assert "still very interested" in first and "any update" in first
    # The recruiter was not in the interview: no "our conversation" about its questions.
    assert "your question" not in first
    there = render_draft(
        full_context(
            "follow_up", recipient_was_there=True, decision_promised_by=dt.date(2026, 12, 10)
        )
    ).body
    assert "I've kept thinking about your questions “Tell me about a migration" in there
    assert "hoped to decide by Thursday 10 December" in there
    second = render_draft(full_context("second_follow_up")).body
    assert "following my email of Monday 14 December" in second
    assert "stay in touch" in second
    assert len(second) < len(there)


def test_feedback_request_says_it_would_help_to_improve():
    body = render_draft(full_context("feedback_request")).body
    assert "help me improve" in body
    assert "feedback on my technical interview" in body
    sparse = render_draft(sparse_context("feedback_request")).body
    assert "feedback on my interviews" in sparse


def test_clarification_corrects_the_facts_without_asking_to_reconsider():
    for context in (full_context("clarification"), sparse_context("clarification")):
        body = render_draft(context).body.lower()
        assert "reconsider" not in body
        assert "revisit the decision" not in body
        assert "another chance" not in body
        assert "not writing to question the decision" in body
    full = render_draft(full_context("clarification")).body
    assert "“The take-home solution did not include any tests.”" in full
    assert "The tests were in the tests/ folder of the submission." in full
    placeholder = render_draft(sparse_context("clarification")).body
    assert "[In a sentence or two, the facts as they were" in placeholder


def test_clarification_refers_to_long_feedback_instead_of_quoting_it():
    long_feedback = "The solution was hard to follow. " * 20
    body = render_draft(full_context("clarification", feedback_text=long_feedback)).body
    assert "hard to follow" not in body
    assert "One point in the feedback seems to rest on a misunderstanding" in body


def test_extension_request_states_current_and_proposed_deadlines():
    body = render_draft(full_context("extension_request")).body
    assert "excited" in body
    assert "my answer by Friday 11 December" in body
    assert "extend that to Friday 18 December?" in body
    only_current = render_draft(full_context("extension_request", proposed_deadline=None)).body
    assert "by Friday 11 December" in only_current and "a few days" in only_current
    only_proposed = render_draft(full_context("extension_request", offer_deadline=None)).body
    assert "my answer by Friday 18 December?" in only_proposed


def test_offer_notice_names_the_offer_and_its_expiry_and_asks_to_speed_up():
    body = render_draft(full_context("offer_notice")).body
    assert "an offer from Globex, and it expires on Friday 11 December." in body
    # Not every company is the favourite: "very keen" only where the user rated it so.
    assert "still interested in the role at Acme Analytics" in body
    assert "keen" not in body
    keen = render_draft(full_context("offer_notice", interest=5)).body
    assert "very keen on the role at Acme Analytics" in keen
    assert "move a little faster, so that I can hear from you before then?" in body
    sparse = render_draft(sparse_context("offer_notice")).body
    assert "an offer from another company." in sparse


def test_withdraw_and_decline_never_name_the_chosen_company():
    for template in ("withdraw", "decline_offer", "renege_message"):
        body = render_draft(full_context(template, accepted_company="Initech")).body
        assert "Initech" not in body
    assert "accepted an offer elsewhere" in render_draft(full_context("withdraw")).body
    assert "decided to withdraw" in render_draft(sparse_context("withdraw")).body


def test_confirm_acceptance_asks_about_start_date_and_paperwork():
    with_date = render_draft(full_context("confirm_acceptance")).body
    assert "accept the offer" in with_date
    assert "start date of Monday 1 February" in with_date and "paperwork" in with_date
    without = render_draft(sparse_context("confirm_acceptance")).body
    assert "including the start date, any paperwork" in without


def test_renege_message_apologises_and_takes_responsibility():
    body = render_draft(full_context("renege_message")).body
    assert "take full responsibility" in body and "sorry" in body
    assert "won't be joining" in body


def test_ask_how_well_asks_how_the_interviews_were_seen():
    body = render_draft(full_context("ask_how_well")).body
    assert "how the team saw my interviews" in body


def test_interview_kinds_read_as_nouns():
    screen = render_draft(full_context("follow_up", interview_kind="phone screen")).body
    assert "my phone screen on Thursday 3 December" in screen
    onsite = render_draft(full_context("follow_up", interview_kind="onsite")).body
    assert "my onsite interview on" in onsite
    take_home = render_draft(full_context("follow_up", interview_kind="take_home")).body
    assert "my take-home exercise on" in take_home
    other = render_draft(full_context("follow_up", interview_kind="other")).body
    assert "my interview on" in other


# ---------------------------------------------------------------- any combination of facts

_word = st.text(alphabet=string.ascii_letters, min_size=1, max_size=12).filter(
    lambda word: "None" not in word
)
_phrase = st.lists(_word, min_size=1, max_size=4).map(" ".join)
_maybe_text = st.one_of(st.none(), st.just(""), st.just("   "), _phrase)
_maybe_day = st.one_of(st.none(), st.dates(dt.date(2025, 1, 1), dt.date(2028, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(
    template=st.sampled_from(TEMPLATES),
    locale=st.sampled_from(["en_GB", "en_US", "fr_FR", "de_DE", "ja_JP", "xx_ZZ", ""]),
    sender_name=_maybe_text,
    signature=st.one_of(st.none(), st.just("Best,\nSam"), _phrase),
    recipient_name=_maybe_text,
    recipient_email=st.one_of(st.none(), st.just("p@example.org")),
    recipient_role=st.one_of(st.none(), st.sampled_from(["recruiter", "hiring_manager"])),
    interview_on=_maybe_day,
    interview_kind=_maybe_text,
    interviewer_names=st.lists(_maybe_text.filter(bool), max_size=3).map(tuple),
    discussed=st.lists(_phrase.map(lambda p: p + "?") | _phrase, max_size=3).map(tuple),
    timeline_known=st.booleans(),
    expected_decision_on=_maybe_day,
    followed_up_on=_maybe_day,
    offer_company=_maybe_text,
    offer_deadline=_maybe_day,
    proposed_deadline=_maybe_day,
    start_date=_maybe_day,
    accepted_company=_maybe_text,
    feedback_text=_maybe_text,
    correction=_maybe_text,
)
def test_any_combination_of_present_and_absent_facts_reads_cleanly(template, correction, **facts):
    extra = {"correction": correction} if correction is not None else {}
    context = DraftContext(
        template=template, company="Acme", role="Data Analyst", today=TODAY, extra=extra, **facts
    )
    draft = render_draft(context)
    text = f"{draft.subject}\n{draft.body}"
    assert "None" not in text
    assert "{{" not in text and "{%" not in text
    assert "  " not in text
    assert not re.search(r" [,.;:?]", text)
    assert re.fullmatch(r"(Hi|Dear) [^\s,][^,]*,|Hello,", draft.body.split("\n")[0])
    assert draft.body.endswith("\n") and "\n\n\n" not in draft.body
    assert draft.warnings == ()
