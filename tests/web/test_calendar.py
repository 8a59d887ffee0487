"""The Calendar page, the subscription feed behind its secret link, and the download."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar

from afterword.offers.schemas import OfferTerms
from afterword.offers.service import record_offer
from afterword.pipeline.applications import add_application
from afterword.pipeline.interviews import log_interview
from afterword.pipeline.models import InterviewKind
from afterword.pipeline.schemas import ApplicationFields, InterviewFields
from tests.web.conftest import WebClient


def _seed(workspace: Any) -> None:
    """An application with an interview on Wednesday, and another with a pending offer."""
    with workspace() as ws:
        acme = add_application(
            session=ws.session,
            user_id=ws.user_id,
            fields=ApplicationFields(company="Acme", role="Data Analyst"),
            now=ws.now,
        )
        ws.session.flush()
        log_interview(
            session=ws.session,
            user_id=ws.user_id,
            application_id=acme.id,
            fields=InterviewFields(
                kind=InterviewKind.TECHNICAL,
                scheduled_at=dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC),
                timezone="Europe/London",
                duration_minutes=45,
                location="Video call",
            ),
            now=ws.now,
        )
        globex = add_application(
            session=ws.session,
            user_id=ws.user_id,
            fields=ApplicationFields(company="Globex", role="Analyst"),
            now=ws.now,
        )
        ws.session.flush()
        record_offer(
            session=ws.session,
            user_id=ws.user_id,
            application_id=globex.id,
            terms=OfferTerms(deadline=dt.date(2026, 12, 4)),
            received_on=ws.today,
            now=ws.now,
        )


def _feed_url(client: WebClient) -> str:
    page = client.page("/calendar")
    field = page.find("input", id="calendar-url")
    assert field is not None
    return str(field["value"])


def _events(body: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


def test_page_shows_an_absolute_subscription_link_with_a_copy_button(client: WebClient) -> None:
    page = client.page("/calendar")
    assert [h1.get_text() for h1 in page.find_all("h1")] == ["Calendar"]
    url = str(page.find("input", id="calendar-url")["value"])
    assert url.startswith("http://testserver/calendar/")
    assert url.endswith(".ics")
    token = url.removeprefix("http://testserver/calendar/").removesuffix(".ics")
    assert len(token) >= 32
    assert page.find("button", attrs={"data-copy": "calendar-url"}) is not None
    assert page.find("a", href="/calendar/afterword.ics") is not None
    text = page.get_text(" ")
    for app in ("Apple Calendar", "Outlook", "Google Calendar"):
        assert app in text
    assert "reachable from the internet" in text


def test_the_link_stays_the_same_between_visits(client: WebClient) -> None:
    assert _feed_url(client) == _feed_url(client)


def test_feed_serves_the_events_only_with_the_right_token(
    client: WebClient, workspace: Any
) -> None:
    _seed(workspace)
    url = _feed_url(client)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    summaries = {str(event["SUMMARY"]) for event in _events(response.content)}
    assert "Technical interview: Acme" in summaries
    assert "Offer deadline: Globex" in summaries
    # The playbook's actions are in it too (e.g. researching the salary after the interview).
    assert any(": Acme" in summary and "interview" not in summary for summary in summaries)

    wrong = url[:-8] + ("A" if url[-8] != "A" else "B") + url[-7:]
    refused = client.get(wrong)
    assert refused.status_code == 404
    assert "Acme" not in refused.text
    assert "BEGIN:VCALENDAR" not in refused.text
    assert client.get("/calendar/" + "x" * 500 + ".ics").status_code == 404


def test_interview_keeps_its_time_and_length_in_the_feed(client: WebClient, workspace: Any) -> None:
    _seed(workspace)
    body = client.get(_feed_url(client)).content
    event = next(e for e in _events(body) if str(e["SUMMARY"]) == "Technical interview: Acme")
    start = event["DTSTART"].dt
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
    assert event["DTEND"].dt - start == dt.timedelta(minutes=45)
    assert str(event["LOCATION"]) == "Video call"
    assert str(event["URL"]).startswith("http://testserver/applications/")


def test_new_link_stops_the_old_one_working(client: WebClient) -> None:
    old = _feed_url(client)
    assert client.get(old).status_code == 200
    response = client.submit("/calendar/new-link", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/calendar"
    new = _feed_url(client)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_new_link_over_htmx_returns_the_link_block_with_the_new_address(
    client: WebClient,
) -> None:
    old = _feed_url(client)
    response = client.post(
        "/calendar/new-link", headers={"HX-Request": "true", "X-CSRF-Token": client.token}
    )
    assert response.status_code == 200
    assert 'id="calendar-link"' in response.text
    assert "<h1" not in response.text
    assert old not in response.text
    assert "old one no longer works" in response.text


def test_new_link_needs_the_form_token(client: WebClient) -> None:
    old = _feed_url(client)
    assert client.post("/calendar/new-link").status_code == 403
    assert _feed_url(client) == old


def test_download_is_an_attachment_of_the_same_feed(client: WebClient, workspace: Any) -> None:
    _seed(workspace)
    response = client.get("/calendar/afterword.ics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="afterword.ics"'
    assert {str(event["SUMMARY"]) for event in _events(response.content)} >= {
        "Technical interview: Acme",
        "Offer deadline: Globex",
    }


def test_page_previews_what_is_coming(client: WebClient, workspace: Any) -> None:
    _seed(workspace)
    page = client.page("/calendar")
    rows = [row.get_text(" ", strip=True) for row in page.select("tbody tr")]
    assert any("Technical interview with Acme" in row and "15:00" in row for row in rows)
    assert any("Offer deadline: Globex" in row for row in rows)


def test_empty_preview_says_so_kindly(client: WebClient) -> None:
    page = client.page("/calendar")
    assert page.find("table") is None
    assert "Nothing is coming up yet" in page.get_text(" ")
