"""A person's own data: everything Kompas holds about them (art. 15), and erasing them (art. 17).

It reads across the features (decision 0012): each kind through the feature's own models, always
narrowed to the one person, so nobody else's private data can slip in. What the person did is
found by their id where a record keeps it (experiences, commitments, the audit trail), and through
the audit trail where a record keeps only a name (contributions, handoffs).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from pydantic.alias_generators import to_camel
from pydantic_core import to_jsonable_python
from sqlalchemy import JSON, Enum, String, Table, cast, delete, func, or_, update
from sqlalchemy import select as select_columns
from sqlmodel import Session, SQLModel, col, select

from kompas.audit.models import AuditAction, AuditEvent
from kompas.audit.recorder import record as record_audit
from kompas.audit.schemas import AuditEventRead
from kompas.auth.models import RefreshToken
from kompas.commitments.models import Commitment
from kompas.core.db import metadata, utcnow
from kompas.core.errors import Conflict, Forbidden
from kompas.core.idempotency import IdempotencyRecord
from kompas.core.principal import Principal, PrincipalKind, Role
from kompas.experiences.models import Experience
from kompas.joint.models import Handoff, StatusChange
from kompas.organisations.models import Organisation
from kompas.parties.models import Party
from kompas.questions.models import Contribution
from kompas.reflection.models import ReflectionRound, Respondent
from kompas.successes.models import Endorsement
from kompas.users.models import User

# What the organisation's records say where they named a person who has been erased.
FORMER_MEMBER = "Voormalig lid"
# Not an e-mail address (no "@"): nobody can sign in with it, by password or OIDC.
ERASED_EMAIL_PREFIX = "erased:"
# The audit trail's resource types for the two acts themselves (their events hold no content).
EXPORT_RESOURCE = "personal-data-exports"
ERASURE_RESOURCE = "personal-data-erasures"
# Fields of the user record whose values the trail forgets when the person is erased.
USER_FIELDS_REDACTED = ("name", "email")


def is_erased(user: User) -> bool:
    """Whether this account was erased (art. 17)."""
    return user.email.startswith(ERASED_EMAIL_PREFIX)


def _person(principal: Principal) -> uuid.UUID:
    """The caller as a person: a partner's API token holds no personal data of its own."""
    if principal.kind is not PrincipalKind.user:
        raise Forbidden("Personal data belongs to a person; an API token has none.")
    return principal.id


def _plain(record: SQLModel, *, leave_out: Iterable[str] = ()) -> dict[str, Any]:
    """A stored record as JSON with camelCase keys, every column but ``leave_out``."""
    skipped = set(leave_out)
    return {
        to_camel(name): to_jsonable_python(getattr(record, name))
        for name in type(record).model_fields
        if name not in skipped
    }


def _event(event: AuditEvent) -> dict[str, Any]:
    read = AuditEventRead.model_validate(event).model_dump(by_alias=True, mode="json")
    return dict(read)


def _ids_from_trail(
    session: Session, person_id: uuid.UUID, organisation_id: uuid.UUID, resource_type: str
) -> list[uuid.UUID]:
    """The records of one kind the person created or changed, as the audit trail knows them."""
    return list(
        session.exec(
            select(AuditEvent.resource_id)
            .where(
                AuditEvent.organisation_id == organisation_id,
                AuditEvent.actor_id == person_id,
                AuditEvent.resource_type == resource_type,
            )
            .distinct()
        ).all()
    )


# --- art. 15: access ---------------------------------------------------------------------------


