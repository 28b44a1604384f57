"""The behaviour of reflection rounds: running them, answering anonymously, and showing results
and trends without ever revealing a group smaller than k (docs/reflection-anonymity.md)."""

from __future__ import annotations

import secrets
import threading
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy import Table, and_, delete, exists, func, insert, or_
from sqlalchemy import select as sql_select
from sqlalchemy import update as sql_update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from kompas.core.db import today, utcnow
from kompas.core.errors import Conflict, Forbidden, InvalidParam, NotFound
from kompas.core.listing import Filter, ListQuery, ListSpec, paginate
from kompas.core.principal import EDITORS, Principal, PrincipalKind, Role
from kompas.core.tenancy import apply_changes, scoped
from kompas.joint import service as joint
from kompas.parties import service as party_service
from kompas.parties.models import Party
from kompas.reflection import auth
from kompas.reflection.models import Answer, ReflectionRound, Respondent, RoundParty, RoundStatus
from kompas.users.models import User

TOO_FEW = "too-few-answers"
PROTECTS = "protects-another-group"
# A cryptographic source: the order of stored rows and of open answers must not be predictable.
_random = secrets.SystemRandom()

DEFAULT_STATEMENTS: tuple[dict[str, str], ...] = (
    {
        "key": "trust",
        "textNl": "Ik vertrouw erop dat de andere partijen doen wat ze toezeggen.",
        "textEn": "I trust the other parties to do what they promise.",
    },
    {
        "key": "role-clarity",
        "textNl": "Het is duidelijk wie welke rol en welke taken heeft.",
        "textEn": "It is clear who has which role and which tasks.",
    },
    {
        "key": "shared-purpose",
        "textNl": "We werken vanuit een gedeelde bedoeling.",
        "textEn": "We work from a shared purpose.",
    },
    {
        "key": "information-sharing",
        "textNl": "Informatie wordt op tijd en open met elkaar gedeeld.",
        "textEn": "Information is shared openly and in time.",
    },
    {
        "key": "partner-involvement",
        "textNl": "Externe partners zijn goed betrokken bij het werk.",
        "textEn": "External partners are well involved in the work.",
    },
    {
        "key": "progress",
        "textNl": "We boeken zichtbaar voortgang met elkaar.",
        "textEn": "Together we are making visible progress.",
    },
)
DEFAULT_QUESTIONS: tuple[dict[str, str], ...] = (
    {
        "key": "going-well",
        "textNl": "Wat gaat goed in de samenwerking?",
        "textEn": "What goes well in working together?",
    },
    {
        "key": "could-be-better",
        "textNl": "Wat kan beter, en wat is daarvoor nodig?",
        "textEn": "What could be better, and what would that take?",
    },
)


# --- the state of a round ----------------------------------------------------------------------


def status_of(round_: ReflectionRound) -> RoundStatus:
    """The status as people see it: an open round is closed once its last day has passed."""
    if round_.status is RoundStatus.open and round_.closes_on < today():
        return RoundStatus.closed
    return round_.status


def results_released(round_: ReflectionRound) -> bool:
    return status_of(round_) is RoundStatus.closed or round_.released_at is not None


def accepts_answers(round_: ReflectionRound) -> bool:
    return (
        status_of(round_) is RoundStatus.open
        and round_.opens_on <= today()
        and round_.released_at is None
    )


def _closed_sql() -> Any:
    return or_(
        col(ReflectionRound.status) == RoundStatus.closed,
        and_(
            col(ReflectionRound.status) == RoundStatus.open,
            col(ReflectionRound.closes_on) < today(),
        ),
    )


def _status_sql(status: RoundStatus) -> Any:
    if status is RoundStatus.closed:
        return _closed_sql()
    if status is RoundStatus.open:
        return and_(
            col(ReflectionRound.status) == RoundStatus.open,
            col(ReflectionRound.closes_on) >= today(),
        )
    return col(ReflectionRound.status) == RoundStatus.draft


def _released_sql() -> Any:
    return or_(_closed_sql(), col(ReflectionRound.released_at).is_not(None))


def _invites(party_id: uuid.UUID | None) -> Any:
    return exists().where(
        col(RoundParty.round_id) == ReflectionRound.id, col(RoundParty.party_id) == party_id
    )


