"""API models of the audit trail."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import Field

from kompas.audit.models import AuditAction
from kompas.core.schemas import ApiModel


class AuditEventRead(ApiModel):
    id: uuid.UUID
    occurred_at: datetime
    actor_kind: str = Field(description="`user`, or `system` for changes made by Kompas itself.")
    actor_id: uuid.UUID | None
    actor_name: str
    action: AuditAction
    resource_type: str = Field(description="The collection, e.g. `parties`, `needs`, `users`.")
    resource_id: uuid.UUID
    changes: dict[str, Any] = Field(
        description='Per changed field (camelCase): `{"from": …, "to": …}`; secrets only '
        '`{"changed": true}`.'
    )