def export(*, session: Session, principal: Principal) -> dict[str, Any]:
    """Everything Kompas holds about the caller, organised per kind; audited without content."""
    person_id = _person(principal)
    org_id = principal.organisation_id
    user = session.exec(
        select(User).where(User.id == person_id, User.organisation_id == org_id)
    ).one()
    organisation = session.get_one(Organisation, org_id)
    party = session.get(Party, user.party_id) if user.party_id else None

    commitments = session.exec(
        select(Commitment).where(
            Commitment.organisation_id == org_id, Commitment.author_id == person_id
        )
    ).all()
    experiences = session.exec(
        select(Experience)
        .where(Experience.organisation_id == org_id, Experience.author_id == person_id)
        .order_by(col(Experience.created_at), col(Experience.id))
    ).all()
    contribution_ids = _ids_from_trail(session, person_id, org_id, "contributions")
    contributions = session.exec(
        select(Contribution)
        .where(Contribution.organisation_id == org_id, col(Contribution.id).in_(contribution_ids))
        .order_by(col(Contribution.created_at), col(Contribution.id))
    ).all()
    handoff_ids = _ids_from_trail(session, person_id, org_id, "handoffs")
    handoffs = session.exec(
        select(Handoff)
        .where(Handoff.organisation_id == org_id, col(Handoff.id).in_(handoff_ids))
        .order_by(col(Handoff.created_at), col(Handoff.id))
    ).all()
    rounds = session.exec(
        select(ReflectionRound.id, ReflectionRound.title)
        .join(Respondent, col(Respondent.round_id) == col(ReflectionRound.id))
        .where(ReflectionRound.organisation_id == org_id, Respondent.user_id == person_id)
        .order_by(col(ReflectionRound.opens_on), col(ReflectionRound.id))
    ).all()
    events = session.exec(
        select(AuditEvent)
        .where(
            AuditEvent.organisation_id == org_id,
            or_(
                col(AuditEvent.actor_id) == person_id,
                (col(AuditEvent.resource_type) == "users") & (AuditEvent.resource_id == person_id),
            ),
        )
        .order_by(col(AuditEvent.occurred_at), col(AuditEvent.id))
    ).all()
    own_events = [event for event in events if event.actor_id == person_id]
    views = [
        _event(event)
        for event in own_events
        if event.resource_type == "role-maps"
        and any(key.startswith("perspectives.") for key in event.changes)
    ]
    data = {
        "generatedAt": to_jsonable_python(utcnow()),
        "profile": {
            "id": str(user.id),
            "email": user.email,
            "name": user.name,
            "role": user.role.value,
            "partyId": str(user.party_id) if user.party_id else None,
            "partyName": party.name if party else None,
            "organisationId": str(organisation.id),
            "organisationName": organisation.name,
            "isActive": user.is_active,
            "createdAt": to_jsonable_python(user.created_at),
            "updatedAt": to_jsonable_python(user.updated_at),
        },
        "commitments": [_plain(commitment) for commitment in commitments],
        "experiences": [_plain(experience) for experience in experiences],
        "contributions": [_plain(contribution) for contribution in contributions],
        "handoffs": [_plain(handoff) for handoff in handoffs],
        "roleMapViews": views,
        "reflectionRoundsAnswered": [
            {"roundId": str(round_id), "title": title} for round_id, title in rounds
        ],
        "auditEvents": [_event(event) for event in own_events],
        "auditEventsAboutYou": [
            _event(event)
            for event in events
            if event.resource_type == "users" and event.resource_id == person_id
        ],
    }
    # That it happened, never what it held.
    record_audit(
        session,
        organisation_id=org_id,
        action=AuditAction.create,
        resource_type=EXPORT_RESOURCE,
        resource_id=person_id,
        changes={},
    )
    session.flush()
    return data


# --- art. 17: erasure --------------------------------------------------------------------------


def _check_not_last_admin(session: Session, user: User) -> None:
    if user.role is not Role.admin:
        return
    others = session.exec(
        select(func.count())
        .select_from(User)
        .where(
            User.organisation_id == user.organisation_id,
            User.role == Role.admin,
            col(User.is_active).is_(True),
            User.id != user.id,
        )
    ).one()
    if not others:
        raise Conflict(
            "This is the organisation's last admin; make someone else admin before erasing them."
        )


def _forget(value: Any, names: frozenset[str], email: str) -> Any:
    """``value`` (a JSON value from the audit trail) with the person's names and e-mail gone."""
    if isinstance(value, str):
        if value in names:
            return FORMER_MEMBER
        return value.replace(email, FORMER_MEMBER) if email in value else value
    if isinstance(value, list):
        return [_forget(item, names, email) for item in value]
    if isinstance(value, dict):
        return {key: _forget(item, names, email) for key, item in value.items()}
    return value


def _mentions(*texts: str) -> list[str]:
    """How each of ``texts`` may be written inside stored JSON: as is, and escaped."""
    forms = [form for text in texts if text for form in (text, json.dumps(text)[1:-1])]
    return list(dict.fromkeys(forms))


def _names_of(session: Session, user: User) -> frozenset[str]:
    """Every name the person had in Kompas: the current one, and those the trail of their user
    record remembers (a rename keeps the earlier name in its event)."""
    names = {user.name}
    for changes in session.exec(
        select(AuditEvent.changes).where(
            AuditEvent.organisation_id == user.organisation_id,
            AuditEvent.resource_type == "users",
            AuditEvent.resource_id == user.id,
        )
    ).all():
        change = changes.get("name")
        if isinstance(change, dict):
            names |= {v for v in (change.get("from"), change.get("to")) if isinstance(v, str)}
    return frozenset(name for name in names if name and name != FORMER_MEMBER)


def _redact_trail(session: Session, user: User, names: frozenset[str], email: str) -> None:
    """The trail keeps every event, but no longer the person's name or e-mail address."""
    org_id = user.organisation_id
    session.execute(
        update(AuditEvent)
        .where(
            col(AuditEvent.organisation_id) == org_id,
            col(AuditEvent.actor_id) == user.id,
        )
        .values(actor_name=FORMER_MEMBER)
    )
    changes_text = cast(AuditEvent.changes, String)
    mentions = [changes_text.contains(text, autoescape=True) for text in _mentions(*names, email)]
    about_user = (col(AuditEvent.resource_type) == "users") & (
        col(AuditEvent.resource_id) == user.id
    )
    events = session.exec(
        select(AuditEvent).where(AuditEvent.organisation_id == org_id, or_(about_user, *mentions))
    ).all()
    for event in events:
        changes = dict(event.changes)
        if event.resource_type == "users" and event.resource_id == user.id:
            for field in USER_FIELDS_REDACTED:
                if field in changes:
                    changes[field] = {"changed": True}
        changes = _forget(changes, names, email)
        if changes != event.changes:
            session.execute(
                update(AuditEvent).where(col(AuditEvent.id) == event.id).values(changes=changes)
            )


