"""Routes of the public feeds (`GET /feeds/{feed}/atom|json`) and the intranet widget
(`GET /widget`). No Bearer token: they serve only what an organisation has published."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from kompas.core.conditional import PUBLIC_CACHE, cached_response
from kompas.core.config import Settings
from kompas.core.errors import NotFound, refuse_unknown_query
from kompas.core.middleware import content_security_policy
from kompas.core.principal import SettingsDep
from kompas.core.replica import ReadSessionDep
from kompas.feeds import service, widget
from kompas.feeds.sources import FEEDS

router = APIRouter()
TAG = "feeds"


class AtomResponse(Response):
    media_type = service.ATOM


class JsonFeedResponse(Response):
    media_type = service.JSON_FEED


class WidgetResponse(Response):
    media_type = "text/html"


OrganisationParam = Annotated[
    uuid.UUID,
    Query(description="The id of the organisation whose published records to show."),
]
_HEADERS: dict[str, Any] = {
    "ETag": {
        "description": "A strong validator of this body: send it in `If-None-Match`.",
        "schema": {"type": "string"},
    },
    "Last-Modified": {
        "description": "The last change of what is shown: send it in `If-Modified-Since`.",
        "schema": {"type": "string"},
    },
    "Cache-Control": {
        "description": f"`{PUBLIC_CACHE}`: caches may keep it five minutes.",
        "schema": {"type": "string"},
    },
}
_NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {
        "description": "Not modified: the copy named by `If-None-Match` (or, without it, "
        "`If-Modified-Since`) is current.",
        "headers": _HEADERS,
    }
}
_FEED_DOCS = {
    "atom": (
        AtomResponse,
        "An Atom feed (RFC 4287): feed and entry `id` (URNs), `title`, `updated`, the "
        'organisation as `author`, `link rel="self"` and `rel="alternate"` (the web app), '
        "each entry's text as escaped HTML `content` and its tags as `category`.",
    ),
    "json": (
        JsonFeedResponse,
        "A JSON Feed 1.1 (https://jsonfeed.org/version/1.1): `version`, `title`, "
        "`home_page_url`, `feed_url`, `authors`, `items` with `id`, `url`, `title`, "
        "`content_html`, `content_text`, `date_published`, `date_modified` and `tags`.",
    ),
}
_WHAT = {
    "experiences": "the latest 50 published experiences",
    "successes": "the latest 50 published successes",
    "published": "the latest 50 published experiences and successes together",
}


def _base_url(settings: Settings) -> str:
    return str(settings.public_url).rstrip("/")


def _feed_route(feed: str, format_: Literal["atom", "json"]) -> Callable[..., Response]:
    response_class, document = _FEED_DOCS[format_]
    media_type = service.FORMATS[format_]

    def read_feed(
        request: Request,
        session: ReadSessionDep,
        settings: SettingsDep,
        organisation: OrganisationParam,
    ) -> Response:
        refuse_unknown_query(request.query_params, ("organisation",))
        found = service.get_organisation(session, organisation)
        published = service.get_published(session, organisation=found, kinds=FEEDS[feed])
        body = service.render(published, feed=feed, format_=format_, base_url=_base_url(settings))
        return cached_response(
            request, body, media_type=media_type, last_modified=published.last_modified
        )

    router.add_api_route(
        f"/feeds/{feed}/{format_}",
        read_feed,
        methods=["GET"],
        name=f"read_{feed}_{format_}",
        tags=[TAG],
        summary=f"Read {_WHAT[feed].removeprefix('the ')} as {media_type}",
        description=f"{_WHAT[feed].capitalize()} of `organisation`, the last changed first, "
        f"for everyone: no Bearer token, nothing that is not published. {document} An "
        "organisation that does not exist answers 404. A conditional GET answers 304 when "
        "nothing changed.",
        response_class=response_class,
        responses={
            200: {
                "description": document,
                "headers": _HEADERS,
                "content": {media_type: {"schema": {"type": "string"}}},
            },
            **_NOT_MODIFIED,
        },
    )
    return read_feed


for _feed in FEEDS:
    _feed_route(_feed, "atom")
    _feed_route(_feed, "json")


@router.get(
    "/widget",
    tags=[TAG],
    response_class=WidgetResponse,
    responses={
        200: {
            "description": "A small HTML page for an intranet's `<iframe>`. Its "
            "`Content-Security-Policy: frame-ancestors` names the origins of "
            "KOMPAS_WIDGET_ORIGINS (`'none'` while that is empty); it tells the framing page "
            'its height with `postMessage({type: "kompas-widget-height", height})`.',
            "headers": {
                **_HEADERS,
                "Content-Security-Policy": {
                    "description": "`frame-ancestors` lists the intranet origins that may "
                    "frame the widget.",
                    "schema": {"type": "string"},
                },
            },
            "content": {"text/html": {"schema": {"type": "string"}}},
        },
        **_NOT_MODIFIED,
    },
)
def read_widget(
    request: Request,
    session: ReadSessionDep,
    settings: SettingsDep,
    organisation: OrganisationParam,
    lang: Annotated[
        Literal["nl", "en"], Query(description="The language of the page's own texts.")
    ] = "nl",
) -> Response:
    """The latest five published experiences and five published successes of `organisation`,
    each a link to its page in the web app, in a plain page to embed in the intranet
    (docs/feeds.md gives the snippet). No Bearer token; an organisation that does not exist
    answers 404."""
    refuse_unknown_query(request.query_params, ("organisation", "lang"))
    found = service.get_organisation(session, organisation)
    sections = {
        kind: service.get_published(session, organisation=found, kinds=(kind,), limit=widget.LATEST)
        for kind in ("experiences", "successes")
    }
    origins = list(settings.widget_origins)
    body = widget.render(
        organisation_id=found.id,
        organisation_name=found.name,
        sections=sections,
        language=lang,
        parent_origins=origins,
    )
    headers = {}
    if origins:  # otherwise every response's own policy: frame-ancestors 'none'
        headers["Content-Security-Policy"] = content_security_policy(frame_ancestors=tuple(origins))
    return cached_response(
        request,
        body,
        media_type="text/html; charset=utf-8",
        last_modified=max(published.last_modified for published in sections.values()),
        headers=headers,
    )


@router.get("/widget/{name}", include_in_schema=False)
def read_widget_asset(name: str) -> Response:
    media_type = widget.ASSETS.get(name)
    if media_type is None:
        raise NotFound(f"The widget has no file '{name}'.")
    return Response(
        widget.asset(name), media_type=media_type, headers={"Cache-Control": widget.ASSET_CACHE}
    )
