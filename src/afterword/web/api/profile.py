"""JSON API: the profile, the playbook's timings and the calendar feed's address."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Request
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from afterword.calendar import service as calendar_service
from afterword.profile.schemas import ProfileFields
from afterword.profile.service import profile_fields, update_profile
from afterword.settings import Settings
from afterword.settings import file as config_file
from afterword.settings.playbook import PlaybookTimings
from afterword.validation import invalid_input, refuse_nul
from afterword.web.api.json_types import JsonTyped
from afterword.web.deps import WorkspaceDep
from afterword.web.routes.settings_page import store_playbook
from afterword.workspace import Workspace

router = APIRouter(prefix="/api", tags=["settings"])


class ProfileOut(BaseModel):
    """Who the user is, as their drafts, dates and reminders need it."""

    handle: str
    name: str | None
    email: str | None
    signature: str | None
    timezone: str = Field(description="IANA time zone, e.g. Europe/London.")
    country: str = Field(description="Two-letter country code; its public holidays are skipped.")


class ProfilePatch(JsonTyped):
    """The fields to change; a field left out stays, null clears name, email or signature."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str | None, Field(max_length=200), AfterValidator(refuse_nul)] = None
    email: Annotated[str | None, Field(max_length=320), AfterValidator(refuse_nul)] = None
    signature: Annotated[str | None, Field(max_length=10_000), AfterValidator(refuse_nul)] = None
    timezone: Annotated[str | None, Field(max_length=64), AfterValidator(refuse_nul)] = None
    country: Annotated[str | None, Field(max_length=2), AfterValidator(refuse_nul)] = None


class CalendarLink(BaseModel):
    """Where calendar apps subscribe, and where to download a one-off copy."""

    subscription_url: str = Field(description="Secret address of the feed; keep it private.")
    download_url: str


def _profile_out(workspace: Workspace) -> ProfileOut:
    fields = profile_fields(workspace.user)
    return ProfileOut(handle=workspace.user.handle, **fields.model_dump())


@router.get("/profile", response_model=ProfileOut)
def get_profile(workspace: WorkspaceDep) -> ProfileOut:
    """Returns the user's profile."""
    return _profile_out(workspace)


@router.patch("/profile", response_model=ProfileOut)
def patch_profile(body: ProfilePatch, workspace: WorkspaceDep) -> ProfileOut:
    """Changes the given profile fields; the result is validated as a whole."""
    current = profile_fields(workspace.user).model_dump()
    try:
        fields = ProfileFields.model_validate({**current, **body.model_dump(exclude_unset=True)})
    except ValidationError as error:
        raise invalid_input(error) from None
    update_profile(session=workspace.session, user=workspace.user, fields=fields)
    return _profile_out(workspace)


@router.get("/settings/playbook", response_model=PlaybookTimings)
def get_playbook(workspace: WorkspaceDep) -> PlaybookTimings:
    """Returns the playbook's timings in force."""
    return workspace.settings.playbook


class PlaybookIn(PlaybookTimings, JsonTyped):
    """The playbook's timings, as the API takes them."""


@router.put("/settings/playbook", response_model=PlaybookTimings)
def put_playbook(body: PlaybookIn, request: Request, workspace: WorkspaceDep) -> PlaybookTimings:
    """Replaces the timings (left-out ones take their defaults), saves them and re-plans."""
    timings = PlaybookTimings.model_validate(body.model_dump())
    if workspace.settings.server_mode:
        # A shared server: the person's own timings; the app's settings are the server's.
        store_playbook(workspace, timings)
        workspace.settings = workspace.settings.model_copy(update={"playbook": timings})
    else:
        config_file.save_playbook(body)
        updated: Settings = request.app.state.settings.model_copy(update={"playbook": body})
        request.app.state.settings = updated
        workspace.settings = updated
    workspace.replan()
    return body


@router.get("/calendar", response_model=CalendarLink)
def get_calendar(request: Request, workspace: WorkspaceDep) -> CalendarLink:
    """Returns the calendar feed's subscription address (made on first need)."""
    if workspace.settings.server_mode:
        # A server keeps only the hash of a feed token, so there is no address to return
        # later; the Calendar page makes one and shows it once (docs/server.md).
        raise HTTPException(
            status_code=409,
            detail="on a server, make your calendar link on the Calendar page; it is shown once",
        )
    base = str(request.base_url).rstrip("/")
    token = calendar_service.feed_token(session=workspace.session, user=workspace.user)
    return CalendarLink(
        subscription_url=base + calendar_service.feed_path(token),
        download_url=base + "/calendar/" + calendar_service.FEED_FILE_NAME,
    )
