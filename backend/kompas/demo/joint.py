"""Joint work of the demo organisation: an agenda over three phases with handoffs (one declined,
some waiting) and a stalled item, five questions with contributions of partners, eight successes
with endorsements and four meetings with their outcomes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from kompas.agenda import service as agenda_service
from kompas.agenda.models import AgendaItem
from kompas.compass.models import Driver, Phase, WorkFormat
from kompas.core.db import utcnow
from kompas.core.principal import Principal, Role
from kompas.core.visibility import Visibility
from kompas.joint import service as joint
from kompas.joint.models import HandoffStatus, LinkKind, SubjectKind
from kompas.meetings.models import Meeting
from kompas.parties.models import Party, Person
from kompas.questions.models import Contribution, ContributionKind, Question
from kompas.rolemaps.models import RoleMapSnapshot
from kompas.successes.models import Endorsement, Success

W, Z, J = "Werk en Inkomen", "Zorg en Welzijn", "Jeugd en Onderwijs"
WOON, GGD, UWV, LINDE, WIJK, ROC = (
    "Woonstede",
    "GGD Regio Voorbeeld",
    "UWV Werkbedrijf",
    "Zorggroep De Linde",
    "Wijkteam Noord",
    "ROC Voorbeeld",
)
WATCH, THINK, TAKE = "watching", "thinking-along", "taking-part"

# (title, description, phase, status, lead, participants, driver numbers, horizon, progress,
#  days to the target date or None)
AGENDA: tuple[tuple[Any, ...], ...] = (
    (
        "Vroegsignalering huurachterstand",
        "Woonstede meldt een achterstand na twee maanden; Werk en Inkomen belt binnen een week.",
        "Samen doen",
        "in-progress",
        W,
        ((WOON, TAKE), (WIJK, THINK)),
        (2,),
        "2027-Q1",
        60,
        60,
    ),
    (
        "Gezamenlijk huisbezoek bij schulden",
        "Wijkconsulent en schuldhulpverlener gaan samen op huisbezoek.",
        "Samen doen",
        "planned",
        WOON,
        ((W, TAKE), (WIJK, TAKE)),
        (1, 2),
        "2027-Q2",
        10,
        120,
    ),
    (
        "Eén aanspreekpunt bij 18 jaar",
        "Jongeren met jeugdhulp houden bij hun 18e verjaardag één vast aanspreekpunt.",
        "Samen doen",
        "in-progress",
        J,
        ((Z, TAKE), (LINDE, THINK), (GGD, WATCH)),
        (1, 3),
        "2027-Q1",
        35,
        90,
    ),
    (
        "Wijkcijfers jongeren delen",
        "De jeugdmonitor per wijk, twee keer per jaar besproken met wijkteam en Jeugd.",
        "Samen doen",
        "done",
        GGD,
        ((J, TAKE), (WIJK, THINK)),
        (2, 4),
        "2026",
        100,
        None,
    ),
    (
        "Werkgeversbenadering samen",
        "UWV en Werk en Inkomen benaderen werkgevers samen en delen vacatures.",
        "Samen doen",
        "in-progress",
        UWV,
        ((W, TAKE), (ROC, THINK)),
        (1,),
        "2027-Q2",
        45,
        150,
    ),
    (
        "Stages voor jongeren in de bijstand",
        "ROC en Werk en Inkomen zoeken leerwerkplekken voor jongeren tot 27.",
        "Samen doen",
        "planned",
        ROC,
        ((W, TAKE), (UWV, WATCH)),
        (1, 3),
        "2027-Q3",
        0,
        240,
    ),
    (
        "Casustafel per wijk",
        "Maandelijks een casustafel waar afdelingen en partners vastgelopen casussen bespreken.",
        "Verbinden",
        "in-progress",
        WIJK,
        ((W, TAKE), (Z, TAKE), (J, TAKE), (WOON, THINK)),
        (3,),
        "2027",
        50,
        200,
    ),
    (
        "Rolkaart schulden vaststellen",
        "De afgesproken verdeling op de rolkaart Schulden en armoede vastleggen.",
        "Verbinden",
        "done",
        W,
        ((Z, TAKE), (WOON, TAKE), (WIJK, TAKE)),
        (3,),
        "2026",
        100,
        None,
    ),
    (
        "Rolkaart 18-/18+ bespreken",
        "De verschillende beelden op de rolkaart Overgang 18-/18+ aan één tafel.",
        "Verbinden",
        "planned",
        J,
        ((Z, TAKE), (LINDE, THINK)),
        (3,),
        "2027-Q1",
        0,
        45,
    ),
    (
        "Mantelzorgers eerder in beeld",
        "Signalen van overbelaste mantelzorgers uit de huisartsenpraktijk en het wijkteam.",
        "Verbinden",
        "idea",
        Z,
        ((WIJK, THINK), (GGD, WATCH)),
        (2,),
        "2027",
        0,
        None,
    ),
    (
        "Eenzaamheid onder ouderen",
        "Welke signalen zien partners, en wie pakt ze op?",
        "Verbinden",
        "idea",
        Z,
        ((WIJK, THINK), (WOON, WATCH)),
        (2,),
        "2027",
        0,
        None,
    ),
    (
        "Kennisbank van wat werkt",
        "Successen en geleerde lessen in de ervaringsrugzak op het intranet.",
        "Verankeren",
        "planned",
        W,
        ((Z, THINK), (J, THINK)),
        (4,),
        "2027-Q2",
        15,
        180,
    ),
    (
        "Afspraken in de dienstverleningsovereenkomst",
        "Wat werkt, vastleggen in de prestatieafspraken met Woonstede.",
        "Verankeren",
        "idea",
        W,
        ((WOON, TAKE),),
        (3, 4),
        "2027-Q4",
        0,
        None,
    ),
    (
        "Budget voor maatwerk",
        "Professionals krijgen een budget om af te wijken als de inwoner daarmee geholpen is.",
        "Verankeren",
        "dropped",
        Z,
        ((W, THINK),),
        (1,),
        "2027",
        0,
        None,
    ),
    (
        "Terugkoppeling aan melders",
        "Partners horen binnen twee weken wat er met hun melding is gebeurd.",
        "Verankeren",
        "planned",
        W,
        ((WOON, TAKE), (WIJK, TAKE), (GGD, WATCH)),
        (3,),
        "2027-Q1",
        20,
        75,
    ),
    (
        "Dagbesteding en werk verbinden",
        "Deelnemers van De Linde die kunnen doorstromen naar werk samen begeleiden.",
        "Samen doen",
        "in-progress",
        LINDE,
        ((W, TAKE), (UWV, THINK)),
        (1,),
        "2027-Q2",
        25,
        160,
    ),
)
# Index of the agenda item above that lies still: no change, ball unmoved for 40 days.
STALLED = 14
# (item index, from, to, status, note, reason)
HANDOFFS = (
    (0, W, WOON, "accepted", "Jullie zien de achterstand het eerst.", ""),
    (0, WOON, W, "pending", "De melding staat klaar; graag binnen een week bellen.", ""),
    (
        2,
        J,
        Z,
        "declined",
        "Na 18 jaar is het Wmo.",
        "Het aanspreekpunt blijft tot 23 jaar bij Jeugd; zo is het afgesproken.",
    ),
    (6, WIJK, J, "pending", "De casus van de familie uit Noord ligt bij jullie.", ""),
    (4, UWV, W, "accepted", "Jullie hebben de werkgeverscontacten.", ""),
    (11, W, J, "pending", "Kunnen jullie de eerste verhalen aanleveren?", ""),
    (12, W, WOON, "pending", "Kunnen jullie de huidige prestatieafspraken aanleveren?", ""),
)

QUESTIONS: tuple[tuple[Any, ...], ...] = (
    (
        "Hoe zien we huurachterstanden eerder?",
        "Huisuitzettingen beginnen met een gemiste huur; nu horen we het pas na maanden.",
        "investigating",
        W,
        ((WOON, TAKE), (WIJK, THINK)),
        (2,),
        (0,),
    ),
    (
        "Wie is aan zet als een jongere 18 wordt?",
        "Jongeren vallen tussen Jeugdwet en Wmo; iedereen denkt dat de ander het oppakt.",
        "answered",
        J,
        ((Z, TAKE), (LINDE, THINK), (GGD, WATCH)),
        (1, 3),
        (2,),
    ),
    (
        "Waarom haken deelnemers af bij re-integratie?",
        "Een derde stopt binnen drie maanden.",
        "open",
        W,
        ((UWV, TAKE), (ROC, THINK)),
        (1,),
        (4, 5),
    ),
    (
        "Welke signalen van eenzaamheid missen we?",
        "Partners zien eenzaamheid, maar melden het niet.",
        "open",
        Z,
        ((WIJK, TAKE), (GGD, THINK), (WOON, WATCH)),
        (2,),
        (10,),
    ),
    (
        "Hoe houden we de casustafel licht?",
        "De tafel moet snel beslissen zonder nieuwe bureaucratie.",
        "closed",
        WIJK,
        ((W, TAKE), (Z, TAKE), (J, TAKE)),
        (3,),
        (6,),
    ),
)
# (question index, party, kind, body)
CONTRIBUTIONS = (
    (
        0,
        WOON,
        "data",
        "Vorig jaar 212 huurders met twee maanden achterstand; 38 kwamen later bij schuldhulp.",
    ),
    (
        0,
        WIJK,
        "observation",
        "In Noord zien we dat huurders eerst de zorgverzekering laten schieten, dan de huur.",
    ),
    (
        0,
        W,
        "proposal",
        "Een vaste contactpersoon bij Werk en Inkomen voor meldingen van Woonstede.",
    ),
    (
        1,
        LINDE,
        "observation",
        "Begeleiding stopt op de verjaardag; jongeren staan dan een maand zonder.",
    ),
    (
        1,
        GGD,
        "data",
        "Uit de jeugdmonitor: 14% van de 17-jarigen met jeugdhulp heeft na 18 geen hulp meer.",
    ),
    (1, Z, "proposal", "Een overgangsplan vanaf 17,5 jaar, met Jeugd en Wmo aan tafel."),
    (2, UWV, "data", "Uitval is het hoogst in de eerste zes weken (21%)."),
    (
        2,
        ROC,
        "observation",
        "Jongeren zonder startkwalificatie haken vaker af bij trajecten zonder leerdeel.",
    ),
    (3, WIJK, "observation", "Ouderen na het overlijden van een partner zijn de grootste groep."),
    (4, W, "proposal", "Maximaal drie casussen per tafel en een besluit binnen het uur."),
)
FINDINGS = {
    1: "Jeugd blijft aanspreekpunt tot de overdracht rond is, uiterlijk 23 jaar; Zorg en Welzijn "
    "schuift vanaf 17,5 jaar aan.",
    4: "Drie casussen per tafel, de voorzitter rouleert, besluiten gaan dezelfde dag de deur uit.",
}

# (title, description, days ago, evidence, party names, agenda indexes, question indexes,
#  drivers, visibility, endorsing parties)
SUCCESSES: tuple[tuple[Any, ...], ...] = (
    (
        "Geen huisuitzetting in Noord dit kwartaal",
        "Door vroegsignalering en samen op huisbezoek.",
        20,
        "0 uitzettingen (vorig jaar 4)",
        (W, WOON, WIJK),
        (0, 1),
        (0,),
        (2,),
        Visibility.published,
        (WOON, WIJK),
    ),
    (
        "Overgangsplan 18+ voor 25 jongeren",
        "Elke jongere met jeugdhulp heeft een plan vanaf 17,5 jaar.",
        35,
        "25 plannen, 0 jongeren zonder hulp na 18",
        (J, Z, LINDE),
        (2,),
        (1,),
        (1, 3),
        Visibility.published,
        (Z, LINDE),
    ),
    (
        "Wijkcijfers besproken in alle wijken",
        "De jeugdmonitor per wijk op tafel bij elk wijkteam.",
        60,
        "5 van 5 wijken",
        (GGD, J, WIJK),
        (3,),
        (),
        (2, 4),
        Visibility.partners,
        (J,),
    ),
    (
        "Twaalf werkgevers samen benaderd",
        "UWV en Werk en Inkomen bezoeken werkgevers voortaan samen.",
        15,
        "12 werkgevers, 19 vacatures",
        (UWV, W),
        (4,),
        (2,),
        (1,),
        Visibility.organisation,
        (UWV,),
    ),
    (
        "Casustafel besluit binnen het uur",
        "Vastgelopen casussen krijgen dezelfde dag een eigenaar.",
        10,
        "14 casussen, mediaan 40 minuten",
        (WIJK, W, Z, J),
        (6,),
        (4,),
        (3,),
        Visibility.published,
        (W, Z),
    ),
    (
        "Afgesproken rolverdeling schulden",
        "De partnertafel heeft de verdeling op de rolkaart vastgesteld.",
        25,
        "Helderheid van 40% naar 70%",
        (W, Z, WOON, WIJK),
        (7,),
        (),
        (3,),
        Visibility.partners,
        (WOON,),
    ),
    (
        "Eerste stagiairs uit de bijstand",
        "Drie jongeren begonnen aan een leerwerkplek.",
        5,
        "3 leerwerkplekken",
        (ROC, W),
        (5,),
        (2,),
        (1,),
        Visibility.organisation,
        (),
    ),
    (
        "Doorstroom van dagbesteding naar werk",
        "Twee deelnemers van De Linde hebben een betaalde baan.",
        40,
        "2 deelnemers aan het werk",
        (LINDE, W, UWV),
        (15,),
        (),
        (1,),
        Visibility.published,
        (LINDE, UWV),
    ),
)

# (title, agenda, work format, phase, days from now, hours, location, parties, outcome agenda
#  indexes, outcome success indexes, snapshot?, notes, visibility)
MEETINGS: tuple[tuple[Any, ...], ...] = (
    (
        "Partnertafel Schulden en armoede",
        "De rolkaart Schulden en armoede: wie doet wat bij een huurachterstand?",
        "Partnertafel",
        "Verbinden",
        -30,
        3,
        "Stadhuis, zaal 2",
        (W, Z, WOON, WIJK, UWV),
        (7, 1),
        (5,),
        True,
        "Verdeling afgesproken; huisbezoek samen met Woonstede.",
        Visibility.partners,
    ),
    (
        "Dialoogsessie gemeenschappelijke bedoeling",
        "Waarom doen we dit samen? De drijfveren opnieuw bekeken.",
        "Dialoogsessie",
        "Verbinden",
        -60,
        2,
        "Bibliotheek Centrum",
        (W, Z, J, WOON, GGD, UWV, LINDE, WIJK, ROC),
        (),
        (),
        False,
        "Vier drijfveren vastgesteld.",
        Visibility.published,
    ),
    (
        "Actieleerset overgang 18-/18+",
        "Derde cyclus: wat leerden we van de eerste overgangsplannen?",
        "Actieleerset",
        "Samen doen",
        14,
        2,
        "Jeugdhuis De Schakel",
        (J, Z, LINDE, GGD),
        (2, 8),
        (1,),
        False,
        "",
        Visibility.organisation,
    ),
    (
        "Casustafel Noord",
        "Drie vastgelopen casussen uit Noord.",
        "Casustafel",
        "Samen doen",
        7,
        1,
        "Wijkcentrum Noord",
        (WIJK, W, Z, J, WOON),
        (6,),
        (4,),
        False,
        "",
        Visibility.published,
    ),
)


def _moment(days: int, hour: int = 9) -> datetime:
    return datetime.combine(date.today() + timedelta(days=days), time(hour), tzinfo=UTC)


def seed_joint_work(session: Session, principal: Principal, parties: dict[str, Party]) -> None:
    org_id = principal.organisation_id
    drivers = list(
        session.exec(
            select(Driver).where(Driver.organisation_id == org_id).order_by(col(Driver.position))
        ).all()
    )
    phases = {p.name: p for p in session.exec(select(Phase).where(Phase.organisation_id == org_id))}
    formats = {
        f.name: f
        for f in session.exec(select(WorkFormat).where(WorkFormat.organisation_id == org_id))
    }

    def pid(name: str) -> Any:
        return parties[name].id

    def participants(rows: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
        return [{"party_id": pid(name), "level": level} for name, level in rows]

    # --- agenda ---------------------------------------------------------------------------------
    items: list[AgendaItem] = []
    for title, description, phase, status, lead, parts, drv, horizon, progress, days in AGENDA:
        start = status if status in agenda_service.START else "in-progress"
        item = agenda_service.create(
            session=session,
            principal=principal,
            data={
                "title": title,
                "description": description,
                "horizon": horizon,
                "phase_id": phases[phase].id,
                "status": start,
                "lead_party_id": pid(lead),
                "ball_holder_id": None,
                "target_date": date.today() + timedelta(days=days) if days else None,
                "progress": progress,
                "driver_ids": [drivers[n - 1].id for n in drv],
                "question_ids": [],
                "participants": participants(parts),
                "visibility": Visibility.partners if progress >= 50 else Visibility.organisation,
            },
        )
        if status == "done":
            joint.change_status(
                session,
                principal,
                agenda_service.KIND,
                item,
                "done",
                "",
                agenda_service.TRANSITIONS,
            )
        elif status == "dropped":
            joint.change_status(
                session,
                principal,
                agenda_service.KIND,
                item,
                "dropped",
                "Geen ruimte in de begroting van 2027; volgend jaar opnieuw bekijken.",
                agenda_service.TRANSITIONS,
            )
        items.append(item)
    session.flush()

    for index, giver, receiver, status, note, reason in HANDOFFS:
        item = items[index]
        item.ball_holder_id = pid(giver)
        handoff = joint.hand_over(
            session, principal, SubjectKind.agenda_item, item, pid(receiver), note
        )
        if status != "pending":
            as_receiver = Principal(
                kind=principal.kind,
                id=principal.id,
                organisation_id=org_id,
                role=Role.member,
                party_id=pid(receiver),
                name=f"Demo ({receiver})",
            )
            joint.decide(session, as_receiver, item, handoff, HandoffStatus(status), reason)
    session.flush()

    # --- questions ------------------------------------------------------------------------------
    questions: list[Question] = []
    for index, (title, rationale, status, lead, parts, drv, agenda_indexes) in enumerate(QUESTIONS):
        question = Question(
            organisation_id=org_id,
            title=title,
            rationale=rationale,
            status=status,
            findings=FINDINGS.get(index, ""),
            lead_party_id=pid(lead),
            ball_holder_id=pid(lead),
            phase_id=phases["Samen doen"].id,
            visibility=Visibility.partners,
        )
        session.add(question)
        session.flush()
        joint.record_first_status(session, principal, SubjectKind.question, question)
        joint.set_participants(
            session, principal, SubjectKind.question, question.id, participants(parts)
        )
        joint.set_links(
            session,
            principal,
            LinkKind.question,
            question.id,
            LinkKind.driver,
            [drivers[n - 1].id for n in drv],
        )
        for agenda_index in agenda_indexes:
            joint.set_links(
                session,
                principal,
                LinkKind.agenda_item,
                items[agenda_index].id,
                LinkKind.question,
                [question.id],
            )
        questions.append(question)
    for index, party, kind, body in CONTRIBUTIONS:
        session.add(
            Contribution(
                organisation_id=org_id,
                question_id=questions[index].id,
                party_id=pid(party),
                kind=ContributionKind(kind),
                body=body,
                author_name=_first_person(session, org_id, pid(party)),
            )
        )

    # --- successes ------------------------------------------------------------------------------
    successes: list[Success] = []
    for (
        title,
        description,
        days_ago,
        evidence,
        names,
        agenda_ix,
        question_ix,
        drv,
        visibility,
        endorsers,
    ) in SUCCESSES:
        success = Success(
            organisation_id=org_id,
            title=title,
            description=description,
            achieved_on=date.today() - timedelta(days=days_ago),
            evidence=evidence,
            visibility=visibility,
        )
        session.add(success)
        session.flush()
        for kind, ids in (
            (LinkKind.party, [pid(n) for n in names]),
            (LinkKind.agenda_item, [items[i].id for i in agenda_ix]),
            (LinkKind.question, [questions[i].id for i in question_ix]),
            (LinkKind.driver, [drivers[n - 1].id for n in drv]),
        ):
            joint.set_links(session, principal, LinkKind.success, success.id, kind, ids)
        for name in endorsers:
            session.add(
                Endorsement(
                    organisation_id=org_id,
                    success_id=success.id,
                    party_id=pid(name),
                    endorsed_by=_first_person(session, org_id, pid(name)),
                    comment="Dit zien wij ook als ons succes.",
                )
            )
        successes.append(success)

    # --- meetings -------------------------------------------------------------------------------
    snapshot = session.exec(
        select(RoleMapSnapshot)
        .where(RoleMapSnapshot.organisation_id == org_id)
        .order_by(col(RoleMapSnapshot.created_at).desc())
    ).first()
    for (
        title,
        agenda,
        work_format,
        phase,
        days,
        hours,
        location,
        names,
        agenda_ix,
        success_ix,
        with_snapshot,
        notes,
        visibility,
    ) in MEETINGS:
        starts = _moment(days, 14)
        meeting = Meeting(
            organisation_id=org_id,
            title=title,
            agenda=agenda,
            location=location,
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            phase_id=phases[phase].id,
            work_format_id=formats[work_format].id,
            outcome_notes=notes,
            visibility=visibility,
        )
        session.add(meeting)
        session.flush()
        people = session.exec(
            select(Person.id).where(col(Person.party_id).in_([pid(n) for n in names]))
        ).all()
        for kind, ids in (
            (LinkKind.party, [pid(n) for n in names]),
            (LinkKind.person, list(people)),
            (LinkKind.agenda_item, [items[i].id for i in agenda_ix]),
            (LinkKind.success, [successes[i].id for i in success_ix]),
            (LinkKind.snapshot, [snapshot.id] if with_snapshot and snapshot else []),
        ):
            joint.set_links(session, principal, LinkKind.meeting, meeting.id, kind, ids)
    session.flush()

    # One item has lain still: neither changed nor its ball moved for 40 days.
    long_ago = utcnow() - timedelta(days=40)
    session.execute(
        update(AgendaItem)
        .where(col(AgendaItem.id) == items[STALLED].id)
        .values(
            updated_at=long_ago, ball_moved_at=long_ago, created_at=long_ago - timedelta(days=30)
        )
    )


def _first_person(session: Session, org_id: Any, party_id: Any) -> str:
    name = session.exec(
        select(Person.name).where(Person.organisation_id == org_id, Person.party_id == party_id)
    ).first()
    return name or ""
