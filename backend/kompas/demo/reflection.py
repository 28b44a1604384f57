"""Reflection rounds of the demo: three closed rounds a quarter apart whose figures rise, and an
open round that the demo logins have not answered yet.

Woonstede has three people, below k: its figures show as "too few answers", and the GGD (five)
is hidden beside it so that the total cannot give Woonstede away. The answers go through
``reflection.service.answer``, the anonymous path every real answer takes; the demo's extra
respondents are users without a password (they cannot log in).
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta
from typing import Any

from sqlmodel import Session, select

from kompas.core.db import today
from kompas.core.principal import Principal, PrincipalKind, Role
from kompas.parties.models import Party
from kompas.reflection import service
from kompas.reflection.models import RoundStatus
from kompas.users.models import User

# Party → extra respondents (beside the demo logins of that party).
RESPONDENTS = {
    "Werk en Inkomen": 7,
    "Zorg en Welzijn": 5,
    "Jeugd en Onderwijs": 6,
    "Woonstede": 2,
    "GGD Regio Voorbeeld": 5,
}
# (title, days before today it closed, mean rating before noise, share that answers)
CLOSED = (
    ("Reflectie voorjaar", 270, 2.6, 0.85),
    ("Reflectie zomer", 180, 3.1, 0.9),
    ("Reflectie najaar", 90, 3.6, 1.0),
)
OPEN_ANSWERS = (
    "Korte lijnen met de partners aan de partnertafel.",
    "We weten elkaar sneller te vinden bij schulden.",
    "Wie de bal heeft is duidelijker dan vorig jaar.",
    "Informatie komt nog vaak te laat bij de wijkteams.",
    "Meer tijd om samen te leren, minder overleg.",
    "De rolkaart helpt om het gesprek te voeren.",
)


def _person(user: User) -> Principal:
    return Principal(
        kind=PrincipalKind.user,
        id=user.id,
        organisation_id=user.organisation_id,
        role=user.role,
        party_id=user.party_id,
        name=user.name,
    )


def seed_reflection(session: Session, author: Principal, parties: dict[str, Party]) -> None:
    """Three closed rounds with answers and an open one."""
    logins = session.exec(select(User).where(User.organisation_id == author.organisation_id)).all()
    pick = random.Random(2026)  # noqa: S311 - demo figures, not a secret
    people = [user for user in logins if user.party_id in {parties[p].id for p in RESPONDENTS}]
    for name, count in RESPONDENTS.items():
        slug = name.split()[0].lower()
        people += [
            User(
                organisation_id=author.organisation_id,
                email=f"deelnemer.{slug}{n}@voorbeeld.nl",
                name=f"Deelnemer {name} {n}",
                role=Role.partner if parties[name].kind.value == "partner" else Role.member,
                party_id=parties[name].id,
            )
            for n in range(1, count + 1)
        ]
    session.add_all(people)
    session.flush()
    party_ids = [parties[name].id for name in RESPONDENTS]
    demo_logins = {user.id for user in logins}
    for title, days_ago, level, share in CLOSED:
        round_ = _open(session, author, title, party_ids)
        for user in people:
            if pick.random() < share:
                _answer(session, round_, user, level, pick)
        # Its period, as it was: the answers themselves carry no date.
        round_.opens_on = today() - timedelta(days=days_ago + 21)
        round_.closes_on = today() - timedelta(days=days_ago)
        round_.status = RoundStatus.closed
        session.flush()
    current = _open(session, author, "Reflectie winter", party_ids, closes_in=14)
    for user in people:
        if user.id not in demo_logins and pick.random() < 0.5:
            _answer(session, current, user, 3.8, pick)
    session.flush()


def _open(
    session: Session,
    author: Principal,
    title: str,
    party_ids: list[uuid.UUID],
    closes_in: int = 0,
) -> Any:
    round_ = service.create(
        session=session,
        principal=author,
        data={
            "title": title,
            "opens_on": today() - timedelta(days=3),
            "closes_on": today() + timedelta(days=closes_in),
            "party_ids": party_ids,
            "statements": None,
            "questions": None,
        },
    )
    return service.update(
        session=session, principal=author, round_=round_, changes={"status": RoundStatus.open}
    )


def _answer(session: Session, round_: Any, user: User, level: float, pick: random.Random) -> None:
    ratings = [
        {
            "statement_key": statement["key"],
            "rating": max(1, min(5, round(pick.gauss(level + 0.1 * index % 0.4, 0.8)))),
        }
        for index, statement in enumerate(round_.statements)
    ]
    texts = []
    if pick.random() < 0.6:
        texts.append({"question_key": "going-well", "text": pick.choice(OPEN_ANSWERS[:3])})
    if pick.random() < 0.5:
        texts.append({"question_key": "could-be-better", "text": pick.choice(OPEN_ANSWERS[3:])})
    service.answer(
        session=session, principal=_person(user), round_=round_, ratings=ratings, open_answers=texts
    )
