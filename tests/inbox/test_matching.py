"""Matching a message to an application: the evidence, its order, and when to ask instead."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from afterword.inbox.matching import (
    KnownApplication,
    Match,
    MatchIndex,
    MatchMethod,
    company_domains,
    company_names,
    domain_names,
    is_ats_domain,
    match_message,
    registered_domain,
)
from afterword.pipeline.status import Status

MARCH = dt.datetime(2026, 3, 4, 10, tzinfo=dt.UTC)


def app(id_: int, company: str, role: str = "Data Engineer", **kw) -> KnownApplication:  # type: ignore[no-untyped-def]
    return KnownApplication(
        id=id_, company=company, role=role, status=kw.pop("status", Status.APPLIED), **kw
    )


def match(index: MatchIndex, sender: str, text: str = "", subject: str = "", **kw) -> Match:  # type: ignore[no-untyped-def]
    return match_message(
        index,
        from_address=sender,
        in_reply_to=kw.get("in_reply_to"),
        references=kw.get("references", ()),
        subject=subject,
        text=text,
        sent_at=kw.get("sent_at", MARCH),
        from_name=kw.get("from_name"),
    )


def test_company_names_drop_the_legal_form_and_domains_may_use_a_distinctive_first_word() -> None:
    assert company_names("Acme Ltd") == ("acme ltd", "acme")
    assert company_names("AB") == ()  # would be found inside ordinary words
    # In text, a first word alone is too loose ("harbour" for Harbour Lights Renewables)...
    assert "harbour" not in company_names("Harbour Lights Renewables")
    # ... but a domain named after it is good evidence.
    assert "fernhill" in domain_names("Fernhill Robotics Limited")
    assert "general" not in domain_names("General Widgets")  # too common alone


def test_registered_domains_follow_the_public_suffix_list_offline() -> None:
    assert registered_domain("mail.acme.co.uk") == "acme.co.uk"
    assert registered_domain("talent.bbc.co.uk") == "bbc.co.uk"
    assert registered_domain("mail.fernhill.example") == "fernhill.example"
    assert is_ats_domain(registered_domain("us.greenhouse-mail.io"))
    assert not is_ats_domain("fernhill.example")


def test_free_mail_and_ats_domains_never_stand_for_a_company() -> None:
    domains = company_domains(
        "https://boards.greenhouse.io/fernhill/jobs/1",
        ["dana.k@gmail.com", "priya@fernhill.co.uk"],
    )
    assert domains == frozenset({"fernhill.co.uk"})


def test_a_thread_reply_beats_everything_else() -> None:
    index = MatchIndex.build(
        [app(1, "Fernhill"), app(2, "Quayside")], sent_message_ids={"<Sent-1@x>": 2}
    )
    found = match(index, "someone@fernhill.example", "Fernhill", in_reply_to="<sent-1@x>")
    assert (found.application_id, found.method) == (2, MatchMethod.THREAD)


def test_a_contact_shared_by_two_applications_is_told_apart_by_the_role_named() -> None:
    index = MatchIndex.build(
        [
            app(1, "Fernhill", "Data Engineer", contact_addresses=frozenset({"dana@agency.example"})),
            app(2, "Quayside", "Product Designer", contact_addresses=frozenset({"dana@agency.example"})),
        ]
    )  # fmt: skip
    found = match(index, "Dana@Agency.example", "About the product designer role, good news")
    assert (found.application_id, found.method) == (2, MatchMethod.CONTACT)
    unclear = match(index, "dana@agency.example", "Quick call?")
    assert unclear.ambiguous and set(unclear.candidates) == {1, 2}


def test_news_goes_to_the_only_open_process_when_the_others_ended() -> None:
    index = MatchIndex.build(
        [app(1, "Fernhill", status=Status.REJECTED), app(2, "Fernhill", status=Status.INTERVIEWING)]
    )
    found = match(index, "hr@fernhill.example", "An update on your application")
    assert found.application_id == 2
    assert "only one still open" in found.why


def test_ats_mail_is_matched_by_the_company_it_names() -> None:
    index = MatchIndex.build([app(1, "Northwind Traders"), app(2, "Quayside Health")])
    found = match(
        index, "no-reply@us.greenhouse-mail.io", "Thank you for applying to Quayside Health."
    )
    assert (found.application_id, found.method) == (2, MatchMethod.NAMED)


def test_mail_from_before_the_application_is_not_about_it() -> None:
    index = MatchIndex.build([app(1, "Fernhill", applied_on=dt.date(2026, 5, 1))])
    found = match(index, "hr@fernhill.example", "Fernhill")
    assert found.application_id is None
    assert "before you applied" in found.why


def test_nothing_known_and_the_users_own_mail_match_nothing() -> None:
    index = MatchIndex.build([app(1, "Fernhill")], own_addresses=["sam@example.com"])
    assert match(index, "newsletter@shop.example", "Big sale this weekend").application_id is None
    mine = match(index, "Sam@example.com", "Fernhill: my notes")
    assert mine.application_id is None and mine.why == "you sent it"


def _normalised_char_by_char(text: str) -> str:
    """normalise as first written: every character of the decomposed text looked at."""
    import unicodedata

    from afterword.inbox.matching import _WORD

    if text.isascii():
        return " ".join(_WORD.findall(text.lower()))
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORD.findall(plain))


@given(st.text(alphabet=st.sampled_from("aZé ÉüßﬁİΣς\u0308\u0301-x1ñ日Ⅻ\u00a0.")) | st.text())
def test_normalise_strips_marks_as_looking_at_every_character_does(text: str) -> None:
    from afterword.inbox.matching import normalise

    assert normalise(text) == _normalised_char_by_char(text)
