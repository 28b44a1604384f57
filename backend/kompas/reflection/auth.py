"""Who may do what with reflection rounds (docs/permissions.md, docs/reflection-anonymity.md).

- Coordinators and admins create, change, open, close and release rounds.
- Every user of an invited party answers, once, whatever their role (a partner user too); a
  partner's API token is no person and never answers.
- Results and trends: staff (admins, coordinators, members, viewers) of every round that is not
  a draft; a partner (user or token) of the rounds its party was invited to. Drafts are the
  coordinators' own.
"""

from __future__ import annotations

from kompas.core.principal import Role
from kompas.core.properties import EDITORS, PropertyTable, Rule
from kompas.reflection.schemas import (
    ReflectionAnswerCreate,
    ReflectionRoundCreate,
    ReflectionRoundUpdate,
)

ROUNDS = EDITORS

CREATE = PropertyTable.only(
    ReflectionRoundCreate, ROUNDS, "Admins and coordinators (the core team) run the rounds."
)
UPDATE = PropertyTable.only(
    ReflectionRoundUpdate,
    ROUNDS,
    "Admins and coordinators; parties, dates, statements and questions only in a draft.",
)

_ANSWERS = Rule(frozenset(Role), "Every user of an invited party, once.")
ANSWER = PropertyTable(
    ReflectionAnswerCreate,
    writers=frozenset(Role),
    rules={"ratings": _ANSWERS, "open_answers": _ANSWERS},
)
