"""What goes on the wire: the CloudEvent, its Standard Webhooks signature, and the address check
that keeps a webhook from reaching into the network Kompas runs in (SSRF)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import uuid
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from kompas.core.config import Settings
from kompas.events.models import OutboxEvent

SECRET_PREFIX = "whsec_"  # noqa: S105 - a name, not a secret
SECRET_BYTES = 32
CONTENT_TYPE = "application/cloudevents+json"
# Cloud metadata services that are not already link-local (169.254.169.254 is).
METADATA = {ipaddress.ip_address("fd00:ec2::254"), ipaddress.ip_address("100.100.100.200")}


def new_secret() -> str:
    """`whsec_` + base64 of 32 random bytes, as Standard Webhooks prescribe."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """`v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, keyed with the decoded secret."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def headers(secrets_: list[str], message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The Standard Webhooks headers; one signature per valid secret, space-separated."""
    return {
        "content-type": CONTENT_TYPE,
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signature(s, message_id, timestamp, body) for s in secrets_),
    }


def source(organisation_id: uuid.UUID) -> str:
    return f"urn:nl:kompas:organisation:{organisation_id}"


def _rfc3339(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def cloud_event(event: OutboxEvent, data: dict[str, Any] | None) -> bytes:
    """The event as a CloudEvent 1.0 in structured JSON mode (NL GOV profile): only ids, the
    type and the time in the context attributes, never personal data."""
    document = {
        "specversion": "1.0",
        "id": str(event.id),
        "source": source(event.organisation_id),
        "type": event.type,
        "time": _rfc3339(event.occurred_at),
        "subject": event.subject,
        "datacontenttype": "application/json",
        "data": event.data if data is None else data,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


# --- server-side request forgery ----------------------------------------------------------------


class UnsafeUrl(ValueError):
    """A webhook URL Kompas refuses to call, with the reason."""


def _forbidden(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address in METADATA:
        return "a cloud metadata address"
    for test, what in (
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
        ("is_unspecified", "an unspecified address"),
    ):
        if getattr(address, test):
            return what
    if not address.is_global:
        return "an address that is not public"
    return None


def check_url(url: str, settings: Settings) -> list[str]:
    """The addresses ``url``'s host resolves to, all of them safe to call; UnsafeUrl otherwise.

    https in production; no loopback, private, link-local, multicast, reserved or metadata
    address, unless the host (or the address) is in KOMPAS_WEBHOOK_ALLOWED_HOSTS."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeUrl("must be an http or https URL")
    if settings.is_production and parts.scheme != "https":
        raise UnsafeUrl("must be an https URL")
    if parts.username or parts.password:
        raise UnsafeUrl("must not hold a user name or password")
    host = (parts.hostname or "").lower()
    if not host:
        raise UnsafeUrl("must name a host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeUrl("has an invalid port") from exc
    allowed = {name.lower() for name in settings.webhook_allowed_hosts}
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UnsafeUrl(f"its host {host} cannot be resolved") from exc
    addresses = list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in found))
    if not addresses:
        raise UnsafeUrl(f"its host {host} cannot be resolved")
    if host in allowed:
        return addresses
    for text in addresses:
        reason = _forbidden(ipaddress.ip_address(text))
        if reason and text not in allowed:
            raise UnsafeUrl(f"its host {host} resolves to {reason} ({text})")
    return addresses
