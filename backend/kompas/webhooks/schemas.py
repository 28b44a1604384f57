"""API models of webhook subscriptions and their deliveries."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from kompas.core.schemas import ApiModel, InputModel, RecordRead, ShortText, Url, unset
from kompas.webhooks.models import DeliveryStatus

MAX_EVENT_TYPES = 100

EventType = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, pattern=r"^nl\.kompas\.[a-z0-9.-]+\.v[0-9]+$"),
]
EventTypes = Annotated[
    list[EventType],
    Field(
        min_length=1,
        max_length=MAX_EVENT_TYPES,
        description="The event types to receive, from `GET /webhook-event-types`.",
    ),
]
_URL = (
    "Where the events are POSTed. https in production; a host that resolves to a loopback, "
    "private, link-local, multicast, reserved or cloud metadata address is refused."
)


class WebhookSubscriptionCreate(InputModel):
    url: Url = Field(description=_URL)
    event_types: EventTypes
    description: ShortText = Field(default="", description="What the subscription is for.")
    active: bool = Field(default=True, description="`false`: events are not sent to it.")


class WebhookSubscriptionUpdate(InputModel):
    url: Url = unset(description=_URL)
    event_types: EventTypes = unset()
    description: ShortText = unset()
    active: bool = unset(
        description="`true` turns a disabled subscription on again (and clears "
        "`disabledReason`); `false` turns it off."
    )


class WebhookSubscriptionRead(RecordRead):
    url: str
    description: str
    event_types: list[str]
    active: bool
    disabled_reason: str = Field(description="Why Kompas disabled it; empty while active.")
    disabled_at: datetime | None
    failing_since: datetime | None = Field(
        description="Since when every delivery attempt has failed; null while they succeed."
    )
    party_id: uuid.UUID | None = Field(description="The partner's party, for its own subscription.")
    api_token_id: uuid.UUID | None = Field(
        description="The partner's API token that made it and owns it."
    )
    created_by: str
    secret_rotated_until: datetime | None = Field(
        description="Until when the previous secret still signs too, after a rotation."
    )


class WebhookSubscriptionCreated(WebhookSubscriptionRead):
    secret: str = Field(
        description="The signing secret (`whsec_…`). Shown only now: store it safely."
    )


class WebhookSecret(ApiModel):
    secret: str = Field(description="The new signing secret. Shown only now: store it safely.")
    previous_secret_expires_at: datetime = Field(
        description="Until then the previous secret still signs each delivery too."
    )


class WebhookEventType(ApiModel):
    type: str
    description: str


class WebhookEventTypeList(ApiModel):
    """The whole list at once: it is short and fixed by the Kompas version, not a collection."""

    items: list[WebhookEventType]


class WebhookAttemptRead(ApiModel):
    id: uuid.UUID
    started_at: datetime
    duration_ms: int
    succeeded: bool
    response_code: int | None
    response_body: str = Field(description="The first kilobyte of the answer.")
    error: str = Field(description="Why the attempt failed when no answer says it.")


class WebhookDeliveryRead(ApiModel):
    id: uuid.UUID
    event_id: uuid.UUID = Field(description="The CloudEvent id, the same on every attempt.")
    event_type: str
    status: DeliveryStatus
    attempts_count: int
    next_attempt_at: datetime | None
    last_response_code: int | None
    created_at: datetime
    delivered_at: datetime | None
    attempts: list[WebhookAttemptRead]
