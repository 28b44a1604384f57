"""The progress report over HTTP: the printable page and the PDF hold what the period holds, in
Dutch and English, and nothing outside the period or hidden from the reader."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from kompas.agenda.models import AgendaStatus
from kompas.core.principal import Role
from kompas.core.visibility import Visibility
from kompas.joint.models import HandoffStatus, Level
from kompas.parties.models import PartyKind
from tests.conftest import Clock, Tenant, assert_problem
from tests.dashboard.builders import World

PERIOD = {"from": "2026-01-01", "to": "2026-02-28"}
INSIDE = datetime(2026, 1, 20, 10, 0, tzinfo=UTC)
BEFORE = datetime(2025, 12, 20, 10, 0, tzinfo=UTC)
AFTER = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)  # 11:00 in Amsterdam on 1 March: outside


@pytest.fixture
def parties(tenant: Tenant):
    return {
        "werk": tenant.party("Werk en Inkomen"),
        "jeugd": tenant.party("Jeugd"),
        "woon": tenant.party("Woonstede", PartyKind.partner),
    }


@pytest.fixture
def people(tenant: Tenant, parties):
    return {
        "coordinator": tenant.actor(Role.coordinator, name="Fatima Coördinator"),
        "woon": tenant.actor(Role.partner, party=parties["woon"], name="Wim Woonstede"),
    }


def fill(tenant: Tenant, parties) -> None:
    """Records inside the period (some for Woonstede's eyes, some not) and outside it."""
    world = World(tenant)
    werk, jeugd, woon = parties["werk"], parties["jeugd"], parties["woon"]
    world.purpose("Samen zorgen dat inwoners rondkomen")
    world.driver("Bestaanszekerheid", 0)
    world.driver("Eigen regie", 1)
    shared = world.agenda_item("Woonbegeleiding jongeren", woon, AgendaStatus.done)
    world.participation(shared, werk, Level.taking_part)
    world.status_change(shared, "in-progress", "done", INSIDE)
    world.status_change(shared, "planned", "in-progress", BEFORE)
    internal = world.agenda_item("Interne herinrichting", werk, AgendaStatus.in_progress)
    world.status_change(internal, "planned", "in-progress", INSIDE)
    late = world.agenda_item("Later punt", werk, AgendaStatus.planned)
    world.status_change(late, "idea", "planned", AFTER)
    world.handoff(shared, werk, HandoffStatus.accepted, decided_at=INSIDE)
    world.handoff(internal, jeugd, HandoffStatus.accepted, decided_at=INSIDE)
    world.handoff(late, jeugd, HandoffStatus.accepted, decided_at=AFTER)
    world.success("Twintig jongeren gehuisvest", date(2026, 2, 10), parties=(woon,))
    world.success("Gepubliceerd succes", date(2026, 1, 5), Visibility.published)
    world.success("Intern succes", date(2026, 2, 11))
    world.success("Oud succes", date(2025, 12, 31), Visibility.published)
    shared_map = world.role_map("Schulden en armoede", werk, woon)
    world.snapshot(shared_map, "Voor", 0.2, {"nobody": 4}, BEFORE)
    world.snapshot(shared_map, "Tafel 1", 0.35, {"nobody": 3}, INSIDE)
    world.snapshot(shared_map, "Tafel 2", 0.8, {"several": 1}, datetime(2026, 2, 20, tzinfo=UTC))
    world.snapshot(shared_map, "Na", 0.9, {}, AFTER)
    internal_map = world.role_map("Interne kaart", werk)
    world.snapshot(internal_map, "Eerste", 0.5, {"nobody": 1}, INSIDE)
    world.reflection_round("Ronde winter", date(2026, 1, 31), [(werk, [4] * 5), (woon, [3] * 5)])
    world.reflection_round("Ronde herfst", date(2025, 11, 30), [(werk, [2] * 5)])
    world.reflection_round("Ronde klein", date(2026, 2, 15), [(jeugd, [5] * 2)])
    world.save()


class Text(HTMLParser):
    """The text of a page, its `lang`, headings, table captions and any inline style/script."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.lang = None
        self.headings: list[str] = []
        self.captions: list[str] = []
        self.inline: list[str] = []
        self.stylesheets: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag in ("script", "style") or "style" in attributes:
            self.inline.append(tag)
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(attributes["href"])
        if tag in ("h1", "h2", "caption"):
            self._in = tag

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        self.parts.append(data)
        if self._in == "caption":
            self.captions.append(data)
        elif self._in in ("h1", "h2"):
            self.headings.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def page(http, actor, **params) -> Text:
    response = http.get("/reports/progress", params={**PERIOD, **params}, headers={**actor.headers})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    # The policy of every page, which allows no inline style or script.
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    parsed = Text()
    parsed.feed(response.text)
    return parsed


def pdf_text(http, actor, **params) -> tuple[str, PdfReader, int]:
    response = http.get(
        "/reports/progress",
        params={**PERIOD, **params},
        headers={**actor.headers, "Accept": "application/pdf"},
    )
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    return text, reader, len(response.content)


def test_the_page_holds_what_the_period_holds_for_a_coordinator(
    wall_clock: Clock, http, tenant: Tenant, parties, people
):
    fill(tenant, parties)
    report = page(http, people["coordinator"])
    text = report.text
    assert report.lang == "nl"
    assert report.inline == []  # the CSP of every page: no inline style or script
    assert report.stylesheets == ["/api/v1/reports/progress.css"]
    assert report.headings[:2] == ["Voortgangsrapportage", "Bedoeling en drijfveren"]
    assert "Samen zorgen dat inwoners rondkomen" in text
    assert "Bestaanszekerheid" in text
    assert "Eigen regie" in text
    assert "1 januari 2026 tot en met 28 februari 2026" in text
    # The agenda: the steps inside the period, not those before or after it.
    assert "2 statuswijzigingen, 1 agendapunten afgerond, 2 overdrachten geaccepteerd" in text
    assert "Woonbegeleiding jongeren" in text
    assert "Interne herinrichting" in text
    assert "Later punt" not in text
    assert "Statuswijzigingen" in report.captions
    # Successes of the period only; the role maps from the first to the last snapshot inside.
    assert "Twintig jongeren gehuisvest" in text
    assert "Intern succes" in text
    assert "Gepubliceerd succes" in text
    assert "Oud succes" not in text
    assert "35% (Tafel 1" in text
    assert "80% (Tafel 2" in text
    assert "+45 %-pt" in text
    assert "Voor," not in text
    assert "(Na," not in text
    assert "Interne kaart" in text
    # The rounds that closed in the period; a group below the minimum shows no figure.
    assert "Vertrouwen" in report.captions
    assert "Ronde winter 31 januari 2026 3,50" in text
    assert "Ronde klein 15 februari 2026 te weinig antwoorden om te tonen" in text
    assert "Ronde herfst" not in text
    assert "Gemaakt met Kompas" in text
    assert "Fatima Coördinator" in text

    css = http.get("/reports/progress.css")
    assert css.status_code == 200
    assert css.headers["Content-Type"].startswith("text/css")
    assert "@page" in css.text


def test_a_partners_report_holds_only_what_its_party_may_read(
    wall_clock: Clock, http, tenant: Tenant, parties, people
):
    fill(tenant, parties)
    for text in (page(http, people["woon"]).text, pdf_text(http, people["woon"])[0]):
        assert "Woonbegeleiding jongeren" in text
        assert "Twintig jongeren gehuisvest" in text  # names its party
        assert "Gepubliceerd succes" in text
        assert "Schulden en armoede" in text
        # organisation-visible records its party has no part in
        assert "Ronde winter" in text  # its party was invited
        hidden_records = ("Interne herinrichting", "Intern succes", "Interne kaart", "Later punt")
        for hidden in (*hidden_records, "Ronde klein"):
            assert hidden not in text, hidden
    assert "1 statuswijzigingen, 1 agendapunten afgerond, 1 overdrachten geaccepteerd" in (
        page(http, people["woon"]).text
    )


def test_the_pdf_reads_back_in_english_with_its_metadata(
    wall_clock: Clock, http, tenant: Tenant, parties, people
):
    fill(tenant, parties)
    text, reader, size = pdf_text(http, people["coordinator"], lang="en")
    assert "Progress report" in text
    assert "1 January 2026 to 28 February 2026" in text
    assert "Woonbegeleiding jongeren" in text
    assert "Twintig jongeren gehuisvest" in text
    assert "Oud succes" not in text
    assert "Later punt" not in text
    assert "What moved on the agenda" in text
    assert "Role map progress" in text
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title.startswith("Progress report Gemeente Test")
    assert metadata.author == "Fatima Coördinator"
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert "/StructTreeRoot" in catalog  # tagged
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert size > 1000

    english = page(http, people["coordinator"], lang="en")
    assert english.lang == "en"
    assert "Purpose and drivers" in english.headings


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"from": "2026-03-01", "to": "2026-02-01"}, {"to"}),
        ({"from": "2026-13-01"}, {"from"}),
        ({"to": "gisteren"}, {"to"}),
        ({"from": "2015-01-01", "to": "2026-01-01"}, {"from"}),
        ({"lang": "de"}, {"lang"}),
        ({"format": "pdf"}, {"format"}),
    ],
)
def test_bad_parameters_answer_400_naming_them(http, people, params, names):
    response = http.get("/reports/progress", params=params, headers=people["coordinator"].headers)
    problem = assert_problem(response, 400)
    assert {p["name"] for p in problem["invalidParams"]} == names


def test_the_report_needs_a_token_and_an_acceptable_type(http, people):
    assert_problem(http.get("/reports/progress", params=PERIOD), 401)
    response = http.get(
        "/reports/progress",
        params=PERIOD,
        headers={**people["coordinator"].headers, "Accept": "application/json"},
    )
    assert_problem(response, 406)
    # Without a period: this year up to today.
    default = http.get("/reports/progress", headers=people["coordinator"].headers)
    assert default.status_code == 200


@pytest.mark.parametrize(
    ("accept", "served"),
    [
        ("text/html", "text/html; charset=utf-8"),
        ("*/*", "text/html; charset=utf-8"),
        ("text/*", "text/html; charset=utf-8"),
        ("application/*", "application/pdf"),
        ("application/pdf, text/html;q=0.5", "application/pdf"),
        ("application/pdf;q=0.2, text/html;q=0.9", "text/html; charset=utf-8"),
    ],
)
def test_accept_chooses_page_or_pdf(http, people, accept, served):
    response = http.get(
        "/reports/progress",
        params=PERIOD,
        headers={**people["coordinator"].headers, "Accept": accept},
    )
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == served
    assert "Accept" in response.headers["Vary"]
