"""The demo organisation "Gemeente Voorbeeld": believable data to try every capability with."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from kompas.compass.models import Driver, Purpose, WorkFormat
from kompas.core.principal import Role
from kompas.core.security import hash_password
from kompas.demo.commitments import seed_commitments
from kompas.demo.experiences import seed_experiences
from kompas.demo.joint import seed_joint_work
from kompas.demo.reflection import seed_reflection
from kompas.organisations import service as organisation_service
from kompas.organisations.models import Organisation
from kompas.parties.models import (
    Need,
    NeedKind,
    NeedStatus,
    OrganisationType,
    Party,
    PartyKind,
    Person,
)
from kompas.users.models import User

DEMO_ORGANISATION = "Gemeente Voorbeeld"
# Printed and in the README; demo users are never seeded in production.
DEMO_PASSWORD = "demo-kompas-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: Role
    name: str
    party: str | None


DEMO_LOGINS = (
    DemoLogin("beheer@voorbeeld.nl", Role.admin, "Bea Beheer", None),
    DemoLogin("fatima@voorbeeld.nl", Role.coordinator, "Fatima El Amrani", "Werk en Inkomen"),
    DemoLogin("jeroen@voorbeeld.nl", Role.member, "Jeroen de Vries", "Jeugd en Onderwijs"),
    DemoLogin("sanne@woonstede.nl", Role.partner, "Sanne Bakker", "Woonstede"),
    DemoLogin("kijker@voorbeeld.nl", Role.viewer, "Kees Kijker", "Zorg en Welzijn"),
)

DEPARTMENTS = (
    ("Werk en Inkomen", "Participatiewet, bijstand, schuldhulpverlening en re-integratie."),
    ("Zorg en Welzijn", "Wmo-ondersteuning, mantelzorg, welzijn en beschermd wonen."),
    ("Jeugd en Onderwijs", "Jeugdhulp, leerplicht, passend onderwijs en de overgang 18-/18+."),
)

PARTNERS = (
    (
        "Woonstede",
        OrganisationType.housing_corporation,
        "Woningcorporatie met 9.000 huurwoningen.",
        "https://www.woonstede.example",
        ("Sanne Bakker", "Wijkconsulent", "sanne@woonstede.nl"),
    ),
    (
        "GGD Regio Voorbeeld",
        OrganisationType.public_health,
        "Publieke gezondheid en jeugdgezondheidszorg.",
        "https://www.ggd-voorbeeld.example",
        ("Dr. Mirjam Smit", "Jeugdarts", "m.smit@ggd-voorbeeld.example"),
    ),
    (
        "UWV Werkbedrijf",
        OrganisationType.employment_agency,
        "Werk en uitkeringen, regionaal werkbedrijf.",
        "https://www.uwv.example",
        ("Peter Jansen", "Adviseur werk", "peter.jansen@uwv.example"),
    ),
    (
        "Zorggroep De Linde",
        OrganisationType.care_provider,
        "Ambulante begeleiding en dagbesteding.",
        "https://www.delinde.example",
        ("Anouk Visser", "Teamleider", "a.visser@delinde.example"),
    ),
    (
        "Wijkteam Noord",
        OrganisationType.neighbourhood_team,
        "Generalistisch wijkteam voor Noord en Oost.",
        None,
        ("Mohamed Yilmaz", "Wijkcoach", "m.yilmaz@wijkteamnoord.example"),
    ),
    (
        "ROC Voorbeeld",
        OrganisationType.education,
        "Middelbaar beroepsonderwijs in de regio.",
        "https://www.roc-voorbeeld.example",
        ("Lotte Mulder", "Loopbaanadviseur", "l.mulder@roc.example"),
    ),
)

PEOPLE = (
    ("Werk en Inkomen", "Fatima El Amrani", "Programmacoördinator sociaal domein"),
    ("Werk en Inkomen", "Henk Willems", "Teamleider schuldhulpverlening"),
    ("Zorg en Welzijn", "Ingrid Hoekstra", "Beleidsadviseur Wmo"),
    ("Zorg en Welzijn", "Kees Kijker", "Consulent Wmo"),
    ("Jeugd en Onderwijs", "Jeroen de Vries", "Manager Jeugd"),
    ("Jeugd en Onderwijs", "Esra Demir", "Leerplichtambtenaar"),
    ("Woonstede", "Sanne Bakker", "Wijkconsulent"),
    ("GGD Regio Voorbeeld", "Mirjam Smit", "Jeugdarts"),
    ("UWV Werkbedrijf", "Peter Jansen", "Adviseur werk"),
    ("Zorggroep De Linde", "Anouk Visser", "Teamleider ambulante begeleiding"),
    ("Wijkteam Noord", "Mohamed Yilmaz", "Wijkcoach"),
    ("ROC Voorbeeld", "Lotte Mulder", "Loopbaanadviseur"),
)

NEEDS = (
    (
        "Werk en Inkomen",
        NeedKind.need,
        "Vroegsignalering van huurachterstanden",
        "Binnen twee maanden na de eerste gemiste huur een melding, zodat we schulden voor zijn.",
        "Woonstede",
        NeedStatus.being_met,
    ),
    (
        "Woonstede",
        NeedKind.offer,
        "Huisbezoek samen met de schuldhulpverlener",
        "Onze wijkconsulent gaat mee op huisbezoek bij huurders met een achterstand.",
        "Werk en Inkomen",
        NeedStatus.open,
    ),
    (
        "Jeugd en Onderwijs",
        NeedKind.need,
        "Warme overdracht bij 18 jaar",
        "Jongeren met jeugdhulp die 18 worden, moeten een vast aanspreekpunt houden.",
        "Zorg en Welzijn",
        NeedStatus.open,
    ),
    (
        "GGD Regio Voorbeeld",
        NeedKind.offer,
        "Wijkcijfers gezondheid jongeren",
        "Cijfers uit de jeugdmonitor per wijk, twee keer per jaar.",
        None,
        NeedStatus.met,
    ),
    (
        "Wijkteam Noord",
        NeedKind.need,
        "Eén contactpersoon per afdeling",
        "Het wijkteam zoekt nu per casus uit wie bij de gemeente aan zet is.",
        None,
        NeedStatus.open,
    ),
    (
        "UWV Werkbedrijf",
        NeedKind.offer,
        "Gezamenlijke werkgeversbenadering",
        "Vacatures en werkgeverscontacten delen met Werk en Inkomen.",
        "Werk en Inkomen",
        NeedStatus.being_met,
    ),
    (
        "Zorggroep De Linde",
        NeedKind.need,
        "Duidelijkheid over wie de indicatie afgeeft",
        "Bij beschermd wonen is onduidelijk of Zorg en Welzijn of Jeugd de beschikking afgeeft.",
        "Zorg en Welzijn",
        NeedStatus.open,
    ),
    (
        "ROC Voorbeeld",
        NeedKind.offer,
        "Loopbaangesprekken voor jongeren zonder startkwalificatie",
        "Twee middagen per maand op het jongerenloket.",
        "Jeugd en Onderwijs",
        NeedStatus.open,
    ),
)

PURPOSE = (
    "Inwoners van Voorbeeld krijgen de ondersteuning die past, op tijd en uit één hand — omdat "
    "afdelingen en partners samen verantwoordelijkheid nemen in plaats van naar elkaar te wijzen.",
    "Onze gemeenschappelijke bedoeling is het kompas voor het dagelijkse werk: bij twijfel over "
    "wie aan zet is, kiezen we wat de inwoner verder helpt.",
)

DRIVERS = (
    (
        "De inwoner centraal",
        "We organiseren rond de vraag van de inwoner, niet rond onze loketten.",
    ),
    ("Eerder erbij zijn", "Signalen van schulden, uitval en eenzaamheid eerder zien en oppakken."),
    (
        "Eigenaarschap over grenzen heen",
        "Wie een vraag ziet, zorgt dat die bij de juiste partij landt.",
    ),
    ("Leren van wat werkt", "Successen en fouten delen, zodat de hele regio er beter van wordt."),
)

WORK_FORMATS = (
    ("Dialoogsessie", "Een open gesprek over de gemeenschappelijke bedoeling en drijfveren."),
    ("Actieleerset", "Een vaste groep die een vraagstuk uit de praktijk in cycli onderzoekt."),
    ("Partnertafel", "Afdelingen en partners verdelen samen rollen en taken op een thema."),
    ("Casustafel", "Een concrete casus bespreken om te zien waar de samenwerking hapert."),
)


def seed_demo(session: Session) -> tuple[Organisation, bool]:
    """Create the demo organisation once; returns it and whether it was created now."""
    existing = organisation_service.get_by_name(session=session, name=DEMO_ORGANISATION)
    if existing is not None:
        return existing, False
    organisation = organisation_service.create(session=session, name=DEMO_ORGANISATION)
    org_id = organisation.id

    parties: dict[str, Party] = {}
    for name, description in DEPARTMENTS:
        parties[name] = Party(
            organisation_id=org_id, kind=PartyKind.department, name=name, description=description
        )
    for name, org_type, description, website, (contact, role, email) in PARTNERS:
        parties[name] = Party(
            organisation_id=org_id,
            kind=PartyKind.partner,
            name=name,
            description=description,
            organisation_type=org_type,
            website=website,
            contacts=[{"name": contact, "role": role, "email": email, "phone": None}],
        )
    session.add_all(parties.values())
    session.flush()

    session.add_all(
        Person(organisation_id=org_id, party_id=parties[party].id, name=name, job_title=title)
        for party, name, title in PEOPLE
    )
    session.add_all(
        Need(
            organisation_id=org_id,
            party_id=parties[party].id,
            kind=kind,
            title=title,
            description=description,
            counterpart_party_id=parties[counterpart].id if counterpart else None,
            status=status,
        )
        for party, kind, title, description, counterpart, status in NEEDS
    )
    purpose = session.exec(select(Purpose).where(Purpose.organisation_id == org_id)).one()
    purpose.statement, purpose.explanation = PURPOSE
    session.add_all(
        Driver(organisation_id=org_id, title=title, description=description, position=position)
        for position, (title, description) in enumerate(DRIVERS, start=1)
    )
    session.add_all(
        WorkFormat(organisation_id=org_id, name=name, description=description)
        for name, description in WORK_FORMATS
    )
    password_hash = hash_password(DEMO_PASSWORD)
    session.add_all(
        User(
            organisation_id=org_id,
            email=login.email,
            name=login.name,
            role=login.role,
            party_id=parties[login.party].id if login.party else None,
            password_hash=password_hash,
        )
        for login in DEMO_LOGINS
    )
    session.flush()
    seed_role_maps(session, org_id, parties)
    seed_joint_work(session, _system(org_id), parties)
    seed_commitments(session, org_id)
    seed_experiences(session, org_id, parties)
    seed_reflection(session, _system(org_id), parties)
    return organisation, True


def _system(organisation_id: uuid.UUID) -> Any:
    """The demo data's author: an admin of no party, named in the audit trail."""
    from kompas.core.principal import Principal, PrincipalKind

    return Principal(
        kind=PrincipalKind.user,
        id=uuid.UUID(int=0),
        organisation_id=organisation_id,
        role=Role.admin,
        party_id=None,
        name="Kompas (demo)",
    )


