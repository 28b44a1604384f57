"""Who may change which property of a meeting (docs/permissions.md): staff write meetings."""

from __future__ import annotations

from kompas.core.properties import PUBLISHING, STAFF, PropertyTable, Rule, same_set, writers
from kompas.meetings.schemas import MeetingCreate, MeetingUpdate

_LIST = Rule(STAFF, "Admins, coordinators and members.", None, same_set)
_RULES = {
    "title": writers(),
    "agenda": writers(),
    "location": writers(),
    "starts_at": writers(),
    "ends_at": writers(),
    "phase_id": writers(),
    "work_format_id": writers(),
    "visibility": PUBLISHING,
    "party_ids": _LIST,
    "person_ids": _LIST,
    "agenda_item_ids": _LIST,
    "success_ids": _LIST,
    "snapshot_ids": _LIST,
    "outcome_notes": writers(),
}
CREATE = PropertyTable(MeetingCreate, writers=STAFF, rules=dict(_RULES))
UPDATE = PropertyTable(MeetingUpdate, writers=STAFF, rules=dict(_RULES))
