"""Routes of webhook subscriptions, their deliveries and the event types."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import Session

from kompas.core.concurrency import IfMatch, check_if_match, set_etag
from kompas.core.db import SessionDep
from kompas.core.listing import ListQuery, list_query
from kompas.core.principal import Principal, SettingsDep, require_roles
from kompas.core.routing import CREATED, DELETED, LISTED, READ_ONE, id_param, respond_page
from kompas.core.schemas import page_of
from kompas.events import service as events
from kompas.webhooks import auth, service
from kompas.webhooks.models import WebhookSubscription
from kompas.webhooks.schemas import (
    WebhookDeliveryRead,
    WebhookEventTypeList,
    WebhookSecret,
    WebhookSubscriptionCreate,
    WebhookSubscriptionCreated,
    WebhookSubscriptionRead,
    WebhookSubscriptionUpdate,
)

router = APIRouter()
TAG = "webhooks"
SubscriptionId = Annotated[uuid.UUID, id_param("webhookSubscriptionId", "webhook subscription")]
DeliveryId = Annotated[uuid.UUID, id_param("deliveryId", "delivery")]
# Who may reach these routes at all; service.check_may_subscribe says the rest (a partner: only
# with its API token).
Subscriber = Annotated[Principal, Depends(require_roles(*auth.SUBSCRIBER_ROLES))]
ACCEPTED: dict[int | str, dict[str, Any]] = {202: {"description": "Queued for delivery."}}


def _one(response: Response, subscription: WebhookSubscription) -> dict[str, Any]:
    set_etag(response, subscription)
    return service.as_read(subscription)


@router.get("/webhook-event-types", tags=[TAG], response_model=WebhookEventTypeList)
def list_webhook_event_types(principal: Subscriber) -> dict[str, Any]:
    """Every event type a subscription can ask for, as `nl.kompas.<resource>.<event>.v1`, in
    one answer (the list is fixed by the Kompas version)."""
    service.check_may_subscribe(principal)
    items = [
        {"type": name, "description": text}
        for name, text in events.event_types().items()
        if name != events.TEST_EVENT_TYPE
    ]
    return {"items": items}


@router.get(
    "/webhook-subscriptions",
    tags=[TAG],
    response_model=page_of(WebhookSubscriptionRead),
    responses=LISTED,
)
def list_webhook_subscriptions(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Subscriber,
    query: Annotated[ListQuery, Depends(list_query(service.SUBSCRIPTIONS))],
) -> dict[str, Any]:
    """The organisation's webhook subscriptions (admins and coordinators), or a partner token's
    own."""
    items, cursor = service.get_all(session=session, principal=principal, query=query)
    return respond_page(response, request, [service.as_read(s) for s in items], cursor)


@router.post(
    "/webhook-subscriptions",
    tags=[TAG],
    status_code=201,
    response_model=WebhookSubscriptionCreated,
    responses=CREATED,
)
def create_webhook_subscription(
    body: WebhookSubscriptionCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    principal: Subscriber,
) -> dict[str, Any]:
    """Subscribe a URL to event types. The answer holds the signing secret, shown only now.
    A partner's API token subscribes to what its party may read, within its scopes."""
    subscription, secret = service.create(
        session=session, principal=principal, settings=settings, data=body.model_dump()
    )
    response.status_code = 201
    response.headers["Location"] = f"{request.url.path}/{subscription.id}"
    return {**_one(response, subscription), "secret": secret}


@router.get(
    "/webhook-subscriptions/{webhookSubscriptionId}",
    tags=[TAG],
    response_model=WebhookSubscriptionRead,
    responses=READ_ONE,
)
def read_webhook_subscription(
    subscription_id: SubscriptionId,
    response: Response,
    session: SessionDep,
    principal: Subscriber,
) -> dict[str, Any]:
    """One subscription; `disabledReason` says why Kompas turned it off."""
    subscription = service.get(
        session=session, principal=principal, subscription_id=subscription_id
    )
    return _one(response, subscription)


@router.patch(
    "/webhook-subscriptions/{webhookSubscriptionId}",
    tags=[TAG],
    response_model=WebhookSubscriptionRead,
    responses=READ_ONE,
)
def update_webhook_subscription(
    subscription_id: SubscriptionId,
    body: WebhookSubscriptionUpdate,
    if_match: IfMatch,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    principal: Subscriber,
) -> dict[str, Any]:
    """Change the URL, event types or description; `active: true` turns a disabled one on."""
    subscription = service.get(
        session=session, principal=principal, subscription_id=subscription_id
    )
    check_if_match(if_match, subscription)
    service.update(
        session=session,
        principal=principal,
        settings=settings,
        subscription=subscription,
        changes=body.model_dump(exclude_unset=True),
    )
    return _one(response, subscription)


