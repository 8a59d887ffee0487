"""The Numbers page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from afterword.web.deps import WorkspaceDep
from afterword.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/numbers", response_class=HTMLResponse)
def numbers_page(request: Request, workspace: WorkspaceDep) -> HTMLResponse:
    """Shows the Numbers page."""
    return render(request, "placeholder.html", {"title": "Numbers"})