ROUNDS = ListSpec(
    name="reflection-rounds",
    id_column=ReflectionRound.id,
    sortable={
        "opensOn": ReflectionRound.opens_on,
        "closesOn": ReflectionRound.closes_on,
        "title": ReflectionRound.title,
        "createdAt": ReflectionRound.created_at,
        "updatedAt": ReflectionRound.updated_at,
    },
    default_sort="-opensOn",
    filters={
        "status": Filter(
            None,
            RoundStatus,
            "`closed` includes open rounds whose last day has passed.",
            where=_status_sql,
        ),
        "partyId": Filter(None, uuid.UUID, "Rounds that invite this party.", where=_invites),
    },
    searchable=(ReflectionRound.title,),
)


# --- who may see -------------------------------------------------------------------------------


def visible_to(statement: Any, principal: Principal) -> Any:
    """Coordinators and admins see every round; staff every round but drafts; a partner the
    rounds its party is invited to, but drafts."""
    if principal.role in EDITORS:
        return statement
    statement = statement.where(col(ReflectionRound.status) != RoundStatus.draft)
    if principal.role is Role.partner:
        statement = statement.where(_invites(principal.party_id))
    return statement


def get_all(
    *, session: Session, principal: Principal, query: ListQuery
) -> tuple[list[dict[str, Any]], str | None]:
    """A page of the rounds the caller may see, each as a summary (``as_summary``)."""
    statement = visible_to(scoped(ReflectionRound, principal), principal)
    items, cursor = paginate(session, statement, ROUNDS, query)
    return as_summary(session, principal, items), cursor


def get(*, session: Session, principal: Principal, round_id: uuid.UUID) -> ReflectionRound:
    """A round the caller may see; 404 otherwise."""
    round_ = session.exec(
        visible_to(scoped(ReflectionRound, principal), principal).where(
            ReflectionRound.id == round_id
        )
    ).first()
    if round_ is None:
        raise NotFound(f"There is no reflection round with id {round_id}.")
    return round_


def _party_ids(session: Session, round_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Any]]:
    parties: dict[uuid.UUID, list[Any]] = {round_id: [] for round_id in round_ids}
    if round_ids:
        rows = session.exec(
            select(RoundParty.round_id, RoundParty.party_id)
            .join(Party, col(Party.id) == RoundParty.party_id)
            .where(col(RoundParty.round_id).in_(round_ids))
            .order_by(col(Party.name), col(Party.id))
        ).all()
        for round_id, party_id in rows:
            parties[round_id].append(party_id)
    return parties


def _active_users(
    session: Session, principal: Principal, party_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, int]:
    """Active users per party: who is invited to answer."""
    party_ids = set(party_ids)
    if not party_ids:
        return {}
    return dict(
        session.exec(
            select(User.party_id, func.count())
            .where(
                User.organisation_id == principal.organisation_id,
                col(User.is_active),
                col(User.party_id).in_(party_ids),
            )
            .group_by(col(User.party_id))
        ).all()  # type: ignore[arg-type]
    )