@router.delete(
    "/webhook-subscriptions/{webhookSubscriptionId}",
    tags=[TAG],
    status_code=204,
    responses=DELETED,
)
def delete_webhook_subscription(
    subscription_id: SubscriptionId,
    if_match: IfMatch,
    session: SessionDep,
    principal: Subscriber,
) -> None:
    """Delete a subscription with its deliveries."""
    subscription = service.get(
        session=session, principal=principal, subscription_id=subscription_id
    )
    check_if_match(if_match, subscription)
    service.delete(session=session, subscription=subscription)


@router.post(
    "/webhook-subscriptions/{webhookSubscriptionId}/secret-rotations",
    tags=[TAG],
    status_code=201,
    response_model=WebhookSecret,
    responses={201: {"description": "A new secret."}},
)
def rotate_webhook_secret(
    subscription_id: SubscriptionId,
    session: SessionDep,
    principal: Subscriber,
) -> dict[str, Any]:
    """A new signing secret, shown only now. The previous one stays valid for 24 hours: until
    then each delivery carries a signature with each."""
    subscription = service.get(
        session=session, principal=principal, subscription_id=subscription_id
    )
    secret = service.rotate_secret(session=session, subscription=subscription)
    return {
        "secret": secret,
        "previous_secret_expires_at": subscription.previous_secret_expires_at,
    }


def _subscription(
    session: Session, principal: Principal, subscription_id: uuid.UUID
) -> WebhookSubscription:
    return service.get(session=session, principal=principal, subscription_id=subscription_id)


@router.get(
    "/webhook-subscriptions/{webhookSubscriptionId}/deliveries",
    tags=[TAG],
    response_model=page_of(WebhookDeliveryRead),
    responses=LISTED,
)
def list_webhook_deliveries(
    subscription_id: SubscriptionId,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Subscriber,
    query: Annotated[ListQuery, Depends(list_query(service.DELIVERIES))],
) -> dict[str, Any]:
    """The events sent (or being sent) to this subscription, latest first, each with its
    attempts: status, duration, response code and the start of the answer."""
    subscription = _subscription(session, principal, subscription_id)
    items, cursor = service.get_deliveries(session=session, subscription=subscription, query=query)
    return respond_page(response, request, items, cursor)


@router.get(
    "/webhook-subscriptions/{webhookSubscriptionId}/deliveries/{deliveryId}",
    tags=[TAG],
    response_model=WebhookDeliveryRead,
)
def read_webhook_delivery(
    subscription_id: SubscriptionId,
    delivery_id: DeliveryId,
    session: SessionDep,
    principal: Subscriber,
) -> dict[str, Any]:
    """One delivery with its attempts."""
    subscription = _subscription(session, principal, subscription_id)
    delivery = service.get_delivery(
        session=session, subscription=subscription, delivery_id=delivery_id
    )
    return service.deliveries_read(session, [delivery])[0]


@router.post(
    "/webhook-subscriptions/{webhookSubscriptionId}/deliveries/{deliveryId}/redeliver",
    tags=[TAG],
    status_code=202,
    response_model=WebhookDeliveryRead,
    responses=ACCEPTED,
)
def redeliver_webhook_delivery(
    subscription_id: SubscriptionId,
    delivery_id: DeliveryId,
    session: SessionDep,
    principal: Subscriber,
) -> dict[str, Any]:
    """Send the event again now, with the same event id: a new delivery of it."""
    subscription = _subscription(session, principal, subscription_id)
    delivery = service.get_delivery(
        session=session, subscription=subscription, delivery_id=delivery_id
    )
    again = service.redeliver(session=session, delivery=delivery)
    return service.deliveries_read(session, [again])[0]


@router.post(
    "/webhook-subscriptions/{webhookSubscriptionId}/test-event",
    tags=[TAG],
    status_code=202,
    response_model=WebhookDeliveryRead,
    responses=ACCEPTED,
)
def send_webhook_test_event(
    subscription_id: SubscriptionId,
    session: SessionDep,
    principal: Subscriber,
) -> dict[str, Any]:
    """Send a `nl.kompas.webhook.test.v1` event to this subscription alone."""
    subscription = _subscription(session, principal, subscription_id)
    delivery = service.send_test_event(session=session, subscription=subscription)
    return service.deliveries_read(session, [delivery])[0]
