"""`afterword review --week`: one week's figures and one honest sentence."""

from __future__ import annotations

from tests.cli.conftest import Cli, assert_one_line_error


def test_the_weekly_review_counts_the_week_and_ends_with_the_base_hit_sentence(cli: Cli) -> None:
    cli("profile", "set", "--timezone", "Europe/London", "--country", "GB")
    cli("--as-of", "2026-11-30", "applications", "add", "Northwind", "Data Engineer")
    cli("--as-of", "2026-12-01", "applications", "add", "Globex", "Platform Engineer")
    cli("--as-of", "2026-12-02", "interviews", "add", "1", "--at", "2026-12-02 10:00")
    cli("--as-of", "2026-12-04", "outcomes", "add", "1", "rejection")
    out = cli("--as-of", "2026-12-06", "review", "--week").out
    assert out.splitlines()[:8] == [
        "Week 49 of 2026 (30 Nov – 6 Dec)",
        "  Applications sent  2",
        "  Replies            1",
        "  Interviews         1",
        "  Offers             0",
        "  Rejections         1",
        "  Practice sessions  0",
        "  Plan steps done    0",
    ]
    assert "Of 1 process where a company decided after interviewing you" in out
    last = cli("--as-of", "2026-12-08", "review", "--week", "--of", "last").out
    assert last.startswith("Week 49 of 2026")


def test_a_quiet_week_says_so_and_a_bad_week_is_refused(cli: Cli) -> None:
    assert "A quiet week." in cli("--as-of", "2026-12-06", "review", "--week").out
    assert_one_line_error(cli("review", "--week", "--of", "someday"), "is not a week")
