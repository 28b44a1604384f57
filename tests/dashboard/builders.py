"""Records for the dashboard and report tests, written straight to the database (in bulk, with the
timestamps a test needs); what is under test is read over HTTP."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from kompas.agenda.models import AgendaItem, AgendaStatus
from kompas.compass.models import Driver, Phase, Purpose
from kompas.core.db import metadata
from kompas.core.visibility import Visibility
from kompas.experiences.models import Experience
from kompas.joint.models import (
    Handoff,
    HandoffStatus,
    Level,
    Link,
    LinkKind,
    Participation,
    StatusChange,
    SubjectKind,
)
from kompas.parties.models import Party
from kompas.questions.models import Question, QuestionStatus
from kompas.reflection.models import Answer, ReflectionRound, RoundParty, RoundStatus
from kompas.rolemaps.models import RoleMap, RoleMapParty, RoleMapSnapshot
from kompas.successes.models import Success
from tests.conftest import Tenant

# The wording (Dutch, English) of the statement the reports' tests look for; others are their key.
TEXTS = {"trust": ("Vertrouwen", "Trust")}


@dataclass
class World:
    """Adds records of one organisation; ``save`` writes what was added in one transaction."""

    tenant: Tenant
    pending: list[Any] = field(default_factory=list)

    @property
    def org(self) -> uuid.UUID:
        return self.tenant.id

    def _add(self, record: Any) -> Any:
        self.pending.append(record)
        return record

    def save(self) -> None:
        # Tables in the order their foreign keys need (the models declare no relationships).
        order = {table.name: n for n, table in enumerate(metadata.sorted_tables)}
        with Session(self.tenant.engine, expire_on_commit=False) as session:
            for record in sorted(self.pending, key=lambda r: order[r.__tablename__]):
                session.add(record)
                session.flush()
            session.commit()
        self.pending.clear()

    def phase(self, name: str, position: int = 0) -> Phase:
        return self._add(Phase(organisation_id=self.org, name=name, position=position))

    def purpose(self, statement: str) -> None:
        """Every organisation starts with an empty purpose: set its statement."""
        with Session(self.tenant.engine) as session:
            purpose = session.exec(select(Purpose).where(Purpose.organisation_id == self.org)).one()
            purpose.statement = statement
            session.commit()

    def driver(self, title: str, position: int = 0) -> Driver:
        return self._add(Driver(organisation_id=self.org, title=title, position=position))

    def agenda_item(
        self,
        title: str,
        lead: Party,
        status: AgendaStatus = AgendaStatus.planned,
        phase: Phase | None = None,
        visibility: Visibility = Visibility.organisation,
        ball: Party | None = None,
        moved: datetime | None = None,
    ) -> AgendaItem:
        extra = {"ball_moved_at": moved, "created_at": moved, "updated_at": moved} if moved else {}
        return self._add(
            AgendaItem(
                organisation_id=self.org,
                title=title,
                status=status,
                phase_id=phase.id if phase else None,
                lead_party_id=lead.id,
                ball_holder_id=(ball or lead).id,
                visibility=visibility,
                **extra,
            )
        )

    def question(
        self,
        title: str,
        lead: Party,
        status: QuestionStatus = QuestionStatus.open,
        moved: datetime | None = None,
        visibility: Visibility = Visibility.organisation,
    ) -> Question:
        extra = {"ball_moved_at": moved, "created_at": moved, "updated_at": moved} if moved else {}
        return self._add(
            Question(
                organisation_id=self.org,
                title=title,
                status=status,
                lead_party_id=lead.id,
                ball_holder_id=lead.id,
                visibility=visibility,
                **extra,
            )
        )

    def participation(self, subject: AgendaItem | Question, party: Party, level: Level) -> None:
        kind = SubjectKind.agenda_item if isinstance(subject, AgendaItem) else SubjectKind.question
        self._add(
            Participation(
                subject_id=subject.id,
                party_id=party.id,
                subject_kind=kind,
                level=level,
                organisation_id=self.org,
            )
        )

    def handoff(
        self,
        subject: AgendaItem | Question,
        to: Party,
        status: HandoffStatus = HandoffStatus.pending,
        decided_at: datetime | None = None,
    ) -> Handoff:
        kind = SubjectKind.agenda_item if isinstance(subject, AgendaItem) else SubjectKind.question
        return self._add(
            Handoff(
                organisation_id=self.org,
                subject_kind=kind,
                subject_id=subject.id,
                from_party_id=subject.ball_holder_id,
                to_party_id=to.id,
                status=status,
                decided_at=decided_at,
                decided_by="Test" if decided_at else "",
            )
        )

    def status_change(
        self, subject: AgendaItem, from_status: str | None, to_status: str, at: datetime
    ) -> None:
        self._add(
            StatusChange(
                organisation_id=self.org,
                subject_kind=SubjectKind.agenda_item,
                subject_id=subject.id,
                from_status=from_status,
                to_status=to_status,
                changed_at=at,
                changed_by="Test",
            )
        )

    def role_map(self, title: str, *parties: Party) -> RoleMap:
        role_map = self._add(RoleMap(organisation_id=self.org, title=title))
        for party in parties:
            self._add(
                RoleMapParty(role_map_id=role_map.id, party_id=party.id, organisation_id=self.org)
            )
        return role_map

    def snapshot(
        self, role_map: RoleMap, label: str, clarity: float, findings: dict[str, int], at: datetime
    ) -> RoleMapSnapshot:
        return self._add(
            RoleMapSnapshot(
                organisation_id=self.org,
                role_map_id=role_map.id,
                label=label,
                clarity=clarity,
                state={},
                analysis={"tasks": [], "summary": {"counts": findings, "clarity": clarity}},
                created_at=at,
                updated_at=at,
            )
        )

    def success(
        self,
        title: str,
        achieved_on: date,
        visibility: Visibility = Visibility.organisation,
        parties: tuple[Party, ...] = (),
    ) -> Success:
        success = self._add(
            Success(
                organisation_id=self.org,
                title=title,
                achieved_on=achieved_on,
                visibility=visibility,
            )
        )
        for party in parties:
            self._add(
                Link(
                    organisation_id=self.org,
                    source_kind=LinkKind.success,
                    source_id=success.id,
                    target_kind=LinkKind.party,
                    target_id=party.id,
                )
            )
        return success

    def reflection_round(
        self,
        title: str,
        closes_on: date,
        ratings: list[tuple[Party, list[int]]],
        keys: tuple[str, ...] = ("trust",),
    ) -> ReflectionRound:
        """A closed round of the statements ``keys`` (`trust` alone by default), with the ratings
        of each invited party: a person's rating of the n-th statement is theirs minus n, at
        least 1, so that the statements differ."""
        round_ = self._add(
            ReflectionRound(
                organisation_id=self.org,
                title=title,
                opens_on=closes_on.replace(day=1),
                closes_on=closes_on,
                status=RoundStatus.closed,
                statements=[
                    {"key": key, "textNl": nl, "textEn": en}
                    for key in keys
                    for nl, en in [TEXTS.get(key, (key, key))]
                ],
            )
        )
        for party, values in ratings:
            self._add(RoundParty(round_id=round_.id, party_id=party.id))
            for value in values:
                self._add(
                    Answer(
                        round_id=round_.id,
                        party_id=party.id,
                        ratings={key: max(1, value - n) for n, key in enumerate(keys)},
                    )
                )
        return round_

    def experience(self, title: str, visibility: Visibility = Visibility.organisation) -> None:
        self._add(
            Experience(
                organisation_id=self.org,
                title=title,
                author_id=uuid.uuid4(),
                author_name="Auteur",
                visibility=visibility,
            )
        )
