"""The application an acknowledgement proposes to add: company and role as the email says them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from afterword.inbox.new_application import UNKNOWN_ROLE, proposed_application
from afterword.views.inbox import proposed

companies = st.sampled_from(["Hollowell Analytics", "Quillon", "Marlow & Finch", "DataNest GmbH"])
roles = st.sampled_from(["Data Engineer", "Senior Analyst", "UX Researcher", "Backend Developer"])


@given(company=companies, role=roles)
def test_the_role_named_in_the_opening_is_proposed_when_the_subject_names_only_the_company(
    company: str, role: str
) -> None:
    text = (
        f"Hi Robin, thank you for applying for the {role} position at {company}. "
        "We have received your application and will be in touch."
    )
    proposal = proposed_application(
        f"Thank you for applying to {company}", None, "no-reply@hire.lever.example", text
    )
    assert proposal == (company, role)


def test_a_sentence_about_something_else_after_for_is_not_taken_for_a_role() -> None:
    text = "Thank you for your time on Monday. Thanks for Applying Early, it helps us plan."
    proposal = proposed_application(
        "Thank you for applying to Quillon", None, "no-reply@hire.lever.example", text
    )
    assert proposal == ("Quillon", UNKNOWN_ROLE)


@given(company=companies)
def test_the_proposal_keeps_the_company_name_as_written(company: str) -> None:
    effect = f"added an application for {company} — Data Engineer"
    assert proposed(effect) == f"Add an application for {company} — Data Engineer"
