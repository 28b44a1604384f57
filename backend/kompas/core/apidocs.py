"""The interactive API docs (Swagger UI), served entirely by Kompas itself.

A municipal network often cannot reach a public CDN, and a page that loads scripts from one needs
a weaker Content-Security-Policy. So the Swagger UI files come from a pinned Python package
(``swagger-ui-py``, which bundles the official ``swagger-ui-dist``) and the page starts it with a
script of our own instead of an inline one: the page runs under ``script-src 'self'``.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from kompas.core.errors import NotFound

# Only these files of the package are served; nothing else of its directory is reachable.
ASSETS = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "favicon-32x32.png": "image/png",
}
STARTER = "kompas-docs.js"
# Starts Swagger UI on the spec named by the page; no validator badge (it would call out).
STARTER_SCRIPT = """\
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: document.body.dataset.spec,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
"""
ASSET_CACHE = "public, max-age=3600"


@cache
def _asset(name: str) -> bytes:
    return (Path(str(files("swagger_ui"))) / "static" / name).read_bytes()


def docs_router(*, path: str, public_path: str, spec_url: str, title: str) -> APIRouter:
    """Routes for the docs page at ``path`` and its files at ``{path}/{name}``; the page names
    them by ``public_path``, where the browser finds them (the API may be mounted)."""
    prefix = public_path
    router = APIRouter()
    page = (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<link rel="stylesheet" href="{prefix}/swagger-ui.css">\n'
        f'<link rel="icon" type="image/png" href="{prefix}/favicon-32x32.png">\n'
        "</head>\n"
        f'<body data-spec="{spec_url}">\n<div id="swagger-ui"></div>\n'
        f'<script src="{prefix}/swagger-ui-bundle.js"></script>\n'
        f'<script src="{prefix}/{STARTER}"></script>\n'
        "</body>\n</html>\n"
    )

    @router.get(path, include_in_schema=False)
    def docs_page() -> HTMLResponse:
        return HTMLResponse(page, headers={"Cache-Control": "no-cache"})

    @router.get(f"{path}/{{name}}", include_in_schema=False)
    def docs_asset(name: str) -> Response:
        if name == STARTER:
            return Response(
                STARTER_SCRIPT,
                media_type="text/javascript; charset=utf-8",
                headers={"Cache-Control": ASSET_CACHE},
            )
        media_type = ASSETS.get(name)
        if media_type is None:
            raise NotFound(f"The API docs have no file '{name}'.")
        return Response(
            _asset(name),
            media_type=media_type,
            headers={"Cache-Control": ASSET_CACHE},
        )

    return router
