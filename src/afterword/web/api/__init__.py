"""The JSON API: the same operations as the pages, described by /api/openapi.json."""

from __future__ import annotations

from fastapi import APIRouter

from afterword.web.api import actions, applications, inbox, offers, profile, reflection

API_ROUTERS: tuple[APIRouter, ...] = (
    applications.router,
    actions.router,
    offers.router,
    reflection.router,
    profile.router,
    inbox.router,
)
