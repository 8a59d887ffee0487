"""Options given before the command (`afterword --as-of DATE ...`), kept for the run."""

from __future__ import annotations

import datetime as dt

as_of: dt.date | None = None
