"""The records search and the calendar serve, and who may see which of them.

The rules are those of each domain's own list: a partner sees the agenda items and questions its
party is involved in (``joint.visible_to``), and the successes, meetings and experiences shared
with partners (visibility `partners` or `published`) or linked to its party. A partner's API token
reaches only the kinds whose collection it may read (`meetings:read`, …). The rules are imported
from the domains, so that search and the calendar can never show more than the lists do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_
from sqlmodel import col, select

from kompas.agenda.models import AgendaItem
from kompas.core.principal import Principal, PrincipalKind, Role
from kompas.core.visibility import SHARED_WITH_PARTNERS
from kompas.experiences.models import Experience
from kompas.experiences.service import visible_to as experience_visible_to
from kompas.joint import service as joint
from kompas.joint.models import Link, LinkKind
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
    # Conditions that together hold every record the caller may see, none overlapping another,
    # each read through an index of its own, where the rule alone would test every match of a
    # common word (a partner's): a plan starts from each (docs/decisions/0018). The rule is
    # applied all the same, so the parts only choose the plan: parts too narrow would find less,
    # never more. None: the rule alone.
    parts: Callable[[Any, Principal], tuple[Any, ...] | None] = lambda model, principal: None

    def path(self, prefix: str, record_id: object) -> str:
        return f"{prefix}/{self.collection}/{record_id}"


def _involved(model: Any, principal: Principal) -> tuple[Any, ...] | None:
    """A partner's agenda items or questions: those its party is involved in, a few hundred."""
    ids = joint.partner_ids(model, principal)
    return None if ids is None else (col(model.id).in_(ids),)


def _shared_or_linked(kind: LinkKind) -> Callable[[Any, Principal], tuple[Any, ...] | None]:
    """A partner's records of ``kind`` in two parts that do not overlap: those shared with every
    partner (for experiences, 3 in 10, the partial index ix_experiences_shared of migration
    c3d4e5f6a7b8 in the candidates' order; the others are read through the text or list index)
    and the others that are linked to its party (through the links' index on the target)."""

    def parts(model: Any, principal: Principal) -> tuple[Any, ...] | None:
        if principal.role is not Role.partner:
            return None
        linked = select(Link.source_id).where(
            Link.organisation_id == principal.organisation_id,
            Link.target_id == principal.party_id,
            Link.source_kind == kind,
            Link.target_kind == LinkKind.party,
        )
        shared = col(model.visibility).in_(SHARED_WITH_PARTNERS)
        return (shared, and_(~shared, col(model.id).in_(linked)))

    return parts


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
            _involved,
        ),
        Source(
            "question",
            Question,
            "questions",
            "title",
            ("rationale", "findings"),
            joint.visible_to,
            "updated_at",
            _involved,
        ),
        Source(
            "success",
            Success,
            "successes",
            "title",
            ("description", "evidence"),
            shared_or_linked,
            "achieved_on",
            _shared_or_linked(LinkKind.success),
        ),
        Source(
            "meeting",
            Meeting,
            "meetings",
            "title",
            ("agenda", "location", "outcome_notes"),
            shared_or_linked,
            "updated_at",
            # No parts: 2,000 meetings at the size of a large municipality, whose matches the
            # rule tests in 1-2 ms; reading them in parts cost a little more.
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
            _shared_or_linked(LinkKind.experience),
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
