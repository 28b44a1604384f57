"""Who may do what with webhook subscriptions (docs/permissions.md).

Admins and coordinators manage the organisation's subscriptions and see a partner's too; a
partner subscribes only with its API token (``service.check_may_subscribe``), sees only the
subscriptions that token made, and asks only for event types of collections its scopes read.
Whoever may change a subscription may change each of its properties.
"""

from __future__ import annotations

from kompas.core.principal import Role
from kompas.core.properties import PropertyTable, Rule
from kompas.webhooks.schemas import WebhookSubscriptionCreate, WebhookSubscriptionUpdate

SUBSCRIBER_ROLES = (Role.admin, Role.coordinator, Role.partner)
SUBSCRIBERS = frozenset(SUBSCRIBER_ROLES)
_SAYS = "Admins and coordinators; a partner's API token for its own subscriptions."

for _schema in (WebhookSubscriptionCreate, WebhookSubscriptionUpdate):
    PropertyTable(
        _schema, SUBSCRIBERS, {name: Rule(SUBSCRIBERS, _SAYS) for name in _schema.model_fields}
    )