def _answered_by_caller(
    session: Session, principal: Principal, round_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    """The rounds among ``round_ids`` the caller answered (a token answers none)."""
    if not round_ids or principal.kind is not PrincipalKind.user:
        return set()
    return set(
        session.exec(
            select(Respondent.round_id).where(
                Respondent.user_id == principal.id, col(Respondent.round_id).in_(round_ids)
            )
        ).all()
    )


def _summary(
    round_: ReflectionRound,
    principal: Principal,
    party_ids: Sequence[uuid.UUID],
    answered_by_caller: set[uuid.UUID],
) -> dict[str, Any]:
    """What a list shows of a round: its period and status, and the caller's part in it."""
    is_invited = principal.kind is PrincipalKind.user and principal.party_id in party_ids
    has_answered = round_.id in answered_by_caller
    return {
        "id": round_.id,
        "created_at": round_.created_at,
        "updated_at": round_.updated_at,
        "title": round_.title,
        "opens_on": round_.opens_on,
        "closes_on": round_.closes_on,
        "status": status_of(round_),
        "released_at": round_.released_at,
        "results_released": results_released(round_),
        "invited": is_invited,
        "answered": has_answered,
        "may_answer": is_invited and not has_answered and accepts_answers(round_),
        "party_count": len(party_ids),
        "statement_count": len(round_.statements),
        "question_count": len(round_.questions),
    }


def as_summary(
    session: Session, principal: Principal, rounds: Sequence[ReflectionRound]
) -> list[dict[str, Any]]:
    """Rounds as a list shows them, in four queries whatever the page size: the caller's part
    and the response rate as two totals (answers are counted per round only, from the index on
    their round; the per-party figures and their suppression are the round's own read)."""
    ids = [round_.id for round_ in rounds]
    parties: dict[uuid.UUID, list[uuid.UUID]] = {round_id: [] for round_id in ids}
    answered: dict[uuid.UUID, int] = {}
    if ids:
        for round_id, party_id in session.exec(
            select(RoundParty.round_id, RoundParty.party_id).where(
                col(RoundParty.round_id).in_(ids)
            )
        ).all():
            parties[round_id].append(party_id)
        answered = dict(
            session.exec(
                select(Answer.round_id, func.count())
                .where(col(Answer.round_id).in_(ids))
                .group_by(col(Answer.round_id))
            ).all()
        )
    invited = _active_users(session, principal, (p for ps in parties.values() for p in ps))
    mine = _answered_by_caller(session, principal, ids)
    return [
        {
            **_summary(round_, principal, parties[round_.id], mine),
            "response_rate": {
                "invited": sum(invited.get(party_id, 0) for party_id in parties[round_.id]),
                "answered": answered.get(round_.id, 0),
            },
        }
        for round_ in rounds
    ]


def as_read(
    session: Session, principal: Principal, rounds: Sequence[ReflectionRound], *, min_group: int
) -> list[dict[str, Any]]:
    """Rounds in full: their parties, statements and questions, the caller's part and the
    response rate per party, in four queries."""
    ids = [round_.id for round_ in rounds]
    parties = _party_ids(session, ids)
    invited = _active_users(session, principal, (p for ps in parties.values() for p in ps))
    answered: dict[tuple[uuid.UUID, uuid.UUID], int] = {}
    if ids:
        answered = {
            (round_id, party_id): count
            for round_id, party_id, count in session.exec(
                select(Answer.round_id, Answer.party_id, func.count())
                .where(col(Answer.round_id).in_(ids))
                .group_by(col(Answer.round_id), col(Answer.party_id))
            ).all()
        }
    mine = _answered_by_caller(session, principal, ids)
    reads = []
    for round_ in rounds:
        party_ids = parties[round_.id]
        counts = {p: (invited.get(p, 0), answered.get((round_.id, p), 0)) for p in party_ids}
        reads.append(
            {
                **_summary(round_, principal, party_ids, mine),
                "party_ids": party_ids,
                "statements": round_.statements,
                "questions": round_.questions,
                "response_rate": response_rate(counts, min_group),
                "min_group": min_group,
            }
        )
    return reads


# --- suppression -------------------------------------------------------------------------------

GroupT = TypeVar("GroupT", bound=Hashable)


def suppress(
    counts: Mapping[GroupT, Sequence[int]],
    min_group: int,
    primary: Callable[[Sequence[int]], bool],
) -> dict[GroupT, str | None]:
    """Which groups to hide, and why: those ``primary`` finds too small, and then, while the
    hidden groups together hold between 1 and k-1 in any measure (the total minus the shown
    groups would reveal them), the smallest shown group too. The shown groups are None."""
    reasons: dict[GroupT, str | None] = {
        group: TOO_FEW if primary(values) else None for group, values in counts.items()
    }
    dimensions = len(next(iter(counts.values()), ()))
    while True:
        shown = [group for group, reason in reasons.items() if reason is None]
        for dimension in range(dimensions):
            hidden = sum(
                values[dimension] for group, values in counts.items() if reasons[group] is not None
            )
            if shown and 0 < hidden < min_group:
                smallest = min(shown, key=lambda group: (counts[group][dimension], str(group)))
                reasons[smallest] = PROTECTS
                break
        else:
            return reasons


def response_rate(counts: Mapping[uuid.UUID, tuple[int, int]], min_group: int) -> dict[str, Any]:
    """Invited and answered, overall and per party (``counts``: party → (invited, answered)).

    A party's count is hidden where it would show that fewer than k of it answered, or that
    between 1 and k-1 did not: either would point at people."""
    measures = {
        party: (answered, invited - answered) for party, (invited, answered) in counts.items()
    }
    reasons = suppress(
        measures,
        min_group,
        lambda values: values[0] < min_group or 0 < values[1] < min_group,
    )
    return {
        "invited": sum(invited for invited, _ in counts.values()),
        "answered": sum(answered for _, answered in counts.values()),
        "parties": [
            {
                "party_id": party,
                "invited": invited,
                "answered": None if reasons[party] else answered,
                "suppressed": reasons[party] is not None,
                "reason": reasons[party],
            }
            for party, (invited, answered) in counts.items()
        ],
    }


def _figures(
    statements: Sequence[dict[str, Any]], answers: Sequence[Answer]
) -> list[dict[str, Any]]:
    figures = []
    for statement in statements:
        ratings = [
            answer.ratings[statement["key"]]
            for answer in answers
            if statement["key"] in answer.ratings
        ]
        distribution = [ratings.count(value) for value in range(1, 6)]
        figures.append(
            {
                "key": statement["key"],
                "text_nl": statement["textNl"],
                "text_en": statement["textEn"],
                "distribution": distribution,
                "mean": round(sum(ratings) / len(ratings), 2) if ratings else 0.0,
            }
        )
    return figures


def _group(
    party_id: uuid.UUID | None,
    answers: Sequence[Answer],
    reason: str | None,
    statements: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "party_id": party_id,
        "answered": None if reason else len(answers),
        "suppressed": reason is not None,
        "reason": reason,
        "statements": [] if reason else _figures(statements, answers),
    }


def _overall_reason(answered: int, min_group: int) -> str | None:
    """Everyone together is hidden below k; no other group stands beside it to protect."""
    return TOO_FEW if answered < min_group else None


def tally(
    round_: ReflectionRound,
    party_ids: Sequence[uuid.UUID],
    answers: Sequence[Answer],
    *,
    min_group: int,
    with_open_answers: bool = True,
) -> dict[str, Any]:
    """The results of a round: overall and per party, each group below k suppressed, and
    another beside it where the total would give it away; open answers only overall, from 2k."""
    by_party: dict[uuid.UUID, list[Answer]] = defaultdict(list)
    for answer in answers:
        by_party[answer.party_id].append(answer)
    reasons = suppress(
        {party: (len(by_party[party]),) for party in party_ids},
        min_group,
        lambda values: values[0] < min_group,
    )
    overall_reason = _overall_reason(len(answers), min_group)
    result: dict[str, Any] = {
        "round_id": round_.id,
        "min_group": min_group,
        "overall": _group(None, answers, overall_reason, round_.statements),
        "parties": [
            _group(party, by_party[party], reasons[party], round_.statements) for party in party_ids
        ],
    }
    if with_open_answers:
        result["open_answers"] = _open_answers(round_, answers, min_group)
    return result


def _open_answers(
    round_: ReflectionRound, answers: Sequence[Answer], min_group: int
) -> dict[str, Any]:
    if len(answers) < 2 * min_group:
        return {"suppressed": True, "reason": TOO_FEW, "questions": []}
    questions = []
    for question in round_.questions:
        texts = [
            answer.open_answers[question["key"]]
            for answer in answers
            if question["key"] in answer.open_answers
        ]
        _random.shuffle(texts)
        questions.append(
            {
                "key": question["key"],
                "text_nl": question["textNl"],
                "text_en": question["textEn"],
                "answers": texts,
            }
        )
    return {"suppressed": False, "reason": None, "questions": questions}


def results(
    *, session: Session, principal: Principal, round_: ReflectionRound, min_group: int
) -> dict[str, Any]:
    """The released results of a round (409 before the close or an early release)."""
    if not results_released(round_):
        raise Conflict(
            "The results are shown once the round has closed (or a coordinator released them "
            "early); answers are still coming in.",
            extra={"code": "results-not-released"},
        )
    party_ids = _party_ids(session, [round_.id])[round_.id]
    answers = session.exec(select(Answer).where(Answer.round_id == round_.id)).all()
    return tally(round_, party_ids, answers, min_group=min_group)


# --- trends ------------------------------------------------------------------------------------


def _released_rounds(session: Session, principal: Principal) -> Sequence[ReflectionRound]:
    """The rounds with released results the caller may see, oldest first; one query."""
    return session.exec(
        visible_to(scoped(ReflectionRound, principal), principal)
        .where(_released_sql())
        .order_by(
            col(ReflectionRound.closes_on), col(ReflectionRound.created_at), col(ReflectionRound.id)
        )
    ).all()


# Released rounds take no more answers (``accepts_answers``): their totals are final, and are kept
# per process by (round id, version), so the dashboard sums each round's answers once instead of
# on every request (200,000 answers at the size of a large municipality: 0.5-1.5 s). The round's
# version moves with any change to it (a reopened or extended round is summed again).
_FINAL_TOTALS: OrderedDict[tuple[uuid.UUID, int], tuple[int, dict[str, int]]] = OrderedDict()
_FINAL_TOTALS_KEPT = 4096
_FINAL_TOTALS_LOCK = threading.Lock()


def forget_final_totals() -> None:
    """Forget the kept totals (the tests measure a first request; a restore starts a new process
    anyway)."""
    with _FINAL_TOTALS_LOCK:
        _FINAL_TOTALS.clear()


def _totals_are_final(round_: ReflectionRound) -> bool:
    """Released by hand (under the round's lock, which every answer takes too), or closed by
    its date more than a day ago: an answer checked on the last day has committed by then."""
    if round_.released_at is not None:
        return True
    return round_.status is RoundStatus.closed or round_.closes_on < today() - timedelta(days=1)


def _keep_final(round_: ReflectionRound, figures: tuple[int, dict[str, int]]) -> None:
    with _FINAL_TOTALS_LOCK:
        _FINAL_TOTALS[(round_.id, round_.version)] = figures
        while len(_FINAL_TOTALS) > _FINAL_TOTALS_KEPT:
            _FINAL_TOTALS.popitem(last=False)


def _overall_groups(
    session: Session, rounds: Sequence[ReflectionRound], *, min_group: int
) -> list[dict[str, Any]]:
    """Everyone together in each round, as ``tally`` shows it but with means only: the database
    counts the answers and sums each statement's ratings, so no answer is loaded (a large
    municipality has hundreds of thousands). One query, one column per statement key.

    Every answer rates every statement of its round (``_check_answer``), and the statements are
    fixed before the first answer (a draft takes none), so a statement's number of ratings is the
    round's number of answers: counting them too would read each answer's JSON twice as often."""
    keys = list(
        dict.fromkeys(statement["key"] for round_ in rounds for statement in round_.statements)
    )
    totals: dict[uuid.UUID, tuple[int, dict[str, int]]] = {}
    for round_ in rounds:
        kept = _FINAL_TOTALS.get((round_.id, round_.version))
        if kept is not None:
            totals[round_.id] = kept
    missing = [round_ for round_ in rounds if round_.id not in totals]
    if missing:
        figures = [func.sum(col(Answer.ratings)[key].as_integer()) for key in keys]
        # SQLAlchemy's own select: sqlmodel's is typed for up to four columns.
        statement: Any = (
            sql_select(col(Answer.round_id), func.count(), *figures)
            .where(col(Answer.round_id).in_([round_.id for round_ in missing]))
            .group_by(col(Answer.round_id))
        )
        for round_id, answered, *sums in session.exec(statement).all():
            totals[round_id] = (answered, dict(zip(keys, sums, strict=True)))
        for round_ in missing:
            if _totals_are_final(round_):
                _keep_final(round_, totals.get(round_.id, (0, {})))
    groups = []
    for round_ in rounds:
        answered, per_key = totals.get(round_.id, (0, {}))
        reason = _overall_reason(answered, min_group)
        means = []
        for item in round_.statements if reason is None else []:
            # The same arithmetic as ``_figures``: the mean of the integer ratings, to 2 places.
            total = per_key.get(item["key"]) or 0
            means.append(
                {"key": item["key"], "mean": round(total / answered, 2) if answered else 0.0}
            )
        groups.append(
            {
                "party_id": None,
                "answered": None if reason else answered,
                "suppressed": reason is not None,
                "reason": reason,
                "statements": means,
            }
        )
    return groups


def trends(
    *,
    session: Session,
    principal: Principal,
    min_group: int,
    party_id: uuid.UUID | None = None,
    overall_only: bool = False,
) -> dict[str, Any]:
    """Every statement key across the rounds with released results, oldest first: the mean and
    its change per round, overall and per party, under the rules of the results. Three queries."""
    rounds = _released_rounds(session, principal)
    ids = [round_.id for round_ in rounds]
    parties = _party_ids(session, ids)
    answers_of: dict[uuid.UUID, list[Answer]] = {round_id: [] for round_id in ids}
    if ids:
        for answer in session.exec(select(Answer).where(col(Answer.round_id).in_(ids))).all():
            answers_of[answer.round_id].append(answer)
    tallies = [
        tally(
            round_,
            parties[round_.id],
            answers_of[round_.id],
            min_group=min_group,
            with_open_answers=False,
        )
        for round_ in rounds
    ]
    if overall_only:
        keys: list[uuid.UUID | None] = [None]
    elif party_id is not None:
        keys = [None, party_id]
    else:
        seen: dict[uuid.UUID, None] = {}
        for round_ in rounds:
            seen.update(dict.fromkeys(parties[round_.id]))
        keys = [None, *seen]
    return {
        "min_group": min_group,
        "groups": [{"party_id": key, "statements": _series(rounds, tallies, key)} for key in keys],
    }


def _series(
    rounds: Sequence[ReflectionRound], tallies: Sequence[dict[str, Any]], party_id: uuid.UUID | None
) -> list[dict[str, Any]]:
    texts: dict[str, dict[str, Any]] = {}
    points: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for round_, result in zip(rounds, tallies, strict=True):
        if party_id is None:
            group = result["overall"]
        else:
            group = next((g for g in result["parties"] if g["party_id"] == party_id), None)
            if group is None:  # the party was not invited to this round
                continue
        figures = {figure["key"]: figure for figure in group["statements"]}
        for statement in round_.statements:
            key = statement["key"]
            texts[key] = statement  # the latest wording
            figure = figures.get(key)
            previous = points[key][-1] if points[key] else None
            mean = figure["mean"] if figure else None
            change = (
                round(mean - previous["mean"], 2)
                if mean is not None and previous is not None and previous["mean"] is not None
                else None
            )
            points[key].append(
                {
                    "round_id": round_.id,
                    "title": round_.title,
                    "closes_on": round_.closes_on,
                    "answered": group["answered"],
                    "mean": mean,
                    "change": change,
                    "suppressed": group["suppressed"],
                    "reason": group["reason"],
                }
            )
    return [
        {
            "key": key,
            "text_nl": texts[key]["textNl"],
            "text_en": texts[key]["textEn"],
            "points": series,
        }
        for key, series in points.items()
    ]


def trend_summary(
    session: Session, principal: Principal, *, min_group: int
) -> list[dict[str, Any]]:
    """For the dashboard: per statement key, everyone together, the mean and change per round
    with released results (oldest first; suppressed points have no figures). Two queries, and
    no answer is loaded: only everyone together is shown, so sums and counts suffice."""
    rounds = _released_rounds(session, principal)
    groups = _overall_groups(session, rounds, min_group=min_group)
    return _series(rounds, [{"overall": group} for group in groups], None)


# --- running a round ---------------------------------------------------------------------------


def _items(items: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            "key": item["key"],
            "textNl": item["text_nl"],
            "textEn": item.get("text_en") or item["text_nl"],
        }
        for item in items
    ]


