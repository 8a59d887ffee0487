"""The Numbers page: the search in figures and charts, each with the same data as text."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from afterword.reflection.numbers import SearchNumbers, percent
from afterword.reflection.numbers_service import load_numbers
from afterword.reflection.theme_service import search_themes
from afterword.reflection.weekly import parse_week, week_of
from afterword.reflection.weekly_service import load_week
from afterword.web.deps import WorkspaceDep
from afterword.web.templating import render

router = APIRouter(include_in_schema=False)


def chart_data(numbers: SearchNumbers) -> dict[str, Any]:
    """The data each chart draws, as JSON-ready values."""
    sources = numbers.by_source
    return {
        "sources": {
            "categories": [row.source for row in sources],
            "series": [
                {"name": "Applied", "values": [row.applied for row in sources]},
                {"name": "Interviewed", "values": [row.interviewed for row in sources]},
                {"name": "Offer", "values": [row.offered for row in sources]},
            ],
        },
        "responses": {
            "categories": [label for label, _ in numbers.response_times.buckets],
            "series": [
                {
                    "name": "First replies",
                    "values": [count for _, count in numbers.response_times.buckets],
                }
            ],
        },
        "flow": {
            "nodes": [{"name": name} for name in numbers.sankey.nodes],
            "links": [
                {"source": link.source, "target": link.target, "value": link.value}
                for link in numbers.sankey.links
            ],
        },
    }


@router.get("/numbers", response_class=HTMLResponse)
def numbers_page(
    request: Request,
    workspace: WorkspaceDep,
    week: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    """Shows applications, interviews, offers, response times, conversion and the flow, and one
    week's figures (the same as `afterword review --week`)."""
    try:
        start = parse_week(week or "this", today=workspace.today)
        week_error = None
    except ValueError as error:
        start, week_error = week_of(workspace.today), str(error)
    numbers = load_numbers(
        session=workspace.session, user_id=workspace.user_id, timezone=workspace.user.timezone
    )
    review = load_week(
        session=workspace.session,
        user_id=workspace.user_id,
        timezone=workspace.user.timezone,
        start=start,
        base_hits=numbers.base_hits,
    )
    return render(
        request,
        "numbers.html",
        {
            "title": "Numbers",
            "numbers": numbers,
            "charts": chart_data(numbers),
            "percent": percent,
            "review": review,
            "week_error": week_error,
            "previous_week": (review.start - dt.timedelta(days=7)).isoformat(),
            "next_week": (review.start + dt.timedelta(days=7)).isoformat(),
            # The top themes only: the Reflection page holds the rest.
            "themes": search_themes(session=workspace.session, user_id=workspace.user_id)[:5],
        },
    )
