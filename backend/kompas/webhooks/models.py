"""Webhook subscriptions, and the deliveries of events to them with every attempt made."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from kompas.core.db import UTCDateTime, enum_type, utcnow
from kompas.core.models import TenantRecord


class WebhookSubscription(TenantRecord, table=True):
    """Where to send which events. The organisation's own (made by an admin or coordinator), or a
    partner's (made with its API token: ``api_token_id`` and ``party_id`` set), which receives
    only what that party may read."""

    __tablename__ = "webhook_subscriptions"
    __audit_redacted__: ClassVar[frozenset[str]] = frozenset({"secret", "previous_secret"})

    url: str = Field(max_length=2000)
    description: str = Field(default="", max_length=500)
    event_types: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The signing key, `whsec_` + base64; kept (not hashed): an HMAC needs the key itself.
    secret: str = Field(max_length=200)
    # After a rotation the previous key signs too, until it expires.
    previous_secret: str | None = Field(default=None, max_length=200)
    previous_secret_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    active: bool = Field(default=True)
    disabled_reason: str = Field(default="", max_length=500)
    disabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Since when every attempt has failed (None while the last one succeeded).
    failing_since: datetime | None = Field(default=None, sa_type=UTCDateTime)
    party_id: uuid.UUID | None = Field(
        default=None, foreign_key="parties.id", index=True, ondelete="CASCADE"
    )
    api_token_id: uuid.UUID | None = Field(
        default=None, foreign_key="api_tokens.id", index=True, ondelete="CASCADE"
    )
    created_by: str = Field(default="", max_length=200)


class DeliveryStatus(StrEnum):
    pending = "pending"
    delivered = "delivered"
    failed = "failed"


class WebhookDelivery(SQLModel, table=True):
    """One event for one subscription: sent until the receiver answers 2xx, or given up."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        # what the worker claims: due pending deliveries, oldest first
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_subscription", "subscription_id", "created_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID = Field(
        foreign_key="organisations.id", index=True, nullable=False, ondelete="CASCADE"
    )
    subscription_id: uuid.UUID = Field(
        foreign_key="webhook_subscriptions.id", nullable=False, ondelete="CASCADE"
    )
    event_id: uuid.UUID = Field(
        foreign_key="outbox_events.id", index=True, nullable=False, ondelete="CASCADE"
    )
    event_type: str = Field(max_length=200)
    # The record as this subscriber may see it, when that differs from the event's (a partner).
    data: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    status: DeliveryStatus = Field(
        default=DeliveryStatus.pending, sa_type=enum_type(DeliveryStatus)
    )
    attempts: int = Field(default=0)
    next_attempt_at: datetime | None = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # A worker's claim: no other worker takes the delivery before this moment (a lease, so that
    # a killed worker's claims lapse by themselves).
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    claim_id: uuid.UUID | None = Field(default=None)
    last_response_code: int | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class WebhookAttempt(SQLModel, table=True):
    """One try at sending a delivery."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (Index("ix_webhook_attempts_delivery", "delivery_id", "started_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID = Field(
        foreign_key="organisations.id", index=True, nullable=False, ondelete="CASCADE"
    )
    delivery_id: uuid.UUID = Field(
        foreign_key="webhook_deliveries.id", nullable=False, ondelete="CASCADE"
    )
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    duration_ms: int = Field(default=0)
    succeeded: bool = Field(default=False)
    response_code: int | None = Field(default=None)
    # The first kilobyte of the receiver's answer.
    response_body: str = Field(default="", max_length=1024)
    # Why it failed, when no answer says it (a timeout, a refused address).
    error: str = Field(default="", max_length=500)
