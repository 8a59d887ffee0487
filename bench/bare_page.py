"""A bare FastAPI + Jinja page of 50 table rows: the floor bench/web.py compares pages with.

The same framework, template engine and server as afterword, and nothing else: no
database, no middleware, no layout. Started by bench/web.py with the same uvicorn options.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from jinja2 import Environment, select_autoescape

ROWS = [
    {"company": f"Company {number:04d}", "role": "Backend Engineer", "status": "Applied"}
    for number in range(50)
]
TEMPLATE = Environment(autoescape=select_autoescape(default_for_string=True)).from_string(
    "<!doctype html><html><head><title>Rows</title></head><body><table>"
    "{% for row in rows %}<tr><td>{{ row.company }}</td><td>{{ row.role }}</td>"
    "<td>{{ row.status }}</td></tr>{% endfor %}</table></body></html>"
)

app = FastAPI()


@app.get("/", response_class=HTMLResponse)
def page() -> HTMLResponse:
    """Fifty rows rendered on every request."""
    return HTMLResponse(TEMPLATE.render(rows=ROWS))