def _check(
    session: Session, principal: Principal, data: dict[str, Any], round_: ReflectionRound | None
) -> None:
    problems: list[InvalidParam] = []
    if data.get("party_ids"):
        problems += joint.check_ids(
            session, principal, Party, "partyIds", data["party_ids"], "party"
        )
    for field in ("statements", "questions"):
        seen: set[str] = set()
        for index, item in enumerate(data.get(field) or ()):
            if item["key"] in seen:
                problems.append(
                    InvalidParam(
                        name=f"{field}.{index}.key", reason="Used twice.", code="duplicate"
                    )
                )
            seen.add(item["key"])
    opens_on = data.get("opens_on", round_.opens_on if round_ else None)
    closes_on = data.get("closes_on", round_.closes_on if round_ else None)
    if opens_on and closes_on and closes_on < opens_on:
        problems.append(
            InvalidParam(
                name="closesOn", reason="Must not be before opensOn.", code="before-opening"
            )
        )
    joint.raise_if(problems, "The round is not valid.")


def _set_parties(session: Session, round_: ReflectionRound, party_ids: Sequence[uuid.UUID]) -> None:
    session.execute(delete(RoundParty).where(col(RoundParty.round_id) == round_.id))
    session.add_all(RoundParty(round_id=round_.id, party_id=party_id) for party_id in party_ids)


