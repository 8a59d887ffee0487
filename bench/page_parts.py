"""Where the time of an uncached page goes, part by part, with 5,000 applications.

bench/web.py measures whole requests through the server. This opens the same workspace
in-process and times each part of building Today, Pipeline, an application and Numbers: every read the page
makes and the template, one by one, then the whole build as the route does it. The
difference between the whole build here and web.py's "built every time" CPU is the request
path around it (HTTP, middleware, the workspace dependency, the thread hop).

Each figure is the least CPU time per call over several batches, in milliseconds: the
machine is shared, and the least is the figure least disturbed by others. Figures only;
nothing here asserts.

    .venv/bin/python bench/page_parts.py [--data DIR] [--batches 7] [--calls 10]

--data reuses (or keeps) the workspace of `bench/web.py --data DIR`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))
from cli_startup import APPLICATIONS, build_database


def least_ms(call: Callable[[], object], batches: int, calls: int) -> float:
    """The least CPU time of one call over `batches` batches of `calls` calls, in ms."""
    call()
    best = float("inf")
    for _ in range(batches):
        started = time.process_time()
        for _ in range(calls):
            call()
        best = min(best, (time.process_time() - started) / calls)
    return best * 1000


def fake_request(workspace: Any, path: str) -> Any:
    """What `render` reads from a request: the form token, the workspace, the path."""
    app = SimpleNamespace(state=SimpleNamespace(csrf_token_for=lambda _request: "0" * 32))
    return SimpleNamespace(
        app=app,
        state=SimpleNamespace(workspace=workspace),
        headers={},
        cookies={},
        url=SimpleNamespace(path=path, query=""),
        query_params={},
    )


def measure(url: str, batches: int, calls: int) -> None:
    from afterword.demo.workspace import is_demo_loaded
    from afterword.offers.deadlines import pending_deadlines
    from afterword.pipeline.board import board, read_query, table_page, user_tags
    from afterword.reflection.encouragement_service import encouragement_for
    from afterword.reflection.numbers import percent
    from afterword.reflection.numbers_service import load_base_hits, load_numbers
    from afterword.reflection.theme_service import search_themes
    from afterword.reflection.weekly import week_of
    from afterword.reflection.weekly_service import load_week
    from afterword.settings import load_settings
    from afterword.views.agenda import agenda_view
    from afterword.web import templating
    from afterword.web.routes import numbers, pipeline, today
    from afterword.workspace import workspace_scope

    settings = load_settings(database_url=url)

    def row(label: str, call: Callable[[], object]) -> None:
        print(f"  {label:<44} {least_ms(call, batches, calls):7.2f} ms", flush=True)

    def open_and_close() -> None:
        with workspace_scope(settings) as opened:
            opened.user  # noqa: B018 -- the user row, as every request reads it

    print("request path")
    row("open the workspace (session, user), close it", open_and_close)
    with workspace_scope(settings) as ws:
        session, user_id, zone = ws.session, ws.user_id, ws.user.timezone
        last_week = week_of(ws.today) - dt.timedelta(days=7)
        print("Today")
        row("agenda_view (4 groups, 10 shown each)", lambda: agenda_view(
            session=session, user_id=user_id, today=ws.today))  # fmt: skip
        row("pending_deadlines", lambda: pending_deadlines(session=session, user_id=user_id))
        row("encouragement_for", lambda: encouragement_for(
            session=session, user_id=user_id, today=ws.today, now=ws.now))  # fmt: skip
        row("is_demo_loaded", lambda: is_demo_loaded(session=session, user_id=user_id))
        row("load_base_hits (weekly review's sentence)", lambda: load_base_hits(
            session=session, user_id=user_id))  # fmt: skip
        row("load_week (Monday to Wednesday)", lambda: load_week(
            session=session, user_id=user_id, timezone=zone, start=last_week))  # fmt: skip
        context = today.today_context(ws)
        row("today_context, all of the above", lambda: today.today_context(ws))
        request = fake_request(ws, "/")
        row("template", lambda: templating.render(request, "today.html", context))
        print("Pipeline")
        execute = pipeline.executor(ws)
        row("board", lambda: board(execute, user_id=user_id, timezone=zone))
        row("table_page (first page, default order)", lambda: table_page(
            execute, user_id=user_id, timezone=zone, query=read_query({})))  # fmt: skip
        row("user_tags (the tag filter's choices)", lambda: user_tags(execute, user_id=user_id))
        context = pipeline.pipeline_context(ws, {})
        row("pipeline_context, all of the above", lambda: pipeline.pipeline_context(ws, {}))
        request = fake_request(ws, "/pipeline")
        row("template", lambda: templating.render(request, "pipeline.html", context))
        print("Application (an interviewing one, as bench/web.py asks for)")
        from afterword.views.application import process_view
        from afterword.web.routes import application_page
        from web import interviewing_application

        application_id = interviewing_application(url)
        row("process_view (the application and its records)", lambda: process_view(
            session=session, user_id=user_id, application_id=application_id,
            timezone=zone))  # fmt: skip
        context = application_page.page_context(ws, application_id)
        row("page_context, all of the page's reads", lambda: application_page.page_context(
            ws, application_id))  # fmt: skip
        request = fake_request(ws, f"/applications/{application_id}")
        row("template", lambda: templating.render(request, "application.html", context))
        print("Numbers")
        figures = load_numbers(session=session, user_id=user_id, timezone=zone)
        row("load_numbers (grouped in SQL)", lambda: load_numbers(
            session=session, user_id=user_id, timezone=zone))  # fmt: skip
        week = load_week(
            session=session,
            user_id=user_id,
            timezone=zone,
            start=week_of(ws.today),
            base_hits=figures.base_hits,
        )
        row("load_week", lambda: load_week(
            session=session, user_id=user_id, timezone=zone, start=week_of(ws.today),
            base_hits=figures.base_hits))  # fmt: skip
        row("search_themes", lambda: search_themes(session=session, user_id=user_id))
        context = {
            "title": "Numbers",
            "numbers": figures,
            "charts": numbers.chart_data(figures),
            "percent": percent,
            "review": week,
            "week_error": None,
            "previous_week": (week.start - dt.timedelta(days=7)).isoformat(),
            "next_week": (week.start + dt.timedelta(days=7)).isoformat(),
            "themes": search_themes(session=session, user_id=user_id)[:5],
        }
        request = fake_request(ws, "/numbers")
        row("template", lambda: templating.render(request, "numbers.html", context))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="the workspace of bench/web.py --data DIR (built if new)")
    parser.add_argument("--batches", type=int, default=7)
    parser.add_argument("--calls", type=int, default=10)
    options = parser.parse_args()
    workdir = options.data or tempfile.mkdtemp(prefix="afterword-bench-parts-")
    os.makedirs(workdir, exist_ok=True)
    url = f"sqlite:///{workdir}/afterword.sqlite3"
    os.environ.update(
        AFTERWORD_DATABASE_URL=url,
        AFTERWORD_DATA_DIR=workdir,
        AFTERWORD_CONFIG_DIR=workdir,
        AFTERWORD_DEFAULT_TIMEZONE="UTC",
    )
    try:
        if not os.path.exists(f"{workdir}/built"):
            from web import enrich

            build_database(url)
            enrich(url)
            open(f"{workdir}/built", "w").close()
        print(f"{APPLICATIONS:,} applications; least CPU per call of {options.batches} batches")
        measure(url, options.batches, options.calls)
    finally:
        if not options.data:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