def _rename_authorship(session: Session, user: User, names: frozenset[str]) -> None:
    """What the person wrote for the organisation stays, attributed to a former member.

    Experiences keep the author's id; contributions, handoffs, status changes and endorsements
    keep only a name, so those that bear exactly one of the person's names in the organisation
    are renamed."""
    org_id = user.organisation_id
    session.execute(
        update(Experience)
        .where(col(Experience.organisation_id) == org_id, col(Experience.author_id) == user.id)
        .values(author_name=FORMER_MEMBER, version=col(Experience.version) + 1)
    )
    named: list[tuple[Any, Any]] = [
        (Contribution, Contribution.author_name),
        (Handoff, Handoff.requested_by),
        (Handoff, Handoff.decided_by),
        (StatusChange, StatusChange.changed_by),
        (Endorsement, Endorsement.endorsed_by),
    ]
    for model, column in named:
        values: dict[str, Any] = {column.key: FORMER_MEMBER}
        if "version" in model.model_fields:
            values["version"] = model.version + 1
        session.execute(
            update(model)
            .where(col(model.organisation_id) == org_id, col(column).in_(names))
            .values(**values)
        )


def _sweep(session: Session, user: User, names: frozenset[str], email: str) -> None:
    """Every other table of the organisation, whichever feature owns it (the webhook outbox,
    tables added later): a text that is exactly the person's name becomes a former member's,
    and JSON values lose the name and the e-mail address as the audit trail does."""
    for table in metadata.sorted_tables:
        if table.name == User.__tablename__ or "organisation_id" not in table.c:
            continue
        in_org = table.c.organisation_id == user.organisation_id
        for column in table.c:
            if isinstance(column.type, String) and not isinstance(column.type, Enum):
                session.execute(
                    update(table)
                    .where(in_org, column.in_(names))
                    .values({column.name: FORMER_MEMBER})
                )
            elif isinstance(column.type, JSON):
                _forget_in_json(session, table, column, in_org, names, email)


def _forget_in_json(
    session: Session, table: Table, column: Any, in_org: Any, names: frozenset[str], email: str
) -> None:
    as_text = cast(column, String)
    mentions = [as_text.contains(text, autoescape=True) for text in _mentions(*names, email)]
    keys = list(table.primary_key.columns)
    for row in session.execute(select_columns(*keys, column).where(in_org, or_(*mentions))).all():
        *key_values, value = row
        forgotten = _forget(value, names, email)
        if forgotten != value:
            session.execute(
                update(table)
                .where(*(key == key_value for key, key_value in zip(keys, key_values, strict=True)))
                .values({column.name: forgotten})
            )


def _forget_remembered_requests(
    session: Session, user: User, names: frozenset[str], email: str
) -> None:
    """Remembered responses (Idempotency-Key, kept 24 hours) of the person, or showing them."""
    needles = [text.encode() for text in _mentions(*names, email)]
    remembered = session.exec(
        select(IdempotencyRecord.id, IdempotencyRecord.principal_id, IdempotencyRecord.body).where(
            IdempotencyRecord.organisation_id == user.organisation_id
        )
    ).all()
    gone = [
        record_id
        for record_id, principal_id, body in remembered
        if principal_id == user.id or (body and any(needle in body for needle in needles))
    ]
    if gone:
        session.execute(delete(IdempotencyRecord).where(col(IdempotencyRecord.id).in_(gone)))


def erase(*, session: Session, principal: Principal, user: User) -> User:
    """Erase a person (art. 17): the account and private data go, what they wrote for the
    organisation stays as a former member's, and the audit trail forgets their name."""
    if is_erased(user):
        raise Conflict("This person has already been erased.")
    _check_not_last_admin(session, user)
    names, email = _names_of(session, user), user.email

    # Private data: the person's own commitment (shared or not: their words, about themselves),
    # and their sessions.
    for commitment in session.exec(
        select(Commitment).where(
            Commitment.organisation_id == user.organisation_id, Commitment.author_id == user.id
        )
    ).all():
        session.delete(commitment)
    session.execute(delete(RefreshToken).where(col(RefreshToken.user_id) == user.id))

    # The account: it stays as a row (what they wrote still points to it), unable to sign in.
    user.name = FORMER_MEMBER
    user.email = f"{ERASED_EMAIL_PREFIX}{user.id}"
    user.password_hash = None
    user.is_active = False
    user.token_generation += 1
    session.flush()  # the trail records the change of the user record: redacted below

    record_audit(
        session,
        organisation_id=user.organisation_id,
        action=AuditAction.create,
        resource_type=ERASURE_RESOURCE,
        resource_id=user.id,
        changes={},
    )
    session.flush()
    _rename_authorship(session, user, names)
    _redact_trail(session, user, names, email)
    _forget_remembered_requests(session, user, names, email)
    _sweep(session, user, names, email)
    session.flush()
    session.refresh(user)
    return user
