"""The Jinja environment of the web app: filters, the shared page context, `render`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from babel.numbers import format_currency, format_decimal
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from afterword.drafts.render import format_day
from afterword.pipeline.status import Status
from afterword.web.flash import COOKIE as FLASH_COOKIE
from afterword.web.flash import take_flash

HERE = Path(__file__).parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"

# The pages in the navigation bar, in order: (path, label).
NAVIGATION = (
    ("/", "Today"),
    ("/pipeline", "Pipeline"),
    ("/offers", "Offers"),
    ("/reflection", "Reflection"),
    ("/numbers", "Numbers"),
    ("/calendar", "Calendar"),
    ("/settings", "Settings"),
)
# The Reflection entry opens a menu of the loop's pages (path, label): one entry in the bar
# keeps it on two lines at phone width, and every page of the loop is one choice away.
REFLECTION_MENU = (
    ("/reflection", "Journal and themes"),
    ("/reflection/reflect", "Reflect on an interview"),
    ("/game-plan", "Game plan"),
    ("/practice", "Practice questions"),
    ("/goals", "Goals"),
)


def user_locale(country: str | None) -> str:
    """The locale dates and money are shown in, from the profile's country."""
    return f"en_{(country or 'GB').upper()}"


def _day(value: dt.date | dt.datetime | None, locale: str = "en_GB", today: Any = None) -> str:
    if value is None:
        return ""
    day = value.date() if isinstance(value, dt.datetime) else value
    return format_day(day, locale, today=today if isinstance(today, dt.date) else None)


def _relative(value: dt.date | None, today: dt.date | None) -> str:
    """ "today", "tomorrow", "in 3 days", "2 days ago"."""
    if value is None or today is None:
        return ""
    days = (value - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def _money(amount: int | float | None, currency: str | None = None, locale: str = "en_GB") -> str:
    if amount is None:
        return ""
    if not currency:
        return format_decimal(amount, locale=locale)
    # currency_digits=False: whole amounts, no ".00" on every salary.
    return format_currency(amount, currency, locale=locale, format="¤#,##0", currency_digits=False)


def _status_label(value: Status | str | None) -> str:
    if value is None:
        return ""
    try:
        return Status(value).label
    except ValueError:
        return str(value).replace("_", " ")


def build_environment() -> Environment:
    from afterword.playbook.effects import preview

    """The template environment; templates are compiled once and cached."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
        cache_size=400,
    )
    environment.filters.update(
        day=_day,
        relative=_relative,
        money=_money,
        status_label=_status_label,
        effect_preview=lambda kind, company=None: preview(kind, company),
    )
    environment.globals.update(navigation=NAVIGATION, reflection_menu=REFLECTION_MENU)
    return environment


ENVIRONMENT = build_environment()


def is_htmx(request: Request) -> bool:
    """Whether HTMX sent the request (it then wants a fragment, not a whole page)."""
    return request.headers.get("hx-request") == "true"


def page_context(request: Request) -> dict[str, Any]:
    """What every template can use: the request, the form token, the user and the date."""
    workspace = getattr(request.state, "workspace", None)
    user = workspace.user if workspace is not None else None
    today = workspace.today if workspace is not None else None
    locale = user_locale(user.country if user is not None else None)
    return {
        "request": request,
        "csrf_token": request.app.state.csrf_token_for(request),
        "user": user,
        "today": today,
        "locale": locale,
        "flash": take_flash(request),
        "htmx": is_htmx(request),
        "path": request.url.path,
        # Server mode only: who is signed in (for the sign-out button).
        "signed_in": getattr(request.state, "signed_in", None),
    }


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Renders a page or a `_partial` with the shared context."""
    values = page_context(request)
    values.update(context or {})
    body = ENVIRONMENT.get_template(name).render(values)
    response = HTMLResponse(body, status_code=status_code, headers=headers)
    if values["flash"] and not name.startswith("partials/"):
        response.delete_cookie(FLASH_COOKIE)
    return response
