"""Personal commitments of the demo people: the coordinator and the housing corporation shared
theirs; the admin and the viewer keep theirs private. Jeroen (member) has none yet, so that a
visitor can make one."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlmodel import Session, col, select

from kompas.commitments.models import Commitment
from kompas.core.db import today
from kompas.users.models import User

# (login, meaning, contribution, needs, step, days to the step or None, shared)
COMMITMENTS: tuple[tuple[str, str, str, str, str, int | None, bool], ...] = (
    (
        "fatima@voorbeeld.nl",
        "Samenwerken is voor mij: niet wachten tot een ander de bal oppakt, maar samen "
        "afspreken wie wat doet, en dat zichtbaar maken.",
        "Overzicht, een goed gesprek aan de partnertafel en geduld als het schuurt.",
        "Dat afdelingen en partners hun eigen beeld eerlijk invullen, ook als dat "
        "ongemakkelijk is.",
        "De analyse van de rolkaart Schulden en armoede bespreken op de partnertafel.",
        10,
        True,
    ),
    (
        "sanne@woonstede.nl",
        "Huurders met schulden eerder in beeld krijgen, samen met de gemeente in plaats van "
        "ernaast.",
        "Wat onze wijkconsulenten achter de voordeur zien, en snelle lijnen met de verhuurders.",
        "Eén vast aanspreekpunt bij Werk en Inkomen, en terugkoppeling als wij iets signaleren.",
        "Drie casussen inbrengen voor de casustafel in maart.",
        21,
        True,
    ),
    (
        "kijker@voorbeeld.nl",
        "Begrijpen hoe de afdelingen elkaar vinden, zodat ik daar in mijn werk op kan bouwen.",
        "Vragen stellen vanuit de inwoner.",
        "Uitleg over de toekomstagenda.",
        "",
        None,
        False,
    ),
    (
        "beheer@voorbeeld.nl",
        "Zorgen dat iedereen veilig en zonder gedoe in Kompas kan werken.",
        "Beheer van accounts en koppelingen met partners.",
        "Tijdig horen wie erbij komt of weggaat.",
        "",
        None,
        False,
    ),
)


def seed_commitments(session: Session, organisation_id: uuid.UUID) -> None:
    """The demo people's commitments, for the logins that exist."""
    emails = [row[0] for row in COMMITMENTS]
    authors = {
        user.email: user.id
        for user in session.exec(
            select(User).where(User.organisation_id == organisation_id, col(User.email).in_(emails))
        )
    }
    session.add_all(
        Commitment(
            organisation_id=organisation_id,
            author_id=authors[email],
            meaning=meaning,
            contribution=contribution,
            needs=needs,
            step=step,
            step_date=today() + timedelta(days=days) if days is not None else None,
            shared=shared,
        )
        for email, meaning, contribution, needs, step, days, shared in COMMITMENTS
        if email in authors
    )
    session.flush()
