"""Property rules that joint work shares (agenda items, questions, successes, meetings).

Whether a caller may change a record at all is ``service.check_may_change`` (or the domain's own
rule); these say what a partner who may change it can then change: the work, never who leads,
who takes part or who sees it (docs/permissions.md).
"""

from __future__ import annotations

from kompas.core.properties import EVERY_WRITER, STAFF, PropertyTable, Rule, same_set, writers
from kompas.joint.schemas import HandoffCreate, HandoffDecision

LEAD = Rule(STAFF, "Admins, coordinators and members; a partner never names the lead.")
PARTICIPANTS = Rule(
    STAFF,
    "Admins, coordinators and members; a partner neither adds nor drops parties.",
    None,
    same_set,
)
OPEN_LINKS = Rule(
    EVERY_WRITER,
    "Whoever may change the record (everyone may read what it links to).",
    None,
    same_set,
)
SCREENED_LINKS = Rule(
    STAFF,
    "Admins, coordinators and members: a partner sees only the linked records it may read, so "
    "it cannot replace the list.",
    None,
    same_set,
)

HANDOFF = PropertyTable(
    HandoffCreate,
    writers=EVERY_WRITER,
    rules={
        "to_party_id": writers("The ball holder's member or partner, admins and coordinators."),
        "note": writers("Whoever hands the ball over."),
    },
)
HANDOFF_DECISION = PropertyTable(
    HandoffDecision,
    writers=EVERY_WRITER,
    rules={
        "status": writers(
            "`accepted`/`declined`: the receiving party; `withdrawn`: the giving party, admins "
            "and coordinators."
        ),
        "reason": writers("Whoever decides."),
    },
)
