"""What a partner token may be allowed to do: read or write one collection.

Scopes are named after the first segment of the API path (`needs:write` for POST /needs and
PATCH /needs/{needId}). Every collection of the API is either listed here or, being about
accounts and administration, closed to tokens altogether; a test keeps the two lists complete,
and another that every scope offered is one a route asks for.
"""

from __future__ import annotations

from enum import StrEnum

TOKEN_COLLECTIONS = (
    "parties",
    "departments",
    "partners",
    "people",
    "needs",
    "purpose",
    "drivers",
    "phases",
    "work-formats",
    "role-maps",
    "agenda-items",
    "questions",
    "successes",
    "experiences",
    "meetings",
    "handoffs",
    "search",
    "calendar",
    # a partner's systems subscribe to events about what its party may read
    "webhook-subscriptions",
    "webhook-event-types",
)
# Collections no route writes: a token may only read them, and no `:write` scope is offered
# (a handoff is offered and answered below its agenda item or question, with that one's scope).
READ_ONLY = ("handoffs", "search", "calendar", "webhook-event-types")
# Accounts, sessions and administration: never for a partner's systems. Nor a person's own
# commitment: a token is no person, and a colleague's words are not for another organisation.
# The dashboard and the progress report are summaries for people; a partner's systems read the
# records they summarise (with the scopes above) instead.
CLOSED_TO_TOKENS = (
    "auth",
    "me",
    "users",
    "audit-events",
    "api-tokens",
    "commitments",
    "dashboard",
    "reports",
    # A reflection round is answered by people, each once and anonymously; a system has no say.
    "reflection-rounds",
    # the whole organisation: admins only, never a system's token
    "export",
)
# Open to everyone, without authentication.
PUBLIC = ("health", "feeds", "widget")

Scope = StrEnum(  # type: ignore[misc]
    "Scope",
    {
        f"{collection}_{action}".replace("-", "_"): f"{collection}:{action}"
        for collection in TOKEN_COLLECTIONS
        for action in (("read",) if collection in READ_ONLY else ("read", "write"))
    },
)


def required_scope(path_template: str, method: str) -> str | None:
    """The scope a route needs, e.g. ``needs:write``; None when tokens may never call it."""
    segments = [s for s in path_template.split("/") if s]
    if "api-tokens" in segments:
        return None
    collection = segments[0] if segments else ""
    if collection not in TOKEN_COLLECTIONS:
        return None
    return f"{collection}:{'read' if method == 'GET' else 'write'}"