# --- role maps ---------------------------------------------------------------------------------
# Two maps in which every finding kind occurs, with views of departments and partners, and two
# snapshots of the first that show progress (the analysis is in docs/role-map-analysis.md).
A, R, C, I = "accountable", "responsible", "consulted", "informed"  # noqa: E741

ROLE_MAPS: tuple[dict[str, object], ...] = (
    {
        "title": "Schulden en armoede",
        "theme": "Bestaanszekerheid",
        "description": "Wie signaleert schulden, wie gaat op huisbezoek, wie regelt de schulden?",
        "parties": (
            "Werk en Inkomen",
            "Zorg en Welzijn",
            "Woonstede",
            "Wijkteam Noord",
            "UWV Werkbedrijf",
        ),
        "tasks": (
            ("Huurachterstand signaleren", "Vroeg erbij"),
            ("Huisbezoek bij betalingsachterstand", "Vroeg erbij"),
            ("Schuldhulpverlening starten", "Schulden regelen"),
            ("Budgetbeheer inrichten", "Schulden regelen"),
            ("Inkomen stabiliseren", "Schulden regelen"),
            ("Nazorg na schuldregeling", "Nazorg"),
        ),
        # Before the partner table: views only, and an agreement on two tasks.
        "before": {
            "agreed": (
                (2, "Werk en Inkomen", A),
                (2, "Werk en Inkomen", R),
                (3, "Werk en Inkomen", A),
                (3, "Zorg en Welzijn", A),
            ),
            "Werk en Inkomen": (
                (0, "Woonstede", A),
                (1, "Wijkteam Noord", A),
                (1, "Wijkteam Noord", R),
                (4, "UWV Werkbedrijf", A),
                (5, "Zorg en Welzijn", A),
            ),
            "Woonstede": (
                (0, "Werk en Inkomen", A),
                (1, "Werk en Inkomen", A),
                (1, "Woonstede", C),
                (4, "Werk en Inkomen", A),
            ),
            "Wijkteam Noord": (
                (1, "Wijkteam Noord", R),
                (1, "Werk en Inkomen", A),
                (5, "Wijkteam Noord", A),
            ),
            "Zorg en Welzijn": ((3, "Zorg en Welzijn", A), (5, "Zorg en Welzijn", I)),
        },
        # After: the table agreed most tasks and the parties took it over in their own views;
        # two tasks stay open.
        "after": {
            "agreed": (
                (0, "Woonstede", R),
                (0, "Werk en Inkomen", A),
                (1, "Wijkteam Noord", R),
                (1, "Werk en Inkomen", A),
                (2, "Werk en Inkomen", A),
                (2, "Werk en Inkomen", R),
                (3, "Werk en Inkomen", A),
                (3, "Zorg en Welzijn", R),
                (4, "UWV Werkbedrijf", C),
            ),
            "Werk en Inkomen": (
                (0, "Woonstede", R),
                (0, "Werk en Inkomen", A),
                (1, "Wijkteam Noord", R),
                (1, "Werk en Inkomen", A),
                (4, "UWV Werkbedrijf", A),
                (5, "Zorg en Welzijn", A),
            ),
            "Woonstede": (
                (0, "Woonstede", R),
                (0, "Werk en Inkomen", A),
                (1, "Wijkteam Noord", R),
                (1, "Werk en Inkomen", A),
            ),
            "Wijkteam Noord": (
                (1, "Wijkteam Noord", R),
                (1, "Werk en Inkomen", A),
                (5, "Wijkteam Noord", A),
            ),
            "Zorg en Welzijn": ((3, "Werk en Inkomen", A), (3, "Zorg en Welzijn", R)),
        },
    },
    {
        "title": "Overgang 18-/18+",
        "theme": "Jeugd",
        "description": "Wie houdt de jongere vast als de jeugdhulp op zijn 18e stopt?",
        "parties": (
            "Jeugd en Onderwijs",
            "Zorg en Welzijn",
            "Werk en Inkomen",
            "GGD Regio Voorbeeld",
            "ROC Voorbeeld",
        ),
        "tasks": (
            ("Toekomstplan vanaf 16,5 jaar", "Voorbereiden"),
            ("Warme overdracht naar volwassenenzorg", "Overdracht"),
            ("Inkomen regelen op de 18e verjaardag", "Overdracht"),
            ("Schoolverlaters zonder startkwalificatie volgen", "Onderwijs"),
        ),
        "before": {
            "agreed": ((0, "Jeugd en Onderwijs", A),),
            "Jeugd en Onderwijs": (
                (1, "Zorg en Welzijn", A),
                (2, "Werk en Inkomen", A),
                (3, "Jeugd en Onderwijs", A),  # and ROC claims it too: owned twice
            ),
            "Zorg en Welzijn": ((1, "Jeugd en Onderwijs", A), (0, "Zorg en Welzijn", A)),
            "Werk en Inkomen": ((2, "Werk en Inkomen", A), (2, "Werk en Inkomen", R)),
            "ROC Voorbeeld": ((3, "ROC Voorbeeld", A), (3, "Jeugd en Onderwijs", R)),
            "GGD Regio Voorbeeld": ((0, "GGD Regio Voorbeeld", C),),
        },
    },
)