def create(*, session: Session, principal: Principal, data: dict[str, Any]) -> ReflectionRound:
    """A draft round; the default statements and questions where none are given."""
    auth.CREATE.check_create(principal, data)
    _check(session, principal, data, None)
    statements = (
        _items(data["statements"]) if data["statements"] is not None else list(DEFAULT_STATEMENTS)
    )
    questions = (
        _items(data["questions"]) if data["questions"] is not None else list(DEFAULT_QUESTIONS)
    )
    round_ = ReflectionRound(
        organisation_id=principal.organisation_id,
        title=data["title"],
        opens_on=data["opens_on"],
        closes_on=data["closes_on"],
        statements=[dict(item) for item in statements],
        questions=[dict(item) for item in questions],
    )
    session.add(round_)
    session.flush()
    _set_parties(session, round_, data["party_ids"])
    session.flush()
    return round_


_DRAFT_ONLY = ("opens_on", "party_ids", "statements", "questions")


def update(
    *, session: Session, principal: Principal, round_: ReflectionRound, changes: dict[str, Any]
) -> ReflectionRound:
    """Change a round: its content only as a draft; open a draft; close an open round."""
    auth.UPDATE.check_update(principal, changes, dict)
    current = status_of(round_)
    for field in ("statements", "questions"):
        if field in changes:
            changes[field] = _items(changes[field])
    party_ids = changes.pop("party_ids", None)
    if party_ids is not None and set(party_ids) == set(_party_ids(session, [round_.id])[round_.id]):
        party_ids = None
    changes = {field: value for field, value in changes.items() if getattr(round_, field) != value}
    if changes.get("status") == current:
        changes.pop("status")
    if current is not RoundStatus.draft:
        locked = [f for f in _DRAFT_ONLY if f in changes] + (["party_ids"] if party_ids else [])
        if current is RoundStatus.closed and "closes_on" in changes:
            locked.append("closes_on")
        if locked:
            names = ", ".join(_camel(field) for field in locked)
            raise Conflict(
                f"The round is {current.value}: {names} can only change while it is a draft."
            )
    status = changes.get("status")
    if status is RoundStatus.closed and current is RoundStatus.draft:
        raise Conflict("A draft round is not open; open it first, or delete it.")
    if status is RoundStatus.open and current is RoundStatus.closed:
        raise Conflict("A closed round cannot be opened again; start a new round.")
    _check(session, principal, {**changes, "party_ids": party_ids}, round_)
    closes_on = changes.get("closes_on", round_.closes_on)
    if (status is RoundStatus.open or current is RoundStatus.open) and closes_on < today():
        raise Conflict(
            "closesOn has passed: an open round needs a last day from today on.",
            invalid_params=[
                InvalidParam(name="closesOn", reason="In the past.", code="in-the-past")
            ],
        )
    apply_changes(round_, changes)
    if party_ids is not None:
        _set_parties(session, round_, party_ids)
        round_.updated_at = utcnow()  # who is invited is part of the round
    session.flush()
    return round_


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def release(
    *, session: Session, principal: Principal, round_: ReflectionRound, min_group: int
) -> ReflectionRound:
    """Release the results of an open round before its close: answers end with it, so the
    figures never move afterwards. Only once at least k answered."""
    if principal.role not in EDITORS:
        raise Forbidden("Only coordinators and admins release the results of a round.")
    if results_released(round_):
        raise Conflict("The results of this round are already released.")
    if status_of(round_) is not RoundStatus.open:
        raise Conflict("A draft round has no answers to release.")
    answered = session.exec(
        select(func.count()).select_from(Answer).where(Answer.round_id == round_.id)
    ).one()
    if answered < min_group:
        raise Conflict(
            f"Results can be released early only once at least {min_group} people answered."
        )
    round_.released_at = utcnow()
    session.flush()
    return round_


