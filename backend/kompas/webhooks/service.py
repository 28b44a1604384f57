"""Webhook subscriptions: who may subscribe to what, the fan-out of each event to the
subscriptions that may see it, and the deliveries' history."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from kompas.core.config import Settings
from kompas.core.db import utcnow
from kompas.core.errors import BadRequest, Forbidden, InvalidParam, NotFound, UnprocessableContent
from kompas.core.listing import Filter, ListQuery, ListSpec, paginate
from kompas.core.principal import EDITORS, Principal, PrincipalKind, Role
from kompas.core.tenancy import apply_changes, scoped
from kompas.events import service as events
from kompas.tokens.models import ApiToken
from kompas.webhooks import signing
from kompas.webhooks.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)

PREVIOUS_SECRET_HOURS = 24

SUBSCRIPTIONS = ListSpec(
    name="webhook-subscriptions",
    id_column=WebhookSubscription.id,
    sortable={
        "createdAt": WebhookSubscription.created_at,
        "updatedAt": WebhookSubscription.updated_at,
        "url": WebhookSubscription.url,
    },
    default_sort="-createdAt",
    filters={
        "active": Filter(WebhookSubscription.active, bool),
        "partyId": Filter(WebhookSubscription.party_id, uuid.UUID, "A partner's subscriptions."),
    },
    searchable=(WebhookSubscription.url, WebhookSubscription.description),
)

DELIVERIES = ListSpec(
    name="webhook-deliveries",
    id_column=WebhookDelivery.id,
    sortable={"createdAt": WebhookDelivery.created_at},
    default_sort="-createdAt",
    filters={
        "status": Filter(WebhookDelivery.status, DeliveryStatus),
        "eventType": Filter(WebhookDelivery.event_type, str),
        "eventId": Filter(WebhookDelivery.event_id, uuid.UUID),
    },
)


# --- who may ------------------------------------------------------------------------------------


def check_may_subscribe(principal: Principal) -> None:
    """Admins and coordinators for the organisation; a partner only with its API token."""
    if principal.role in EDITORS:
        return
    if principal.role is Role.partner and principal.kind is PrincipalKind.token:
        return
    raise Forbidden(
        "Webhook subscriptions are for admins and coordinators, and for a partner's API token."
    )


def _own(statement: Any, principal: Principal) -> Any:
    """A partner token sees only the subscriptions it made; admins and coordinators all."""
    if principal.role is Role.partner:
        return statement.where(WebhookSubscription.api_token_id == principal.id)
    return statement


def get_all(
    *, session: Session, principal: Principal, query: ListQuery
) -> tuple[list[WebhookSubscription], str | None]:
    """One page of the subscriptions the caller may see."""
    check_may_subscribe(principal)
    statement = _own(scoped(WebhookSubscription, principal), principal)
    return paginate(session, statement, SUBSCRIPTIONS, query)


def get(
    *, session: Session, principal: Principal, subscription_id: uuid.UUID
) -> WebhookSubscription:
    """One the caller may see; 404 otherwise."""
    check_may_subscribe(principal)
    statement = _own(scoped(WebhookSubscription, principal), principal).where(
        WebhookSubscription.id == subscription_id
    )
    subscription: WebhookSubscription | None = session.exec(statement).first()
    if subscription is None:
        raise NotFound(f"There is no webhook subscription with id {subscription_id}.")
    return subscription


# --- writing ------------------------------------------------------------------------------------


def _check_event_types(principal: Principal, event_types: list[str]) -> list[str]:
    known = events.event_types()
    problems = []
    for index, event_type in enumerate(event_types):
        name = f"eventTypes.{index}"
        if event_type not in known or event_type == events.TEST_EVENT_TYPE:
            problems.append(
                InvalidParam(
                    name=name,
                    reason=f"Unknown event type {event_type}; see GET /webhook-event-types.",
                    code="unknown-event-type",
                )
            )
            continue
        kind = events.kind_of_type(event_type)
        if principal.scopes is not None and kind and f"{kind.path}:read" not in principal.scopes:
            problems.append(
                InvalidParam(
                    name=name,
                    reason=f"This API token lacks the scope {kind.path}:read for {event_type}.",
                    code="not-permitted",
                )
            )
    if problems:
        raise BadRequest("Some event types are unknown or not permitted.", invalid_params=problems)
    return list(dict.fromkeys(event_types))


def check_url(url: str, settings: Settings) -> None:
    """422 naming `url` for an address Kompas refuses to call."""
    try:
        signing.check_url(url, settings)
    except signing.UnsafeUrl as exc:
        raise UnprocessableContent(
            f"url: {exc}.",
            invalid_params=[InvalidParam(name="url", reason=f"The URL {exc}.", code="unsafe-url")],
        ) from exc


def create(
    *, session: Session, principal: Principal, settings: Settings, data: dict[str, Any]
) -> tuple[WebhookSubscription, str]:
    """A subscription, with its secret (shown once)."""
    check_may_subscribe(principal)
    data["event_types"] = _check_event_types(principal, data["event_types"])
    check_url(data["url"], settings)
    secret = signing.new_secret()
    partner = principal.role is Role.partner
    subscription = WebhookSubscription(
        organisation_id=principal.organisation_id,
        secret=secret,
        party_id=principal.party_id if partner else None,
        api_token_id=principal.id if partner else None,
        created_by=principal.name,
        **data,
    )
    session.add(subscription)
    session.flush()
    return subscription, secret


def update(
    *,
    session: Session,
    principal: Principal,
    settings: Settings,
    subscription: WebhookSubscription,
    changes: dict[str, Any],
) -> WebhookSubscription:
    """Change the URL, event types, description, or turn it on or off."""
    if "event_types" in changes:
        changes["event_types"] = _check_event_types(principal, changes["event_types"])
    if "url" in changes:
        check_url(changes["url"], settings)
    if changes.get("active") and not subscription.active:
        changes.update(disabled_reason="", disabled_at=None, failing_since=None)
    apply_changes(subscription, changes)
    session.flush()
    return subscription


def delete(*, session: Session, subscription: WebhookSubscription) -> None:
    """Delete a subscription with its deliveries."""
    session.delete(subscription)
    session.flush()


def rotate_secret(*, session: Session, subscription: WebhookSubscription) -> str:
    """A new secret; the previous one signs too for another 24 hours."""
    secret = signing.new_secret()
    subscription.previous_secret = subscription.secret
    subscription.previous_secret_expires_at = utcnow() + timedelta(hours=PREVIOUS_SECRET_HOURS)
    subscription.secret = secret
    session.add(subscription)
    session.flush()
    return secret


def signing_secrets(subscription: WebhookSubscription) -> list[str]:
    """The secrets that sign a delivery now: the current one, and the previous one until it
    expires."""
    expires = subscription.previous_secret_expires_at
    if subscription.previous_secret and expires and expires > utcnow():
        return [subscription.secret, subscription.previous_secret]
    return [subscription.secret]


def as_read(subscription: WebhookSubscription) -> dict[str, Any]:
    expires = subscription.previous_secret_expires_at
    return {
        **subscription.model_dump(exclude={"secret", "previous_secret"}),
        "secret_rotated_until": expires if expires and expires > utcnow() else None,
    }


# --- deliveries ---------------------------------------------------------------------------------


def get_deliveries(
    *, session: Session, subscription: WebhookSubscription, query: ListQuery
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of a subscription's deliveries, each with its attempts (two queries)."""
    statement = select(WebhookDelivery).where(
        WebhookDelivery.organisation_id == subscription.organisation_id,
        WebhookDelivery.subscription_id == subscription.id,
    )
    deliveries, cursor = paginate(session, statement, DELIVERIES, query)
    return deliveries_read(session, deliveries), cursor


