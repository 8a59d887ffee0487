"""Every router of the web app: the pages, then the JSON API."""

from __future__ import annotations

from fastapi import APIRouter

from afterword.web.api import API_ROUTERS
from afterword.web.routes import (
    actions,
    application_records,
    applications,
    calendar,
    inbox,
    numbers,
    offers,
    pipeline,
    reflection,
    reflection_loop,
    settings_page,
    today,
)

ROUTERS: tuple[APIRouter, ...] = (
    today.router,
    pipeline.router,
    applications.router,
    application_records.router,
    actions.router,
    inbox.router,
    offers.router,
    reflection.router,
    reflection_loop.router,
    numbers.router,
    calendar.router,
    settings_page.router,
    *API_ROUTERS,
)
