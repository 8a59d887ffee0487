"""The reflection loop as a user lives it, through the real command line: a rejection with
feedback leads to themes, a chosen move, dated steps in the agenda, practice before the next
interview, and the plan revisited after the next rejection."""

from __future__ import annotations

from typing import Any

from tests.cli.conftest import Cli, assert_one_line_error


def _open_actions(cli: Cli, day: str) -> dict[str, dict[str, Any]]:
    return {str(action["id"]): action for action in cli("--as-of", day, "plan", "--json").json()}


def _of_kind(actions: dict[str, dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [action for action in actions.values() if action["kind"] == kind]


def _done(cli: Cli) -> dict[str, dict[str, Any]]:
    done = cli("actions", "list", "--state", "done", "--json").json()
    return {action["kind"]: action for action in done}


def test_rejection_feedback_leads_to_a_plan_practice_and_a_revisit(cli: Cli) -> None:
    cli("profile", "set", "--timezone", "Europe/London", "--country", "GB")
    cli("--as-of", "2026-11-20", "applications", "add", "Northwind", "Data Engineer")
    cli(
        "--as-of",
        "2026-12-01",
        "interviews",
        "add",
        "1",
        "--kind",
        "system_design",
        "--at",
        "2026-12-01 10:00",
    )
    cli(
        "--as-of",
        "2026-12-01",
        "interviews",
        "debrief",
        "1",
        "--tough-question",
        "Design a rate limiter",
    )

    # The rejection, then the company's feedback.
    cli("--as-of", "2026-12-07", "outcomes", "add", "1", "rejection")
    feedback = "Strong coding, but we wanted more depth on system design."
    cli("--as-of", "2026-12-08", "feedback", "add", "1", feedback, "--on", "2026-12-08")
    actions = _open_actions(cli, "2026-12-08")
    assert _of_kind(actions, "reflect") and _of_kind(actions, "game_plan")

    # Reflecting (two of the four prompts) settles the reflection step as done.
    saved = cli(
        "--as-of",
        "2026-12-08",
        "reflect",
        "add",
        "1",
        "--went-well",
        "The SQL part",
        "--tough",
        "Scaling the writes",
    )
    assert saved.code == 0, saved.err
    assert not _of_kind(_open_actions(cli, "2026-12-08"), "reflect")
    assert _done(cli)["reflect"]["done_note"].startswith("reflection written on 8 Dec 2026")

    # The feedback's gap (not its praise) joins the practice bank beside the debrief's question.
    bank = cli("--as-of", "2026-12-08", "questions", "list").out
    assert "Design a rate limiter" in bank
    assert "System design: we wanted more depth on" in bank
    assert "Strong coding" not in bank

    # Choosing a move with a dated step: the step is an action, the game-plan step is done.
    chose = cli(
        "--as-of",
        "2026-12-09",
        "game-plan",
        "choose",
        "build",
        "-a",
        "1",
        "-s",
        "Practise 3 system-design questions out loud@2026-12-11",
    )
    assert chose.code == 0, chose.err
    actions = _open_actions(cli, "2026-12-09")
    (step,) = _of_kind(actions, "plan_step")
    assert step["due"] == "2026-12-11"
    assert not _of_kind(actions, "game_plan")

    # A new process with an interview on the 16th: practice comes due the day before.
    cli("--as-of", "2026-12-09", "applications", "add", "Globex", "Platform Engineer")
    cli(
        "--as-of",
        "2026-12-09",
        "interviews",
        "add",
        "2",
        "--kind",
        "system_design",
        "--at",
        "2026-12-16 15:00",
    )
    (practise,) = _of_kind(_open_actions(cli, "2026-12-10"), "practise")
    assert practise["due"] == "2026-12-15"
    listed = cli("--as-of", "2026-12-10", "questions", "list").out
    assert "Next interview: Globex on 2026-12-16" in listed

    # Earlier reflections come up when preparing the next system-design round.
    before = cli("--as-of", "2026-12-10", "reflect", "before", "2").out
    assert "Northwind" in before and "another system design round" in before
    assert "What was tough: Scaling the writes" in before

    # Practising settles the nudge; doing the step's action ticks the step off.
    assert cli("--as-of", "2026-12-12", "questions", "practice", "1", "--rating", "3").code == 0
    assert (
        cli("--as-of", "2026-12-12", "questions", "answer", "1", "Token bucket per client").code
        == 0
    )
    assert cli(
        "--as-of", "2026-12-12", "questions", "answer", "1", "Token bucket; say the burst"
    ).out == ("Saved answer version 2.\n")
    assert not _of_kind(_open_actions(cli, "2026-12-12"), "practise")
    assert cli("--as-of", "2026-12-11", "actions", "done", str(step["id"])).code == 0
    assert "— done 2026-12-11" in cli("--as-of", "2026-12-12", "game-plan", "show").out

    # The next rejection asks to revisit the plan, which shows what changed since.
    cli("--as-of", "2026-12-18", "outcomes", "add", "2", "rejection")
    (revisit,) = _of_kind(_open_actions(cli, "2026-12-18"), "revisit_plan")
    assert "Globex said no" in revisit["reason"]
    revisited = cli(
        "--as-of",
        "2026-12-18",
        "game-plan",
        "revisit",
        "-a",
        "2",
        "--note",
        "Design practice helped",
    )
    assert "1 of 1 step done, 1 practice session" in revisited.out
    assert "2 rejection(s)" not in revisited.out  # the first came before the plan
    assert not _of_kind(_open_actions(cli, "2026-12-18"), "revisit_plan")
    assert (
        "Revisited 2026-12-18: Design practice helped"
        in cli("--as-of", "2026-12-18", "game-plan", "show").out
    )


def test_a_reflection_needs_at_least_one_prompt(cli: Cli) -> None:
    cli("applications", "add", "Northwind", "Data Engineer")
    assert_one_line_error(cli("reflect", "add", "1"), "at least one of the prompts")


def test_a_step_needs_a_date(cli: Cli) -> None:
    assert_one_line_error(
        cli("game-plan", "choose", "build", "-s", "Practise design"), "what@YYYY-MM-DD"
    )
    assert_one_line_error(
        cli("game-plan", "choose", "sideways", "-s", "x@2030-01-01"), "not a move"
    )
