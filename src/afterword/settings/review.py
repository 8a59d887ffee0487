"""The weekly review's settings: the [review] section of config.toml."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ReviewSettings(BaseModel):
    """Whether the weekly review also comes by email (off unless the user turns it on)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    weekly_digest: bool = Field(
        default=False,
        description="Email yourself last week's review once a week, through your own mail "
        "account ([mail]); sent when 'afterword today' or 'afterword serve' first runs in a "
        "new week, or by 'afterword review --send'.",
    )
