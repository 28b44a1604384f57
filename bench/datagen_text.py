"""Dutch-ish words and sentences for the benchmark data (bench/datagen.py).

Varied lengths matter more than meaning: a list page's size, the search index's work and a
detail's body all grow with the text, so titles, descriptions and answers are drawn from
short, medium and long lengths as people write them.
"""

from __future__ import annotations

import random

# The word every organisation's titles use often: the manifest's `search_term` (bench/datagen.py).
SEARCH_TERM = "schuldhulpverlening"

NOUNS = (
    "inwoner",
    "wijkteam",
    "huurachterstand",
    "schuldhulpverlening",
    "jeugdhulp",
    "mantelzorg",
    "beschermd wonen",
    "re-integratie",
    "leerplicht",
    "bijstand",
    "werkgever",
    "woningcorporatie",
    "huisarts",
    "consulent",
    "signaal",
    "overdracht",
    "casus",
    "netwerk",
    "wijk",
    "buurt",
    "school",
    "jongere",
    "ouder",
    "vrijwilliger",
    "budgetbeheer",
    "inkomen",
    "armoede",
    "eenzaamheid",
    "dagbesteding",
    "indicatie",
    "beschikking",
    "loket",
    "huisbezoek",
    "partnertafel",
    "dialoog",
    "afspraak",
    "rol",
    "taak",
    "eigenaarschap",
    "samenwerking",
    "zorgaanbieder",
    "GGD",
    "UWV",
    "gemeente",
    "regio",
    "wethouder",
    "programma",
    "monitor",
    "wachtlijst",
    "privacy",
    "gegevensdeling",
    "toegang",
    "vroegsignalering",
    "nazorg",
)
VERBS = (
    "signaleren",
    "oppakken",
    "verbeteren",
    "versnellen",
    "organiseren",
    "delen",
    "afstemmen",
    "ondersteunen",
    "begeleiden",
    "verbinden",
    "onderzoeken",
    "voorkomen",
    "regelen",
    "volgen",
    "bespreken",
    "vastleggen",
    "uitproberen",
    "opschalen",
    "evalueren",
    "betrekken",
)
ADJECTIVES = (
    "snelle",
    "warme",
    "gezamenlijke",
    "vaste",
    "eerdere",
    "betere",
    "duidelijke",
    "integrale",
    "regionale",
    "lokale",
    "kwetsbare",
    "nieuwe",
    "structurele",
    "praktische",
    "open",
)
LINKS = ("en", "met", "voor", "bij", "in de", "van de", "samen met", "zodat", "omdat", "door")
PLACES = (
    "Noord",
    "Oost",
    "Zuid",
    "West",
    "Centrum",
    "de Binnenstad",
    "Het Hoogland",
    "De Linde",
    "Kerkwijk",
    "Molenbuurt",
    "Stationsgebied",
    "Rivierenwijk",
)
FIRST_NAMES = (
    "Fatima",
    "Jeroen",
    "Sanne",
    "Mohamed",
    "Anouk",
    "Peter",
    "Lotte",
    "Henk",
    "Ingrid",
    "Esra",
    "Kees",
    "Mirjam",
    "Daan",
    "Emma",
    "Noah",
    "Julia",
    "Sem",
    "Sophie",
    "Lucas",
    "Tess",
    "Milan",
    "Yara",
    "Bram",
    "Fleur",
    "Ahmed",
    "Naima",
    "Thijs",
    "Lieke",
    "Joost",
    "Ilse",
)
LAST_NAMES = (
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "Yilmaz",
    "El Amrani",
    "Willems",
    "Hoekstra",
    "Demir",
    "van Dijk",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
)
JOB_TITLES = (
    "Beleidsadviseur",
    "Consulent Wmo",
    "Wijkcoach",
    "Teamleider",
    "Jeugdarts",
    "Klantmanager",
    "Programmacoördinator",
    "Schuldhulpverlener",
    "Leerplichtambtenaar",
    "Adviseur werk",
    "Projectleider",
    "Casusregisseur",
    "Buurtwerker",
    "Loopbaanadviseur",
)
TAGS = (
    "schulden",
    "jeugd",
    "wonen",
    "werk",
    "zorg",
    "privacy",
    "wijkteam",
    "overdracht",
    "vroegsignalering",
    "partnertafel",
    "mantelzorg",
    "onderwijs",
    "armoede",
    "data",
    "leren",
    "eigenaarschap",
    "18-/18+",
    "huisbezoek",
)
THEMES = (
    "Bestaanszekerheid",
    "Jeugd",
    "Wonen en zorg",
    "Werk",
    "Gezondheid",
    "Veiligheid",
    "Onderwijs",
    "Ouderen",
)
PARTNER_KINDS = (
    "Stichting",
    "Zorggroep",
    "Woonstichting",
    "Wijkteam",
    "Coöperatie",
    "Welzijn",
    "GGD",
    "Jongerenwerk",
    "Buurtteam",
    "Huisartsenpraktijk",
)
CLUSTERS = ("Vroeg erbij", "Schulden regelen", "Nazorg", "Voorbereiden", "Overdracht", "Uitvoering")


def phrase(rng: random.Random) -> str:
    """A few words: 'snelle overdracht van de jongere'."""
    words = [rng.choice(ADJECTIVES), rng.choice(NOUNS)]
    if rng.random() < 0.6:
        words += [rng.choice(LINKS), rng.choice(NOUNS)]
    return " ".join(words)


def title(rng: random.Random, limit: int = 200, *, with_term: bool = False) -> str:
    """A title of 3 to about 14 words; one in six (or ``with_term``) names the search term."""
    text = f"{phrase(rng).capitalize()} {rng.choice(VERBS)}"
    if rng.random() < 0.4:
        text += f" in {rng.choice(PLACES)}"
    if rng.random() < 0.3:
        text += f" {rng.choice(LINKS)} {phrase(rng)}"
    if rng.random() < 1 / 6 or with_term:
        text += f" ({SEARCH_TERM})"
    return text[:limit]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(NOUNS), rng.choice(VERBS)]
    for _ in range(rng.randint(2, 10)):
        words.append(rng.choice(NOUNS) if rng.random() < 0.5 else rng.choice(LINKS + ADJECTIVES))
    return " ".join(words).capitalize() + "."


def text(rng: random.Random, limit: int = 10_000) -> str:
    """Text of varied length: empty, a sentence, a paragraph or several (long tail)."""
    pick = rng.random()
    if pick < 0.08:
        return ""
    sentences = 1 if pick < 0.35 else rng.randint(2, 6) if pick < 0.9 else rng.randint(8, 30)
    return " ".join(sentence(rng) for _ in range(sentences))[:limit]


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
