"""The org-chart explorer at ``/explorer``: one HTML page and one script, both served here.

The script (``api/static/explorer/explorer.js``) is built from ``explorer/src/`` by esbuild
(``make explorer``, :mod:`scripts.explorer`) and committed, so serving it needs no Node. The
page holds no data of its own: it reads everything through ``/graphql`` with the caller's
credentials (an API key kept in the tab's sessionStorage, or none where ``make run`` lets the
local developer in), so the page itself is public, like GraphiQL's.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

HERE = Path(__file__).resolve().parent
#: The committed bundle, and the URL path api/app.py serves it at.
EXPLORER_ASSETS_DIR = HERE / "static" / "explorer"
EXPLORER_ASSETS_PATH = "/explorer-assets"
EXPLORER_PATH = "/explorer"
EXPLORER_PAGE = (HERE / "explorer.html").read_text(encoding="utf-8")

router = APIRouter(tags=["explorer"])


@router.get(EXPLORER_PATH, response_class=HTMLResponse, include_in_schema=False)
async def explorer_page(request: Request) -> HTMLResponse:
    """The explorer page; its script and /graphql relative to where the app is mounted."""
    prefix = request.scope.get("root_path", "")
    page = EXPLORER_PAGE.replace("{{assets}}", prefix + EXPLORER_ASSETS_PATH).replace(
        "{{graphql}}", prefix + "/graphql"
    )
    return HTMLResponse(page)
