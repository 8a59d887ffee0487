"""The web app: FastAPI, server-rendered Jinja templates and HTMX, every asset vendored."""