def delete_round(*, session: Session, principal: Principal, round_: ReflectionRound) -> None:
    """Delete a draft round (one with answers stays: its results are part of the trends)."""
    if round_.status is not RoundStatus.draft:
        raise Conflict("Only a draft round can be deleted; this one has been opened.")
    session.delete(round_)
    session.flush()


# --- answering ---------------------------------------------------------------------------------


def _check_answer(
    round_: ReflectionRound,
    ratings: Sequence[dict[str, Any]],
    open_answers: Sequence[dict[str, Any]],
) -> tuple[dict[str, int], dict[str, str]]:
    problems: list[InvalidParam] = []
    statement_keys = [statement["key"] for statement in round_.statements]
    given: dict[str, int] = {}
    for index, rating in enumerate(ratings):
        key = rating["statement_key"]
        if key not in statement_keys:
            problems.append(
                InvalidParam(
                    name=f"ratings.{index}.statementKey",
                    reason="Not a statement of this round.",
                    code="unknown-statement",
                )
            )
        elif key in given:
            problems.append(
                InvalidParam(
                    name=f"ratings.{index}.statementKey", reason="Rated twice.", code="duplicate"
                )
            )
        given[key] = rating["rating"]
    missing = [key for key in statement_keys if key not in given]
    if missing:
        problems.append(
            InvalidParam(
                name="ratings",
                reason=f"Every statement needs a rating; missing: {', '.join(missing)}.",
                code="missing-rating",
            )
        )
    question_keys = [question["key"] for question in round_.questions]
    texts: dict[str, str] = {}
    for index, open_answer in enumerate(open_answers):
        key = open_answer["question_key"]
        if key not in question_keys:
            problems.append(
                InvalidParam(
                    name=f"openAnswers.{index}.questionKey",
                    reason="Not a question of this round.",
                    code="unknown-question",
                )
            )
        elif key in texts:
            problems.append(
                InvalidParam(
                    name=f"openAnswers.{index}.questionKey",
                    reason="Answered twice.",
                    code="duplicate",
                )
            )
        texts[key] = open_answer["text"].strip()
    joint.raise_if(problems, "The answer is not complete or not valid; nothing was stored.")
    return given, {key: text for key, text in texts.items() if text}


