"""Validated input for the user's profile."""

from __future__ import annotations

from afterword.validation import Country, Email, InputModel, LongText, ShortText, Timezone


class ProfileFields(InputModel):
    """Who the user is, as their drafts and reminders need it."""

    name: ShortText = None
    email: Email = None
    signature: LongText = None
    timezone: Timezone
    country: Country
