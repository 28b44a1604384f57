"""Who may change which property of a resource (object property level authorisation).

A route first decides whether the caller may change the record at all (its domain's rule: role,
party, participation level). That is not enough: a partner who may edit an agenda item's text
must not make it public, make itself the lead or drop the other parties (OWASP API3:2023). So
every writable property of every request body has a ``Rule`` in a ``PropertyTable`` declared in
its domain's ``auth.py``; a table that leaves a property out, or names one the schema lacks,
fails when the module is imported. A change the caller may not make answers 403 naming each such
property, before anything is changed; sending a property back unchanged is no change.

Publishing — making a record visible outside the organisation — is a rule of its own:
``PUBLISHING``. docs/permissions.md lists every table (``kompas permissions`` prints it).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from kompas.core.errors import Forbidden, InvalidParam
from kompas.core.principal import Principal, Role

Condition = Callable[[Principal, Any, Any], "str | None"]
"""(caller, value now, value asked for) → why the change is refused, or None when it is allowed."""

STAFF = frozenset({Role.admin, Role.coordinator, Role.member})
EDITORS = frozenset({Role.admin, Role.coordinator})
EVERY_WRITER = frozenset(Role) - {Role.viewer}

PUBLISHERS = STAFF
"""Who may make a record visible outside the organisation (`published`: the anonymous feeds,
calendar and intranet widget) or take it back. Partners and viewers never publish."""

PUBLISHED = "published"


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def same_set(now: Any, asked: Any) -> bool:
    """Two lists of ids (or of hashable rows) are the same when they hold the same members."""
    return _members(now) == _members(asked)


def _members(values: Any) -> frozenset[Any]:
    def key(value: Any) -> Any:
        if isinstance(value, Mapping):
            return tuple(sorted((k, str(v)) for k, v in value.items()))
        return str(value)

    return frozenset(key(value) for value in values or ())


@dataclass(frozen=True)
class Rule:
    """Who may change one property: a role among ``roles``, and then only if ``condition``
    (when given) finds nothing against the change. ``says`` is the rule in words, for the docs;
    ``conditional`` the roles the condition can refuse (the tests try each of them)."""

    roles: frozenset[Role]
    says: str
    condition: Condition | None = None
    same: Callable[[Any, Any], bool] = operator.eq
    conditional: frozenset[Role] = frozenset(Role)

    def may_refuse(self, role: Role) -> bool:
        """Whether this rule can refuse a change by ``role``."""
        return role not in self.roles or (self.condition is not None and role in self.conditional)

    def refusal(self, principal: Principal, now: Any, asked: Any) -> str | None:
        if principal.role not in self.roles:
            return f"A {principal.role.value} may not change this property. {self.says}"
        if self.condition is not None:
            return self.condition(principal, now, asked)
        return None


def _publishing(principal: Principal, now: Any, asked: Any) -> str | None:
    changes_publication = PUBLISHED in (str(now), str(asked)) and str(now) != str(asked)
    if changes_publication and principal.role not in PUBLISHERS:
        return (
            "Only admins, coordinators and members publish a record (visibility "
            "`published`, seen outside the organisation) or take it back."
        )
    return None


def publishing(roles: Iterable[Role], says: str) -> Rule:
    """The visibility of a record: ``roles`` may change it, and publishing (to or from
    `published`) is for ``PUBLISHERS`` only, whoever else may change it."""
    roles = frozenset(roles)
    return Rule(roles, says, _publishing, conditional=roles - PUBLISHERS)


PUBLISHING = publishing(STAFF, "Admins, coordinators and members; publishing is theirs alone.")
"""The visibility of joint work: staff only, so a partner never widens who sees a record."""


def writers(says: str = "Whoever may change the record.") -> Rule:
    """A property every caller who may write the record may change."""
    return Rule(EVERY_WRITER, says)


@dataclass
class PropertyTable:
    """The rules for every property of one request body ``schema``. ``writers`` are the roles
    that pass the route's own check at all (the roles a rule can be tested for)."""

    schema: type[BaseModel]
    writers: frozenset[Role]
    rules: dict[str, Rule]
    defaults: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        fields = set(self.schema.model_fields)
        missing, unknown = fields - set(self.rules), set(self.rules) - fields
        if missing or unknown:
            raise RuntimeError(
                f"The property table of {self.schema.__name__} must name every property: "
                f"missing {sorted(missing)}, unknown {sorted(unknown)}."
            )
        self.defaults = {
            name: info.get_default(call_default_factory=True)
            for name, info in self.schema.model_fields.items()
            if not info.is_required()
        }
        TABLES[self.schema.__name__] = self

    @classmethod
    def only(cls, schema: type[BaseModel], roles: frozenset[Role], says: str) -> PropertyTable:
        """A body that only admins (and coordinators) write, every property alike. Where a member
        or a partner may write, each property is placed in the table by hand."""
        if not roles <= EDITORS:
            raise RuntimeError(f"{schema.__name__}: place each property by hand; members write it.")
        return cls(schema, roles, {name: Rule(roles, says) for name in schema.model_fields})

    def refused(
        self, principal: Principal, asked: Mapping[str, Any], now: Mapping[str, Any]
    ) -> list[InvalidParam]:
        """The properties of ``asked`` that differ from ``now`` and the caller may not change."""
        problems: list[InvalidParam] = []
        for name, value in asked.items():
            rule = self.rules[name]
            if name in now and rule.same(now[name], value):
                continue
            reason = rule.refusal(principal, now.get(name), value)
            if reason:
                problems.append(
                    InvalidParam(name=_camel(name), reason=reason, code="not-permitted")
                )
        return problems

    def check_update(
        self,
        principal: Principal,
        changes: Mapping[str, Any],
        current: Callable[[], Mapping[str, Any]],
    ) -> None:
        """403 naming every property of ``changes`` the caller may not change. ``current`` gives
        the record's values in the shape of the body; it is read only when a rule could refuse."""
        if not any(self.rules[name].may_refuse(principal.role) for name in changes):
            return
        self._raise(self.refused(principal, changes, current()))

    def check_create(self, principal: Principal, data: Mapping[str, Any]) -> None:
        """403 naming every property set away from its default that the caller may not set."""
        self._raise(self.refused(principal, data, self.defaults))

    def _raise(self, problems: list[InvalidParam]) -> None:
        if problems:
            names = ", ".join(p.name for p in problems)
            raise Forbidden(
                f"You may not change: {names}. Nothing was changed.", invalid_params=problems
            )


TABLES: dict[str, PropertyTable] = {}
"""Every property table, by the name of its request body schema (filled as domains load)."""


def markdown() -> str:
    """The tables as Markdown, for docs/permissions.md."""
    lines: list[str] = []
    for name in sorted(TABLES):
        table = TABLES[name]
        roles = ", ".join(sorted(role.value for role in table.writers))
        lines += [f"#### `{name}` (written by: {roles})", "", "| property | who may change it |"]
        lines.append("|---|---|")
        for prop, rule in table.rules.items():
            lines.append(f"| `{_camel(prop)}` | {rule.says} |")
        lines.append("")
    return "\n".join(lines)
