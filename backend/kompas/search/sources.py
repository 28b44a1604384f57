"""The records search and the calendar serve, and who may see which of them.

The rules are those of each domain's own list: a partner sees the agenda items and questions its
party is involved in (``joint.visible_to``), and the successes and meetings shared with partners
(visibility `partners` or `published`) or linked to its party. A partner's API token reaches only
the kinds whose collection it may read (`meetings:read`, …). The rules are imported from the
domains, so that search and the calendar can never show more than the lists do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import select

from kompas.agenda.models import AgendaItem
from kompas.core.principal import Principal, PrincipalKind
from kompas.experiences.models import Experience
from kompas.experiences.service import visible_to as experience_visible_to
from kompas.joint import service as joint
from kompas.meetings.models import Meeting
from kompas.questions.models import Question
from kompas.successes.models import Success
from kompas.successes.service import visible_to as shared_or_linked


@dataclass(frozen=True)
class Source:
    kind: str  # as in the API: `agenda-item`
    model: Any
    collection: str  # the path segment of its collection: `agenda-items`
    title: str
    body: tuple[str, ...]  # the other searched columns, in this order
    visible: Callable[[Any, Any, Principal], Any]
    # PostgreSQL ranks at most CANDIDATES matches of a kind: the most recent by this column (the
    # one its list index holds after the organisation, so the newest are read first).
    recent: str
    # Ids that hold every record the caller may see, where they are few (a partner's own): a
    # plan may start from them rather than from every match; None where most records are seen.
    narrow: Callable[[Any, Principal], Any | None] = lambda model, principal: None

    def path(self, prefix: str, record_id: object) -> str:
        return f"{prefix}/{self.collection}/{record_id}"


# The columns must match the migration 408ea77bf461 (its index expressions and triggers).
SOURCES: dict[str, Source] = {
    source.kind: source
    for source in (
        Source(
            "agenda-item",
            AgendaItem,
            "agenda-items",
            "title",
            ("description",),
            joint.visible_to,
            "updated_at",
            joint.partner_ids,
        ),
        Source(
            "question",
            Question,
            "questions",
            "title",
            ("rationale", "findings"),
            joint.visible_to,
            "updated_at",
            joint.partner_ids,
        ),
        Source(
            "success",
            Success,
            "successes",
            "title",
            ("description", "evidence"),
            shared_or_linked,
            "achieved_on",
        ),
        Source(
            "meeting",
            Meeting,
            "meetings",
            "title",
            ("agenda", "location", "outcome_notes"),
            shared_or_linked,
            "updated_at",
        ),
        # The columns must match the migration 5e1f0c2a7b01.
        Source(
            "experience",
            Experience,
            "experiences",
            "title",
            ("situation", "what_was_done", "what_was_learned", "tip"),
            experience_visible_to,
            "created_at",
        ),
    )
}


def readable_by(principal: Principal, source: Source) -> bool:
    """Users read every kind; a partner's API token only the collections in its scopes."""
    if principal.kind is not PrincipalKind.token:
        return True
    return f"{source.collection}:read" in (principal.scopes or frozenset())


def scoped_select(source: Source, principal: Principal, *columns: Any) -> Any:
    """SELECT of the source's records (and ``columns``) the caller may see."""
    model = source.model
    statement = select(model, *columns).where(model.organisation_id == principal.organisation_id)
    return source.visible(statement, model, principal)
