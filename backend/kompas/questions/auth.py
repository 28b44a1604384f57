"""Who may change which property of a question (docs/permissions.md).

Whether the caller may change the question at all is ``joint.check_may_change``: staff any, a
partner one its party leads, holds the ball of or takes part in at `taking-part`.
"""

from __future__ import annotations

from kompas.core.properties import EVERY_WRITER, PUBLISHING, STAFF, PropertyTable, writers
from kompas.joint.auth import LEAD, OPEN_LINKS, PARTICIPANTS
from kompas.questions.schemas import (
    ContributionCreate,
    ContributionUpdate,
    QuestionCreate,
    QuestionUpdate,
)

CREATE = PropertyTable(
    QuestionCreate,
    writers=STAFF,
    rules={
        "title": writers(),
        "rationale": writers(),
        "phase_id": writers(),
        "status": writers(),
        "findings": writers(),
        "lead_party_id": LEAD,
        "ball_holder_id": LEAD,
        "driver_ids": OPEN_LINKS,
        "participants": PARTICIPANTS,
        "visibility": PUBLISHING,
    },
)

UPDATE = PropertyTable(
    QuestionUpdate,
    writers=EVERY_WRITER,
    rules={
        "title": writers(),
        "rationale": writers(),
        "phase_id": writers(),
        "status": writers("Whoever may change the question, along the allowed steps."),
        "status_reason": writers(),
        "findings": writers(),
        "lead_party_id": LEAD,
        "driver_ids": OPEN_LINKS,
        "participants": PARTICIPANTS,
        "visibility": PUBLISHING,
    },
)

_CONTRIBUTION = {
    "kind": writers(),
    "body": writers(),
    "party_id": writers(
        "A member or partner for its own party; admins and coordinators for any party involved."
    ),
}
CONTRIBUTION_CREATE = PropertyTable(ContributionCreate, writers=EVERY_WRITER, rules=_CONTRIBUTION)
CONTRIBUTION_UPDATE = PropertyTable(
    ContributionUpdate,
    writers=EVERY_WRITER,
    rules={"kind": writers("The contributing party."), "body": writers("The contributing party.")},
)
