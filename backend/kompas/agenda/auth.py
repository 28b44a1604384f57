"""Who may change which property of an agenda item (docs/permissions.md).

Whether the caller may change the item at all is ``joint.check_may_change``: staff any item, a
partner one its party leads, holds the ball of or takes part in at `taking-part`.
"""

from __future__ import annotations

from kompas.agenda.schemas import AgendaItemCreate, AgendaItemUpdate
from kompas.core.properties import EVERY_WRITER, PUBLISHING, STAFF, PropertyTable, writers
from kompas.joint.auth import LEAD, OPEN_LINKS, PARTICIPANTS, SCREENED_LINKS

CREATE = PropertyTable(
    AgendaItemCreate,
    writers=STAFF,
    rules={
        "title": writers(),
        "description": writers(),
        "horizon": writers(),
        "phase_id": writers(),
        "status": writers(),
        "lead_party_id": LEAD,
        "ball_holder_id": LEAD,
        "target_date": writers(),
        "progress": writers(),
        "driver_ids": OPEN_LINKS,
        "question_ids": SCREENED_LINKS,
        "participants": PARTICIPANTS,
        "visibility": PUBLISHING,
    },
)

UPDATE = PropertyTable(
    AgendaItemUpdate,
    writers=EVERY_WRITER,
    rules={
        "title": writers(),
        "description": writers(),
        "horizon": writers(),
        "phase_id": writers(),
        "status": writers("Whoever may change the item, along the allowed steps."),
        "status_reason": writers(),
        "lead_party_id": LEAD,
        "target_date": writers(),
        "progress": writers(),
        "driver_ids": OPEN_LINKS,
        "question_ids": SCREENED_LINKS,
        "participants": PARTICIPANTS,
        "visibility": PUBLISHING,
    },
)