def seed_role_maps(session: Session, organisation_id: uuid.UUID, parties: dict[str, Party]) -> None:
    """The demo maps, their views and (for the first) two snapshots that show progress."""
    from kompas.rolemaps import service as rolemap_service
    from kompas.rolemaps.models import RoleMapTask

    system = _system(organisation_id)
    for spec in ROLE_MAPS:
        role_map, _ = rolemap_service.create(
            session=session,
            principal=system,
            data={
                "title": spec["title"],
                "theme": spec["theme"],
                "description": spec["description"],
                "phase_id": None,
                "party_ids": [parties[name].id for name in spec["parties"]],  # type: ignore[attr-defined]
            },
        )
        tasks: list[RoleMapTask] = [
            rolemap_service.create_task(
                session=session,
                principal=system,
                role_map=role_map,
                data={"title": title, "cluster": cluster, "description": "", "position": None},
            )
            for title, cluster in spec["tasks"]  # type: ignore[attr-defined]
        ]

        put_views(session, system, role_map, tasks, parties, spec["before"])  # type: ignore[arg-type]
        if "after" in spec:
            rolemap_service.take_snapshot(
                session=session, principal=system, role_map=role_map, label="Voor de partnertafel"
            )
            put_views(session, system, role_map, tasks, parties, spec["after"])  # type: ignore[arg-type]
            rolemap_service.take_snapshot(
                session=session, principal=system, role_map=role_map, label="Na de partnertafel"
            )


def put_views(
    session: Session,
    principal: Any,
    role_map: Any,
    tasks: list[Any],
    parties: dict[str, Party],
    views: dict[str, tuple[tuple[int, str, str], ...]],
) -> None:
    """Replace each given view of a demo map; rows are (task index, party name, role)."""
    from kompas.rolemaps import service as rolemap_service

    for perspective, rows in views.items():
        rolemap_service.replace_view(
            session=session,
            principal=principal,
            role_map=role_map,
            perspective="agreed" if perspective == "agreed" else str(parties[perspective].id),
            assignments=[
                {"task_id": tasks[t].id, "party_id": parties[p].id, "role": role}
                for t, p, role in rows
            ],
        )
