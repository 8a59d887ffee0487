"""MatchIndex.names_in finds, from the text's words, exactly what the alternation of every
company name finds (the reference: `_names.findall`, leftmost, longest first, no overlap)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from afterword.inbox.matching import KnownApplication, MatchIndex, normalise
from afterword.pipeline.status import Status

# Few words, so that names share words, nest ("acme" in "acme robotics") and overlap in text.
WORDS = ("acme", "robotics", "group", "north", "wind", "ltd", "co", "data", "harbour", "9lives")
companies = st.lists(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join),
    min_size=1,
    max_size=8,
)
texts = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(("the", "an", "Acme!", "Nörth", "-", ""))),
    max_size=40,
).map(" ".join)


def _index(names: list[str]) -> MatchIndex:
    return MatchIndex.build(
        KnownApplication(id=number, company=name, role="Engineer", status=Status.APPLIED)
        for number, name in enumerate(names, start=1)
    )


def _by_the_alternation(index: MatchIndex, text: str) -> set[int]:
    if index._names is None:
        return set()
    found: set[int] = set()
    for name in set(index._names.findall(text)):
        found |= index.by_name[name]
    return found


@settings(max_examples=400, deadline=None)
@given(names=companies, text=texts, subject=texts)
def test_names_in_finds_what_the_alternation_of_names_finds(
    names: list[str], text: str, subject: str
) -> None:
    index = _index(names)
    # As match_message builds it: the sender's name and subject, then the text, both normalised.
    for normalised in (normalise(text), normalise(subject) + " " + normalise(text)):
        assert index.names_in(normalised) == _by_the_alternation(index, normalised)


def test_a_name_inside_a_longer_name_found_first_is_not_counted_again() -> None:
    index = _index(["acme", "acme robotics", "robotics group"])
    # "acme robotics" starts first and takes "robotics": "robotics group" is not named.
    assert index.names_in("we at acme robotics group") == {2}
    assert index.names_in("acme and then robotics group") == {1, 3}
    assert index.names_in("acmes robotic groups") == set()
