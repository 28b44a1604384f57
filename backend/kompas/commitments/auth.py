"""Who may read and write personal commitments (docs/permissions.md).

A commitment is its author's alone: only they write it, whatever their role, and nobody reads a
private one but them — not an admin or coordinator, not through the audit trail (which records
that it changed, never what it says), search, a list, a summary or an export. A shared one is read
by the staff of the organisation: admins, coordinators, members and viewers. Partners read only
their own: a colleague's personal words are not for other organisations.
"""

from __future__ import annotations

from kompas.commitments.schemas import CommitmentWrite
from kompas.core.principal import Principal, PrincipalKind, Role
from kompas.core.properties import PropertyTable, Rule

# Who reads the commitments others shared.
READERS_OF_SHARED = frozenset({Role.admin, Role.coordinator, Role.member, Role.viewer})

AUTHOR = Rule(frozenset(Role), "The author alone, whatever their role: it is their own.")

WRITE = PropertyTable(
    CommitmentWrite,
    writers=frozenset(Role),
    rules=dict.fromkeys(CommitmentWrite.model_fields, AUTHOR),
)


def reads_shared(principal: Principal) -> bool:
    """Whether the caller reads the commitments colleagues shared."""
    return principal.kind is PrincipalKind.user and principal.role in READERS_OF_SHARED