def _refuse_unless_open(round_: ReflectionRound) -> None:
    status = status_of(round_)
    if status is RoundStatus.draft:
        raise Conflict("The round is not open yet.")
    if status is RoundStatus.closed:
        raise Conflict("The round has closed; answers are no longer taken.")
    if round_.released_at is not None:
        raise Conflict("The results of this round were released; answers are no longer taken.")
    if round_.opens_on > today():
        raise Conflict(f"The round opens on {round_.opens_on.isoformat()}.")


def answer(
    *,
    session: Session,
    principal: Principal,
    round_: ReflectionRound,
    ratings: Sequence[dict[str, Any]],
    open_answers: Sequence[dict[str, Any]],
) -> None:
    """Store an answer so that nobody, with the database in hand, can tell whose it is: who
    answered and what was answered go to two tables that share only the round, without
    timestamps, and every row of the round in both is written again in a random order, so the
    physical order (heap, rowid) and PostgreSQL's xmin are the same for all of them."""
    if principal.kind is not PrincipalKind.user:
        raise Forbidden("Only people answer a reflection round, not an API token.")
    invited = session.exec(
        select(RoundParty.party_id).where(
            RoundParty.round_id == round_.id, RoundParty.party_id == principal.party_id
        )
    ).first()
    if invited is None:
        raise Forbidden("Only users of the parties invited to this round answer it.")
    _refuse_unless_open(round_)
    given, texts = _check_answer(round_, ratings, open_answers)
    # One answer at a time per round: the rewrite below reads and replaces all of its rows. The
    # lock is an UPDATE that changes nothing, returning the round as it is now (it may have
    # closed since it was read).
    rounds: Table = ReflectionRound.__table__  # type: ignore[attr-defined]
    now = session.execute(
        sql_update(rounds)
        .where(rounds.c.id == round_.id)
        .values(version=rounds.c.version, updated_at=rounds.c.updated_at)
        .returning(rounds.c.status, rounds.c.opens_on, rounds.c.closes_on, rounds.c.released_at)
    ).one()
    for name, value in now._mapping.items():
        set_committed_value(round_, name, value)
    _refuse_unless_open(round_)
    respondents = [
        {"round_id": round_.id, "user_id": user_id}
        for user_id in session.exec(
            select(Respondent.user_id).where(Respondent.round_id == round_.id)
        ).all()
    ]
    if any(row["user_id"] == principal.id for row in respondents):
        raise Conflict("You have already answered this round; an answer is given once.")
    respondents.append({"round_id": round_.id, "user_id": principal.id})
    _replace(session, Respondent, round_.id, respondents)
    answers = [
        dict(row)
        for row in session.execute(
            select(Answer.round_id, Answer.party_id, Answer.ratings, Answer.open_answers).where(
                Answer.round_id == round_.id
            )
        ).mappings()
    ]
    answers.append(
        {
            "round_id": round_.id,
            "party_id": principal.party_id,
            "ratings": given,
            "open_answers": texts,
        }
    )
    _replace(session, Answer, round_.id, answers)


def _replace(session: Session, model: Any, round_id: uuid.UUID, rows: list[dict[str, Any]]) -> None:
    """Delete every row of the round and insert ``rows`` instead, in a random order and with
    fresh random keys."""
    table: Table = model.__table__
    rows = [{**row, "id": uuid.uuid4()} for row in rows]
    _random.shuffle(rows)
    session.execute(delete(table).where(table.c.round_id == round_id))
    session.execute(insert(table), rows)


# A party invited to a round cannot be deleted (kompas.parties.service).
party_service.register_referrer(
    "reflection rounds", RoundParty, lambda party_id: RoundParty.party_id == party_id
)
