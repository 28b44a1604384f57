"""Who may change which property of a success (docs/permissions.md).

Whether the caller may change the success at all is ``service.check_may_change``: staff any, a
partner one that lists its party.
"""

from __future__ import annotations

from typing import Any

from kompas.core.principal import Principal, Role
from kompas.core.properties import (
    EVERY_WRITER,
    PUBLISHING,
    PropertyTable,
    Rule,
    same_set,
    writers,
)
from kompas.joint.auth import OPEN_LINKS, SCREENED_LINKS
from kompas.successes.schemas import EndorsementCreate, SuccessCreate, SuccessUpdate


def _partner_only_adds(principal: Principal, now: Any, asked: Any) -> str | None:
    if principal.role is Role.partner and not {str(i) for i in now or ()} <= {
        str(i) for i in asked
    }:
        return "A partner may add parties to a success but never drop one."
    return None


PARTIES = Rule(
    EVERY_WRITER,
    "Whoever may change the success; a partner only adds parties, keeping its own.",
    _partner_only_adds,
    same_set,
    conditional=frozenset({Role.partner}),
)

CREATE = PropertyTable(
    SuccessCreate,
    writers=EVERY_WRITER,
    rules={
        "title": writers(),
        "description": writers(),
        "achieved_on": writers(),
        "evidence_url": writers(),
        "evidence": writers(),
        "visibility": PUBLISHING,
        "party_ids": Rule(
            EVERY_WRITER,
            "Whoever names the success; a partner lists its own party.",
            None,
            same_set,
        ),
        "agenda_item_ids": OPEN_LINKS,
        "question_ids": OPEN_LINKS,
        "driver_ids": OPEN_LINKS,
    },
)

UPDATE = PropertyTable(
    SuccessUpdate,
    writers=EVERY_WRITER,
    rules={
        "title": writers(),
        "description": writers(),
        "achieved_on": writers(),
        "evidence_url": writers(),
        "evidence": writers(),
        "visibility": PUBLISHING,
        "party_ids": PARTIES,
        "agenda_item_ids": SCREENED_LINKS,
        "question_ids": SCREENED_LINKS,
        "driver_ids": OPEN_LINKS,
    },
)

ENDORSEMENT = PropertyTable(
    EndorsementCreate,
    writers=EVERY_WRITER,
    rules={"comment": writers("A party the success lists, once (its user or partner token).")},
)
