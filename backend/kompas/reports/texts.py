"""The words of the progress report, in Dutch and English."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from kompas.core.db import CIVIL_ZONE

Language = Literal["nl", "en"]

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Voortgangsrapportage",
        "period": "{start} tot en met {end}",
        "description": "Wat de samenwerking in {organisation} bereikte van {start} tot en met "
        "{end}.",
        "compass": "Bedoeling en drijfveren",
        "no_purpose": "Er is nog geen gezamenlijke bedoeling vastgelegd.",
        "drivers": "Drijfveren",
        "agenda": "Wat bewoog op de agenda",
        "agenda_summary": "{changes} statuswijzigingen, {done} agendapunten afgerond, "
        "{handoffs} overdrachten geaccepteerd.",
        "status_changes": "Statuswijzigingen",
        "done": "Afgeronde agendapunten",
        "handoffs": "Geaccepteerde overdrachten",
        "date": "Datum",
        "item": "Agendapunt",
        "subject": "Onderwerp",
        "from": "Van",
        "to": "Naar",
        "from_party": "Van partij",
        "to_party": "Naar partij",
        "successes": "Successen",
        "success": "Succes",
        "evidence": "Resultaat",
        "role_maps": "Voortgang taken- en rollenkaarten",
        "role_map": "Kaart",
        "first": "Eerste momentopname",
        "last": "Laatste momentopname",
        "clarity": "Helderheid",
        "change": "Verandering",
        "findings": "bevindingen",
        "reflection": "Reflectie",
        "statement": "Stelling",
        "round": "Ronde",
        "mean": "Gemiddelde",
        "too_few": "te weinig antwoorden om te tonen",
        "experiences": "Gedeelde ervaringen",
        "experience": "Ervaring",
        "learned": "Geleerd",
        "visibility": "Zichtbaar voor",
        "nothing": "Niets in deze periode.",
        "made": "Gemaakt met Kompas op {date} voor {author}.",
        "agenda-item": "agendapunt",
        "question": "vraagstuk",
        "none": "–",
        # statuses and visibilities
        "idea": "idee",
        "planned": "gepland",
        "in-progress": "bezig",
        "dropped": "geschrapt",
        "organisation": "de organisatie",
        "partners": "partners",
        "published": "iedereen (gepubliceerd)",
        "private": "alleen de auteur",
    },
    "en": {
        "title": "Progress report",
        "period": "{start} to {end}",
        "description": "What the collaboration in {organisation} achieved from {start} to {end}.",
        "compass": "Purpose and drivers",
        "no_purpose": "No shared purpose has been set yet.",
        "drivers": "Drivers",
        "agenda": "What moved on the agenda",
        "agenda_summary": "{changes} status changes, {done} agenda items done, {handoffs} "
        "handoffs accepted.",
        "status_changes": "Status changes",
        "done": "Agenda items done",
        "handoffs": "Handoffs accepted",
        "date": "Date",
        "item": "Agenda item",
        "subject": "Subject",
        "from": "From",
        "to": "To",
        "from_party": "From party",
        "to_party": "To party",
        "successes": "Successes",
        "success": "Success",
        "evidence": "Result",
        "role_maps": "Role map progress",
        "role_map": "Map",
        "first": "First snapshot",
        "last": "Last snapshot",
        "clarity": "Clarity",
        "change": "Change",
        "findings": "findings",
        "reflection": "Reflection",
        "statement": "Statement",
        "round": "Round",
        "mean": "Mean",
        "too_few": "too few answers to show",
        "experiences": "Experiences shared",
        "experience": "Experience",
        "learned": "Learned",
        "visibility": "Visible to",
        "nothing": "Nothing in this period.",
        "made": "Made with Kompas on {date} for {author}.",
        "agenda-item": "agenda item",
        "question": "question",
        "none": "–",
        "idea": "idea",
        "planned": "planned",
        "in-progress": "in progress",
        "dropped": "dropped",
        "organisation": "the organisation",
        "partners": "partners",
        "published": "everyone (published)",
        "private": "the author only",
    },
}
# "done" is both a section and a status; the status reads as a word of its own.
STATUS_DONE = {"nl": "klaar", "en": "done"}

MONTHS = {
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def long_date(day: date | datetime, lang: Language) -> str:
    """``1 maart 2026`` / ``1 March 2026``; a moment as its date in the Netherlands."""
    if isinstance(day, datetime):
        day = day.astimezone(CIVIL_ZONE).date()
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def status_word(status: str | None, lang: Language) -> str:
    if status is None:
        return TEXTS[lang]["none"]
    if status == "done":
        return STATUS_DONE[lang]
    return TEXTS[lang].get(status, status)


def percent(share: float) -> str:
    return f"{round(share * 100)}%"
