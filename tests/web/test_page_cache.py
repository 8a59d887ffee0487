"""The kept pages: bounded by bytes, least recently used out first, never a stale version."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from afterword.web.page_cache import LARGEST_SHARE, PageCache

VERSION = (1, "2026-12-07")


def test_pages_beyond_the_budget_push_out_the_least_recently_used() -> None:
    cache = PageCache(max_bytes=8_000)
    names = "abcdefgh"
    for name in names:
        cache.put((name,), VERSION, name.encode() * 1_000)
    assert cache.get(("a",), VERSION) == b"a" * 1_000  # "a" is now the most recently used
    cache.put(("z",), VERSION, b"z" * 1_000)
    assert cache.get(("b",), VERSION) is None
    assert all(cache.get((name,), VERSION) for name in "acdefghz")
    assert cache.size == 8_000


def test_hundreds_of_people_each_keep_their_pages_within_the_default_budget() -> None:
    # The count-bounded cache kept 64 pages: with 100 people reloading two pages each, every
    # request rebuilt. 80 kB is the size of a Today page of a large search.
    cache = PageCache()
    page = b"x" * 80_000
    for person in range(300):
        for path in ("/", "/pipeline"):
            cache.put((person, path), VERSION, page)
    assert all(cache.get((person, "/"), VERSION) for person in range(300))
    assert len(cache) == 600


def test_a_page_built_from_newer_data_replaces_the_stale_one() -> None:
    cache = PageCache(max_bytes=10_000)
    cache.put(("ana", "/"), (1, "day"), b"old")
    cache.put(("ana", "/"), (2, "day"), b"new")
    assert cache.get(("ana", "/"), (1, "day")) is None
    assert cache.get(("ana", "/"), (2, "day")) == b"new"
    assert (len(cache), cache.size) == (1, 3)


def test_a_page_too_big_for_its_share_is_not_kept_and_zero_keeps_nothing() -> None:
    cache = PageCache(max_bytes=8_000)
    cache.put(("big",), VERSION, b"x" * (8_000 // LARGEST_SHARE + 1))
    assert cache.get(("big",), VERSION) is None
    off = PageCache(max_bytes=0)
    off.put(("a",), VERSION, b"a")
    assert off.get(("a",), VERSION) is None


operations = st.lists(
    st.tuples(
        st.sampled_from(["put", "get"]),
        st.integers(0, 5),  # key
        st.integers(0, 2),  # version
        st.integers(1, 400),  # size of the page put
    ),
    max_size=80,
)


@settings(max_examples=200, deadline=None)
@given(budget=st.integers(0, 2_000), steps=operations)
def test_any_sequence_keeps_the_budget_and_serves_only_what_was_put_for_that_version(
    budget: int, steps: list[tuple[str, int, int, int]]
) -> None:
    cache = PageCache(max_bytes=budget)
    latest: dict[int, tuple[int, bytes]] = {}  # what was last put per key (kept or not)
    for number, (operation, key, version, size) in enumerate(steps):
        if operation == "put":
            body = bytes([number % 256]) * size
            cache.put((key,), (version,), body)
            latest[key] = (version, body)
            fits = size * LARGEST_SHARE <= budget
            # Invariant: a page that fits is there right after it is put.
            assert (cache.get((key,), (version,)) == body) is fits
        else:
            found = cache.get((key,), (version,))
            # Invariant: only the last page put under the key, and only for its version.
            if found is not None:
                assert latest[key] == (version, found)
        # Invariant: the bytes kept never exceed the budget, and are counted exactly.
        assert cache.size <= budget
        kept = [cache.get((key,), (v,)) for key in range(6) for v in range(3)]
        assert cache.size == sum(len(body) for body in kept if body is not None)