def deliveries_read(session: Session, deliveries: list[WebhookDelivery]) -> list[dict[str, Any]]:
    attempts: dict[uuid.UUID, list[WebhookAttempt]] = {d.id: [] for d in deliveries}
    if deliveries:
        found = session.exec(
            select(WebhookAttempt)
            .where(col(WebhookAttempt.delivery_id).in_(list(attempts)))
            .order_by(col(WebhookAttempt.started_at), col(WebhookAttempt.id))
        ).all()
        for attempt in found:
            attempts[attempt.delivery_id].append(attempt)
    return [
        {
            **delivery.model_dump(exclude={"data", "claim_id", "claimed_until"}),
            "attempts_count": delivery.attempts,
            "attempts": [a.model_dump() for a in attempts[delivery.id]],
        }
        for delivery in deliveries
    ]


def get_delivery(
    *, session: Session, subscription: WebhookSubscription, delivery_id: uuid.UUID
) -> WebhookDelivery:
    delivery = session.exec(
        select(WebhookDelivery).where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.subscription_id == subscription.id,
            WebhookDelivery.organisation_id == subscription.organisation_id,
        )
    ).first()
    if delivery is None:
        raise NotFound(f"There is no delivery with id {delivery_id} for this subscription.")
    return delivery


def redeliver(*, session: Session, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again, now, with the same event id: a new delivery of the same event."""
    again = WebhookDelivery(
        organisation_id=delivery.organisation_id,
        subscription_id=delivery.subscription_id,
        event_id=delivery.event_id,
        event_type=delivery.event_type,
        data=delivery.data,
    )
    session.add(again)
    session.flush()
    return again


def send_test_event(*, session: Session, subscription: WebhookSubscription) -> WebhookDelivery:
    """A `nl.kompas.webhook.test.v1` event for this subscription alone."""
    event = events.write(
        session,
        organisation_id=subscription.organisation_id,
        event_type=events.TEST_EVENT_TYPE,
        subject=f"webhook-subscriptions/{subscription.id}",
        resource_type="webhook-subscription",
        resource_id=subscription.id,
        data={"subscriptionId": str(subscription.id), "message": "Test van Kompas / Kompas test"},
    )
    session.flush()
    delivery = WebhookDelivery(
        organisation_id=subscription.organisation_id,
        subscription_id=subscription.id,
        event_id=event.id,
        event_type=event.type,
    )
    session.add(delivery)
    session.flush()
    return delivery


# --- fan-out ------------------------------------------------------------------------------------


def _partner(subscription: WebhookSubscription, token: ApiToken | None) -> Principal:
    return Principal(
        kind=PrincipalKind.token,
        id=subscription.api_token_id or uuid.UUID(int=0),
        organisation_id=subscription.organisation_id,
        role=Role.partner,
        party_id=subscription.party_id,
        name=token.name if token else "partner",
        scopes=frozenset(token.scopes) if token else frozenset(),
    )


def fan_out(session: Session, published: list[events.Published]) -> None:
    """A delivery of each event to every active subscription of its organisation that wants its
    type and may read its record: a partner's only what its party may read, as it reads it."""
    if not published:
        return
    organisations = {one.event.organisation_id for one in published}
    now = utcnow()
    rows = session.exec(
        select(WebhookSubscription, ApiToken)
        .outerjoin(ApiToken, col(ApiToken.id) == col(WebhookSubscription.api_token_id))
        .where(
            col(WebhookSubscription.organisation_id).in_(organisations),
            col(WebhookSubscription.active).is_(True),
            or_(
                col(WebhookSubscription.api_token_id).is_(None),
                col(ApiToken.revoked_at).is_(None) & (col(ApiToken.expires_at) > now),
            ),
        )
    ).all()
    if not rows:
        return
    deliveries = []
    for one in published:
        for subscription, token in rows:
            if (
                subscription.organisation_id != one.event.organisation_id
                or one.event.type not in subscription.event_types
            ):
                continue
            data = None
            if subscription.api_token_id is not None:
                data = _partner_view(session, one, _partner(subscription, token))
                if data is None:
                    continue
            deliveries.append(
                WebhookDelivery(
                    organisation_id=subscription.organisation_id,
                    subscription_id=subscription.id,
                    event_id=one.event.id,
                    event_type=one.event.type,
                    data=data,
                )
            )
    session.add_all(deliveries)


def _partner_view(
    session: Session, one: events.Published, principal: Principal
) -> dict[str, Any] | None:
    """The event's data as the partner reads the record; None if it may not read it."""
    kind, record = one.kind, one.record
    if kind is None or record is None:
        return None
    if principal.scopes is not None and f"{kind.path}:read" not in principal.scopes:
        return None
    statement = select(kind.model.id).where(
        kind.model.organisation_id == record.organisation_id, kind.model.id == record.id
    )
    if session.exec(kind.visible(statement, kind.model, principal)).first() is None:
        return None
    if one.event.type.endswith(f".{events.DELETED}.v1"):
        return one.event.data
    return {**kind.read(session, principal, [record])[0], **one.extra}


events.register_listener(fan_out)
