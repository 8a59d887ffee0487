"""Stories of people typing their own template wording, checked the server's strict way.

Named invariants, whatever is typed:
- accepted_never_falls_back: a version the strict check accepts renders, with every fact
  known and with only the company and role known, without falling back to the packaged
  text, and its subject line is the typed one;
- refusal_is_one_line: a refusal is a single line;
- strict_only_adds_refusals: the single-user check (not strict) accepts everything the
  strict one does, and refuses nothing more: the single-user path is unchanged.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from afterword.drafts.overrides import _full_context, _sparse_context, check_template
from afterword.drafts.render import render_draft

NAME = "follow_up"
FRAGMENTS = [
    "Thanks again for your time.",
    "{{ company }}",
    "{{ role_noun }}",
    "{{ greeting }}",
    "{{ interview_on|day }}",
    "{% if interview_on %}We met on {{ interview_on|day }}.{% endif %}",
    "{{ recipient_name }}",
    "{% if recipient_name %}Dear {{ recipient_name }},{% endif %}",
    "{{ salary_band }}",
    "{{ offer_deadline|day }}",
    "{% if company %}",
    "{{ sign_off('Best,') }}",
    "{{ company|upper }}",
]


@st.composite
def typed_versions(draw: st.DrawFn) -> str:
    subject = draw(
        st.sampled_from(["Subject: Checking in – {{ company }}", "Subject: Hello", "Hi"])
    )
    body = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=6))
    return subject + "\n\n" + "\n".join(body) + "\n"


@settings(max_examples=150, deadline=None)
@given(typed_versions())
def test_a_strictly_accepted_version_never_falls_back_and_a_refusal_is_one_line(text: str) -> None:
    strict = check_template(NAME, text, strict=True)
    lenient = check_template(NAME, text)
    # strict_only_adds_refusals
    assert (lenient.error is None) >= (strict.error is None)
    if lenient.error is not None:
        assert strict.error == lenient.error
    if strict.error is not None:
        assert "\n" not in str(strict.error)  # refusal_is_one_line
        return
    # accepted_never_falls_back
    assert strict.caution is None
    for context in (_full_context(NAME), _sparse_context(NAME)):
        draft = render_draft(context, own_text=text)
        assert draft.warnings == ()
        assert draft.subject.startswith(("Checking in", "Hello"))
