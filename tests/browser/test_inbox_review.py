"""The Inbox in a real browser: one keystroke per waiting message, and a page that reads well
at desktop and phone width."""

from __future__ import annotations

from typing import Any

from afterword.inbox.labels import MailClass
from afterword.inbox.triage import TriageState
from afterword.pipeline.status import Status
from tests.browser.conftest import LiveServer, assert_accessible
from tests.web.test_inbox_page import add_app, message, seed, status_of


def _two_waiting(workspace: Any) -> tuple[int, int, int, int]:
    fernhill = add_app(workspace)
    quayside = add_app(workspace, "Quayside Health", "Analyst")
    first = seed(workspace, 1, application_id=fernhill)
    second = seed(
        workspace, 2, application_id=quayside, label=MailClass.OFFER, effect="recorded the offer"
    )
    return fernhill, quayside, first, second


def _focused_card(page: Any) -> str:
    return page.evaluate("document.activeElement.closest('li.inbox-card')?.id ?? ''")


def test_y_confirms_the_focused_message_and_n_sets_the_next_one_aside(
    page: Any, workspace: Any
) -> None:
    fernhill, quayside, first, second = _two_waiting(workspace)
    page.goto("/inbox")
    # The first (oldest) message has the focus, and the legend says which keys do what.
    assert _focused_card(page) == f"message-{first}"
    assert page.locator("[data-inbox-keys]").is_visible()
    assert page.get_by_role("link", name="Inbox, 2 waiting").count() == 1

    page.keyboard.press("y")
    page.locator(f"#message-{first}").wait_for(state="detached")
    page.locator("#alerts").get_by_text(
        "Recorded the rejection for Fernhill Robotics — Data Engineer."
    ).wait_for()
    assert page.locator("#queue-count").inner_text() == "1"
    assert page.get_by_role("link", name="Inbox, 1 waiting").count() == 1
    assert status_of(workspace, fernhill) is Status.REJECTED
    # The page was not reloaded, and the next message took the focus.
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    assert _focused_card(page) == f"message-{second}"

    page.keyboard.press("n")
    page.locator(f"#message-{second}").wait_for(state="detached")
    page.locator(".inbox-done").wait_for()
    assert message(workspace, second)[:2] == (TriageState.IGNORED, MailClass.NOT_JOB)
    assert status_of(workspace, quayside) is Status.APPLIED
    assert page.get_by_role("link", name="Inbox", exact=True).count() == 1
    assert "Recorded the rejection" in page.locator("#inbox-recent").inner_text()


def test_keys_move_between_cards_pick_a_class_by_number_and_stay_out_of_form_fields(
    page: Any, workspace: Any
) -> None:
    fernhill, quayside, first, second = _two_waiting(workspace)
    page.goto("/inbox")
    page.keyboard.press("j")
    assert _focused_card(page) == f"message-{second}"
    page.keyboard.press("k")
    assert _focused_card(page) == f"message-{first}"

    # Typing in a field is typing: "n" in the class list must not set the message aside.
    page.locator(f"#message-{first} summary").click()
    page.locator(f"#message-{first}-label").focus()
    page.keyboard.press("n")
    page.wait_for_timeout(300)
    assert page.locator(f"#message-{first}").count() == 1
    assert message(workspace, first)[0] is TriageState.REVIEW

    # 3 is "hiring-manager chat" in the legend: the answer is saved at once.
    page.locator(f"#message-{second} article").focus()
    legend = page.locator("[data-inbox-keys] li").nth(2).inner_text()
    assert legend.endswith("hiring-manager chat")
    page.keyboard.press("3")
    page.locator(f"#message-{second}").wait_for(state="detached")
    assert message(workspace, second) == (
        TriageState.RESOLVED,
        MailClass.HIRING_MANAGER_CHAT,
        quayside,
    )
    assert status_of(workspace, quayside) is Status.HIRING_MANAGER_CHAT
    assert status_of(workspace, fernhill) is Status.APPLIED


def test_a_refused_answer_stays_on_its_card_with_the_reason(page: Any, workspace: Any) -> None:
    first = add_app(workspace)
    second = add_app(workspace)
    waiting = seed(workspace, 1, candidates=[first, second], effect=None, why="which application?")
    page.goto("/inbox")
    page.keyboard.press("y")
    card = page.locator(f"#message-{waiting}")
    card.get_by_text("Choose the application this email is about. Nothing was changed.").wait_for()
    assert _focused_card(page) == f"message-{waiting}"
    card.get_by_label("Which application").select_option(str(second))
    card.get_by_role("button", name="Yes, that's right").click()
    card.wait_for(state="detached")
    assert status_of(workspace, second) is Status.REJECTED
    assert status_of(workspace, first) is Status.APPLIED


def test_the_inbox_is_accessible_and_fits_desktop_and_phone_screens(
    browser: Any, live_server: LiveServer, workspace: Any, viewport: dict[str, int]
) -> None:
    fernhill, _quayside, _first, _second = _two_waiting(workspace)
    seed(workspace, 3, application_id=fernhill, triage=TriageState.ACTED, why="recorded it")
    seed(workspace, 4, label=MailClass.NOT_JOB, effect=None, triage=TriageState.IGNORED)
    seed(
        workspace, 5, label=MailClass.RECRUITER_OUTREACH, effect=None,
        triage=TriageState.FILED, why="a recruiter writing about a new role",
    )  # fmt: skip
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        tab.goto("/inbox")
        # Everything folded away is opened, so the check covers every form on the page.
        tab.locator("details.inbox-ignored > summary").click()
        tab.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        assert_accessible(tab)
        overflow = tab.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 2, f"wider than the screen by {overflow}px"
    finally:
        context.close()
    assert not errors, errors
