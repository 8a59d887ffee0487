"""The web app factory: `create_app(settings)` wires the routes, the safety checks and assets."""

from __future__ import annotations

import gc

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

from afterword import __version__
from afterword.settings import Settings, get_settings
from afterword.web.deps import RequestState
from afterword.web.errors import install_error_handlers
from afterword.web.page_cache import PageCache
from afterword.web.security import (
    API_DOCS_PATH,
    HostCheckMiddleware,
    SecurityHeadersMiddleware,
    allowed_hosts,
    load_secret,
    signed_token,
    verify_csrf,
)
from afterword.web.templating import STATIC_DIR


def create_app(settings: Settings | None = None) -> FastAPI:
    """Builds the app for these settings (the user's own by default)."""
    from afterword.storage.migrate import ensure_current

    # The routes before the API: the API's modules import the routes' form readers.
    from afterword.web import routes
    from afterword.web.api import API_ROUTERS
    from afterword.web.api.problems import PROBLEM_RESPONSES

    settings = settings or get_settings()
    ensure_current(settings.database_url)
    app = FastAPI(
        title="afterword",
        version=__version__,
        description="Everything that happens after a job interview: the pipeline, the playbook's "
        "actions, email drafts, offers and reflection. The same operations as the pages.",
        docs_url=None,  # served below, from the vendored Swagger UI: it works offline
        redoc_url=None,
        openapi_url="/api/openapi.json",
        # Every state-changing request, page or API, must carry the form token.
        dependencies=[Depends(verify_csrf)],
    )
    secret = load_secret(settings)
    form_token = signed_token(secret, "form", settings.user)
    app.state.settings = settings
    app.state.secret = secret
    app.state.requests = RequestState()
    app.state.page_cache = PageCache(max_bytes=settings.web.page_cache_mb * 1024 * 1024)

    def csrf_token_for(_request: Request) -> str:
        return form_token

    app.state.csrf_token_for = csrf_token_for
    install_error_handlers(app)
    for router in routes.ROUTERS:
        # The API documents the refusals every operation may answer with (see api.problems).
        app.include_router(router, responses=PROBLEM_RESPONSES if router in API_ROUTERS else None)
    app.add_api_route(API_DOCS_PATH, _api_docs, include_in_schema=False, methods=["GET"])
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    if settings.server_mode:
        # Only here: the single-user app never loads the server's code.
        from afterword.web import server

        server.install(app, settings, secret)
    app.add_middleware(HostCheckMiddleware, hosts=allowed_hosts(settings))
    # Outermost: even the Host check's refusal and an error page carry the headers.
    app.add_middleware(SecurityHeadersMiddleware)
    _warm_up_in_background()
    return app


def _warm_up_in_background() -> None:
    """Trains the feedback-theme classifier beside the starting app: the Numbers, Game plan
    and Practice pages need it, and the first of them should not wait for it."""
    import threading

    from afterword.reflection.feedback_themes import warm_up

    threading.Thread(target=warm_up, name="afterword-warm-up", daemon=True).start()


_API_DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>afterword API</title>
<link rel="icon" href="/static/favicon.svg">
<link rel="stylesheet" href="/static/vendor/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/static/vendor/swagger-ui-bundle.js"></script>
<script src="/static/js/api-docs.js"></script>
</body>
</html>
"""


def _api_docs() -> HTMLResponse:
    """The API's documentation page: Swagger UI from afterword's own files, no CDN."""
    return HTMLResponse(_API_DOCS_PAGE)


def serve_app() -> FastAPI:
    """The app as `afterword serve` runs it: the user's settings, tuned for a long-lived server."""
    app = create_app()
    # Everything imported and built so far lives as long as the server: moving it out of the
    # collector's reach keeps full collections short. Without this, they showed as p99
    # spikes in bench/web.py (p99 168 ms -> 70 ms with one worker, 5,000 applications).
    gc.collect()
    gc.freeze()
    return app
