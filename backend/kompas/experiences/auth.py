"""Who may do what with experiences (docs/permissions.md).

Everyone of the organisation reads them (a partner: those shared with partners and those that
involve its party); admins, coordinators, members and partners share them. Whether the caller
may change or delete one at all is ``service.check_may_change``: its author, and admins and
coordinators. These tables say which properties that caller may then change.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends

from kompas.core.principal import Principal, Role, require_roles
from kompas.core.properties import EVERY_WRITER, PropertyTable, Rule, publishing, same_set, writers
from kompas.experiences.schemas import ExperienceCreate, ExperienceUpdate
from kompas.joint.auth import OPEN_LINKS, SCREENED_LINKS

# Viewers only read.
Sharer = Annotated[
    Principal, Depends(require_roles(Role.admin, Role.coordinator, Role.member, Role.partner))
]

VISIBILITY = publishing(
    EVERY_WRITER,
    "Whoever may change the experience, `partners` at most for a partner; publishing "
    "(`published`) or taking it back is for admins, coordinators and members alone.",
)


def _partner_only_adds(principal: Principal, now: Any, asked: Any) -> str | None:
    if principal.role is Role.partner and not {str(i) for i in now or ()} <= {
        str(i) for i in asked
    }:
        return "A partner may add parties to an experience but never drop one."
    return None


_TEXT = {
    "title": writers(),
    "situation": writers(),
    "what_was_done": writers(),
    "what_was_learned": writers(),
    "tip": writers(),
    "tags": Rule(EVERY_WRITER, "Whoever may change the record.", None, same_set),
    "phase_id": writers(),
    "visibility": VISIBILITY,
}

CREATE = PropertyTable(
    ExperienceCreate,
    writers=EVERY_WRITER,
    rules={
        **_TEXT,
        "party_ids": Rule(
            EVERY_WRITER,
            "Whoever shares the experience; a partner lists its own party.",
            None,
            same_set,
        ),
        "agenda_item_ids": OPEN_LINKS,
        "question_ids": OPEN_LINKS,
        "success_ids": OPEN_LINKS,
    },
)

UPDATE = PropertyTable(
    ExperienceUpdate,
    writers=EVERY_WRITER,
    rules={
        **_TEXT,
        "party_ids": Rule(
            EVERY_WRITER,
            "Whoever may change the experience; a partner only adds parties, keeping its own.",
            _partner_only_adds,
            same_set,
            conditional=frozenset({Role.partner}),
        ),
        "agenda_item_ids": SCREENED_LINKS,
        "question_ids": SCREENED_LINKS,
        "success_ids": SCREENED_LINKS,
    },
)
