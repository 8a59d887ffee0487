"""Validated input for the user's profile."""

from __future__ import annotations

from pydantic import field_validator

from afterword.pipeline.schemas import InputModel
from afterword.settings import is_timezone
from afterword.validation import Email, LongText, ShortText, known_country


class ProfileFields(InputModel):
    """Who the user is, as their drafts and reminders need it."""

    name: ShortText = None
    email: Email = None
    signature: LongText = None
    timezone: str
    country: str

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        if not is_timezone(value.strip()):
            raise ValueError(f"'{value}' is not an IANA time zone such as Europe/London")
        return value.strip()

    @field_validator("country")
    @classmethod
    def _country_code(cls, value: str) -> str:
        code = value.strip().upper()
        if len(code) != 2 or not code.isalpha():
            raise ValueError(f"'{value}' is not a two-letter country code such as GB or US")
        # Its public holidays are skipped when counting business days: it must be one known.
        if not known_country(code):
            raise ValueError(f"'{value}' is not a country afterword knows the holidays of")
        return code
