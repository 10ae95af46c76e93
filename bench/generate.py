"""Synthetic libraries of valid briefings, for benchmarks.

``generate_library(folder, files=N, statements_per_file=M, seed=0)`` writes N briefing files, each
with its source text next to it (``<id>.yaml`` + ``<id>.txt``). Every briefing follows
``shared/briefing-format.md``: 10-20 countries with real ISO codes, actors, 4-6 topics, positions,
M statements (direct and reported), debates, risks and caveats. Every evidence excerpt is copied
verbatim from the generated source text and every direct quotation appears there in quotes, so
``briefing check`` passes. Output is deterministic for a seed.

The YAML is written as text, strings through the C JSON string encoder (a JSON string is a valid
YAML double-quoted scalar), which is an order of magnitude faster than ``yaml.dump``.

    python -m bench.generate OUT --files N --statements M [--seed S] [--vocabulary real] [--jobs J]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from dataclasses import dataclass
from json.encoder import encode_basestring as _q  # C implementation, ensure_ascii=False
from pathlib import Path

GENERATOR_VERSION = 2
VOCABULARIES = ("synthetic", "real")
"""``synthetic``: about 600 words from the templates below; ``real``: statements draw from tens of
thousands of real words at their real frequencies (:mod:`bench.vocabulary`)."""
"""Bump when the output changes (it keys the benchmark's library cache, with this file's hash)."""

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

# code, name, adjective, capital, head of government, memberships, name language
COUNTRIES: tuple[tuple[str, str, str, str, str, tuple[str, ...], str], ...] = (
    ("US", "United States", "US", "Washington", "President", ("NATO", "G7"), "en"),
    ("GB", "United Kingdom", "British", "London", "Prime Minister", ("NATO", "G7"), "en"),
    ("FR", "France", "French", "Paris", "President", ("NATO", "EU", "G7"), "fr"),
    ("DE", "Germany", "German", "Berlin", "Chancellor", ("NATO", "EU", "G7"), "de"),
    ("IT", "Italy", "Italian", "Rome", "Prime Minister", ("NATO", "EU", "G7"), "it"),
    ("ES", "Spain", "Spanish", "Madrid", "Prime Minister", ("NATO", "EU"), "es"),
    ("PL", "Poland", "Polish", "Warsaw", "Prime Minister", ("NATO", "EU"), "pl"),
    ("CZ", "Czech Republic", "Czech", "Prague", "Prime Minister", ("NATO", "EU"), "cs"),
    ("SK", "Slovakia", "Slovak", "Bratislava", "Prime Minister", ("NATO", "EU"), "cs"),
    ("DK", "Denmark", "Danish", "Copenhagen", "Prime Minister", ("NATO", "EU"), "da"),
    ("NO", "Norway", "Norwegian", "Oslo", "Prime Minister", ("NATO",), "da"),
    ("SE", "Sweden", "Swedish", "Stockholm", "Prime Minister", ("NATO", "EU"), "sv"),
    ("FI", "Finland", "Finnish", "Helsinki", "President", ("NATO", "EU"), "fi"),
    ("IS", "Iceland", "Icelandic", "Reykjavík", "Prime Minister", ("NATO",), "is"),
    ("NL", "Netherlands", "Dutch", "The Hague", "Prime Minister", ("NATO", "EU"), "nl"),
    ("BE", "Belgium", "Belgian", "Brussels", "Prime Minister", ("NATO", "EU"), "fr"),
    ("PT", "Portugal", "Portuguese", "Lisbon", "Prime Minister", ("NATO", "EU"), "pt"),
    ("GR", "Greece", "Greek", "Athens", "Prime Minister", ("NATO", "EU"), "el"),
    ("TR", "Türkiye", "Turkish", "Ankara", "President", ("NATO", "G20"), "tr"),
    ("HU", "Hungary", "Hungarian", "Budapest", "Prime Minister", ("NATO", "EU"), "hu"),
    ("RO", "Romania", "Romanian", "Bucharest", "President", ("NATO", "EU"), "ro"),
    ("HR", "Croatia", "Croatian", "Zagreb", "Prime Minister", ("NATO", "EU"), "hr"),
    ("SI", "Slovenia", "Slovenian", "Ljubljana", "Prime Minister", ("NATO", "EU"), "hr"),
    ("EE", "Estonia", "Estonian", "Tallinn", "Prime Minister", ("NATO", "EU"), "fi"),
    ("LV", "Latvia", "Latvian", "Riga", "Prime Minister", ("NATO", "EU"), "lv"),
    ("LT", "Lithuania", "Lithuanian", "Vilnius", "President", ("NATO", "EU"), "lt"),
    ("AT", "Austria", "Austrian", "Vienna", "Chancellor", ("EU",), "de"),
    ("CH", "Switzerland", "Swiss", "Bern", "President", (), "de"),
    ("IE", "Ireland", "Irish", "Dublin", "Taoiseach", ("EU",), "en"),
    ("CA", "Canada", "Canadian", "Ottawa", "Prime Minister", ("NATO", "G7"), "en"),
    ("UA", "Ukraine", "Ukrainian", "Kyiv", "President", (), "uk"),
    ("MD", "Moldova", "Moldovan", "Chișinău", "President", (), "ro"),
    ("GE", "Georgia", "Georgian", "Tbilisi", "Prime Minister", (), "en"),
    ("RU", "Russia", "Russian", "Moscow", "President", (), "ru"),
    ("JP", "Japan", "Japanese", "Tokyo", "Prime Minister", ("G7",), "ja"),
    ("KR", "South Korea", "South Korean", "Seoul", "President", ("G20",), "ko"),
    ("BR", "Brazil", "Brazilian", "Brasília", "President", ("BRICS", "G20"), "pt"),
    ("MX", "Mexico", "Mexican", "Mexico City", "President", ("G20",), "es"),
    ("AR", "Argentina", "Argentine", "Buenos Aires", "President", ("G20",), "es"),
    ("ZA", "South Africa", "South African", "Pretoria", "President", ("BRICS", "G20"), "en"),
    ("IN", "India", "Indian", "New Delhi", "Prime Minister", ("BRICS", "G20"), "en"),
    ("AU", "Australia", "Australian", "Canberra", "Prime Minister", ("G20",), "en"),
)

NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (("James", "Sarah", "Michael", "Emily", "David", "Rachel", "Thomas", "Olivia"),
           ("Walker", "Bennett", "Hughes", "O'Connor", "Fitzgerald", "Thompson", "Reid")),
    "fr": (("François", "Hélène", "Jérôme", "Céline", "Amélie", "Benoît", "Loïc"),
           ("Hollande-Dupré", "Lefèvre", "Bérenger", "Girard", "Delacroix", "Fontaine-Lévy")),
    "de": (("Jürgen", "Annalena", "Björn", "Sönke", "Käthe", "Uwe", "Jörg"),
           ("Müller", "Schäfer", "Weiß", "Köhler", "Große", "Brückner", "Sauerländer")),
    "it": (("Giorgio", "Niccolò", "Ilaria", "Beatrice", "Saverio"),
           ("Rossi", "Bianchi", "De Luca", "Lo Russo", "Sanfilippo")),
    "es": (("José", "María", "Begoña", "Íñigo", "Sofía", "Ramón"),
           ("Álvarez", "Muñoz", "Peña", "Ibáñez", "Gutiérrez", "Martínez-Orozco")),
    "pt": (("João", "Conceição", "Gonçalo", "Inês"),
           ("Gonçalves", "Simões", "Magalhães", "Araújo")),
    "pl": (("Łukasz", "Małgorzata", "Wojciech", "Zofia", "Paweł", "Agnieszka"),
           ("Wiśniewski", "Kowalczyk", "Błaszczyk", "Żukowski", "Dąbrowska", "Grzegorczyk")),
    "cs": (("Jiří", "Kateřina", "Tomáš", "Zuzana", "Ľubomír"),
           ("Dvořák", "Procházka", "Černý", "Hrubá", "Kučera")),
    "da": (("Søren", "Mette", "Bjørn", "Åse", "Lærke", "Jens"),
           ("Sørensen", "Løkke", "Kjær", "Møller", "Jørgensen", "Ødegaard")),
    "sv": (("Åsa", "Mikael", "Björn", "Ingrid"), ("Jönsson", "Lindqvist", "Åberg", "Strömberg")),
    "fi": (("Jyrki", "Päivi", "Kaja", "Mart"), ("Häkkinen", "Mäkelä", "Tamm", "Sööt")),
    "is": (("Guðrún", "Sigurður", "Þóra"), ("Jónsdóttir", "Þórsson", "Guðmundsson")),
    "nl": (("Maarten", "Femke", "Ruud", "Sanne"), ("van der Berg", "de Vries", "Jansen", "Bakker")),
    "el": (("Kyriakos", "Eleni", "Nikos"), ("Papadopoulos", "Georgiou", "Karamanlis-Vlachou")),
    "tr": (("Çağlar", "Şebnem", "Ömer", "Gülşen"), ("Öztürk", "Yılmaz", "Çelik", "Şahin")),
    "hu": (("Gergely", "Zsófia", "Ádám", "Réka"), ("Szőke", "Kovács", "Tóth", "Fülöp")),
    "ro": (("Ștefan", "Ioana", "Mihai", "Andreea"), ("Ionescu", "Popescu", "Țurcanu", "Munteanu")),
    "hr": (("Ivana", "Matej", "Luka", "Nataša"), ("Horvat", "Žagar", "Kovačević", "Babić")),
    "lv": (("Krišjānis", "Ināra", "Edgars"), ("Bērziņš", "Kalniņa", "Ozols")),
    "lt": (("Gabrielius", "Ingrida", "Vytautas"), ("Landsbergis", "Šimonytė", "Žemaitis")),
    "uk": (("Oleksandr", "Dmytro", "Iryna", "Olena"), ("Kovalenko", "Shevchenko", "Melnyk", "Bondarenko")),
    "ru": (("Dmitry", "Sergei", "Maria", "Yuri"), ("Volkov", "Sokolov", "Orlov", "Zakharov")),
    "ja": (("Fumio", "Yoko", "Hiroshi"), ("Kishida", "Kamikawa", "Hayashi")),
    "ko": (("Min-jun", "Seo-yeon", "Ji-ho"), ("Kim", "Park", "Cho")),
}

# slug, role (with {adj}/{name}/{head}), kind, name when the source leaves it unnamed
ROLES: tuple[tuple[str, str, str, str], ...] = (
    ("head", "{head} of {name}", "person", "{adj} {head}"),
    ("foreign-minister", "Foreign Minister of {name}", "person", "{adj} foreign minister"),
    ("defence-minister", "Defence Minister of {name}", "person", "{adj} defence minister"),
    ("finance-minister", "Finance Minister of {name}", "person", "{adj} finance minister"),
    ("spokesperson", "Government spokesperson", "person", "{adj} government spokesperson"),
    ("foreign-ministry", "Ministry of Foreign Affairs of {name}", "office", "{adj} foreign ministry"),
    ("head-office", "Office of the {head} of {name}", "office", "{adj} {head}'s office"),
    ("opposition", "Main opposition party in {name}", "organisation", "{adj} opposition"),
)

# id, name, role, kind
ORGANISATIONS: tuple[tuple[str, str, str, str], ...] = (
    ("nato", "NATO", "North Atlantic alliance", "organisation"),
    ("nato-secretary-general", "NATO Secretary General", "Head of the NATO secretariat", "person"),
    ("european-commission", "European Commission", "Executive of the European Union", "organisation"),
    ("eu-foreign-policy-chief", "EU foreign policy chief", "High Representative of the EU", "person"),
    ("un-secretary-general", "UN Secretary-General", "Head of the United Nations", "person"),
    ("imf", "International Monetary Fund", "Lender of last resort to governments", "organisation"),
)

# id, title, summary, object phrase (what speakers argue about)
TOPICS: tuple[tuple[str, str, str, str], ...] = (
    ("ground-troops", "Deployment of ground troops",
     "Whether allies should send their own troops to the region.", "sending ground troops"),
    ("arms-supply", "Supplying weapons and ammunition",
     "Deliveries of weapons and artillery ammunition.", "new deliveries of artillery ammunition"),
    ("sanctions", "A new sanctions package",
     "A further round of sanctions on banks and energy exports.", "a new package of sanctions"),
    ("energy", "Energy prices and gas supply",
     "How to keep gas flowing and prices in check over the winter.", "a cap on wholesale gas prices"),
    ("ceasefire", "Ceasefire negotiations",
     "Whether and when to open talks on a ceasefire.", "early talks on a ceasefire"),
    ("air-defence", "Air defence for the border region",
     "Extra air defence systems along the eastern border.", "more air defence systems"),
    ("frozen-assets", "Use of frozen central bank assets",
     "Whether frozen assets may fund reconstruction.", "using frozen central bank assets"),
    ("refugees", "Hosting refugees",
     "Sharing the cost and the task of hosting refugees.", "a common scheme for hosting refugees"),
    ("tariffs", "Trade tariffs",
     "Retaliation against tariffs on steel and aluminium.", "retaliatory tariffs on steel imports"),
    ("reconstruction", "Reconstruction fund",
     "A joint fund to rebuild power plants, bridges and schools.", "a joint reconstruction fund"),
    ("defence-spending", "Defence spending targets",
     "Raising military budgets above the current target.", "raising defence spending to 3% of GDP"),
    ("cyber", "Response to cyber attacks",
     "A common answer to attacks on power grids and hospitals.", "a joint response to the cyber attacks"),
)

CITIES = (("Brussels", "brussels"), ("Paris", "paris"), ("Berlin", "berlin"), ("Warsaw", "warsaw"),
          ("Vilnius", "vilnius"), ("Madrid", "madrid"), ("Kraków", "krakow"), ("Zürich", "zurich"),
          ("Malmö", "malmo"), ("Gdańsk", "gdansk"), ("Prague", "prague"), ("Bucharest", "bucharest"),
          ("The Hague", "the-hague"), ("Reykjavík", "reykjavik"), ("Geneva", "geneva"),
          ("Tallinn", "tallinn"), ("Munich", "munich"), ("Rome", "rome"), ("Helsinki", "helsinki"))

OUTLETS = ("Northern Wire", "Le Courrier du Matin", "Tagesblatt", "El Diario Atlántico",
           "Gazeta Poranna", "Nordisk Tidende", "The Evening Ledger", "Continental Press Agency",
           "Radio Baltica", "Il Corriere Europeo", "Süddeutsche Rundschau", "Público Ibérico")

DAYS = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "late on Sunday",
        "on Monday evening", "on Tuesday morning", "on Thursday night", "at the weekend")
WHEN = ("Monday evening news conference", "interview with public radio", "press briefing",
        "speech to parliament", "joint news conference", "televised address",
        "remarks to reporters on arrival", "statement after the cabinet meeting")

VERBS = ("support", "back", "pay for", "take part in", "agree to", "sign up to")
NEG_VERBS = ("support", "take part in", "agree to", "pay for")
CONDITIONS = ("parliament has voted", "our partners agree", "the details are clear",
              "there is a ceasefire", "the funding is in place", "the legal questions are settled",
              "every ally is on board", "the summit has taken a decision")

QUOTES = (
    "We will not {neg} {obj}, and that position has not changed",
    "Nothing should be ruled out when it comes to {obj}",
    "{country} is ready to {verb} {obj} as soon as {cond}",
    "There is no agreement on {obj} at this stage",
    "Our support will continue for as long as it takes, and that includes {obj}",
    "We cannot accept {obj} unless {cond}",
    "This is a decision for {org} as a whole, not for any single capital",
    "The risk of escalation is real and we take it very seriously",
    "Anyone who thinks {obj} is a quick fix is mistaken",
    "We have made our position on {obj} very clear to our partners",
    "I don't see a majority for {obj} in parliament today",
    "The people of {country} expect us to act, and we will",
    "{Obj} is on the table, but nothing has been decided",
    "Let me be clear: {obj} will happen only if {cond}",
    "We're not there yet, but {obj} is closer than it was a month ago",
)

FILLERS = (
    "The remarks came hours after a closed-door meeting of defence ministers.",
    "{outlet} could not independently verify the account.",
    "Officials in {capital} declined to comment further.",
    "The comments were broadly welcomed by diplomats in {city}.",
    "Markets reacted calmly to the news.",
    "The statement was later posted on the government's website.",
    "Aides stressed that no formal decision had been taken.",
    "The remarks drew immediate criticism from opposition lawmakers.",
)

POSITION_SENTENCES = {
    "supports": ("{Country} backs {obj}, its government said {day}.", "Backs {obj}."),
    "open": ("{Country} has not ruled out {obj}, officials in {capital} said.",
             "Does not rule out {obj}."),
    "undecided": ("{Country} has yet to decide on {obj}, a government spokesperson said.",
                  "Has not decided on {obj}."),
    "opposes": ("{Country} rejects {obj} and will not take part, officials said.",
                "Rejects {obj}."),
    "warns": ("{Country} warned that {obj} would carry serious consequences for the region.",
              "Warns of the consequences of {obj}."),
}
STANCES = tuple(POSITION_SENTENCES)

SIDE_SENTENCES = {
    "supports": ("{Ref} argued in favour, saying the cost of inaction would be far higher.",
                 "In favour: inaction would cost more."),
    "open": ("{Ref} said the idea deserved a closer look.", "Open to the idea."),
    "undecided": ("{Ref} said it had not yet made up its mind.", "Has not made up its mind."),
    "opposes": ("{Ref} argued against, saying the money should be spent at home.",
                "Against: the money should be spent at home."),
    "warns": ("{Ref} cautioned that the plan could backfire.", "Warns the plan could backfire."),
}

DEBATE_TITLES = (
    ("Who should pay for {obj}?", "The question of who should pay for {obj} divided the meeting in {city}."),
    ("How fast to move on {obj}?", "Delegates in {city} disagreed over how fast to move on {obj}."),
    ("Should {org} coordinate {obj}?", "Whether {org} should coordinate {obj} remained an open question."),
)

RISKS = (
    ("Escalation into direct conflict", "any misstep could draw the alliance into direct conflict"),
    ("Aid delayed in the legislature",
     "a prolonged delay in the legislature could leave front-line units short of ammunition"),
    ("Artillery shell shortage", "stocks of artillery shells could run out within months"),
    ("Energy price spike", "a cold winter could push energy prices sharply higher"),
    ("Split within the alliance", "public disagreement could be exploited to split the alliance"),
    ("Cyber attacks on infrastructure",
     "retaliation could take the form of cyber attacks on power grids"),
    ("New refugee flows", "a new offensive could trigger fresh refugee flows into neighbouring states"),
)
LIKELIHOODS = ("almost-no-chance", "very-unlikely", "unlikely", "even-chance", "likely",
               "very-likely", "almost-certain")

HEADLINES = (
    "Allies split over {obj} after talks in {city}",
    "{Country} calls for {obj} as partners hesitate",
    "{Country} rules out {obj}, {country2} urges caution",
    "Leaders meet in {city} to discuss {obj}",
    "Pressure grows on {country} over {obj}",
)


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class _Actor:
    id: str
    name: str
    role: str
    kind: str
    country: str | None
    ref: str  # how the source text names the actor


class _Text:
    """The source text being written: paragraphs of sentences."""

    def __init__(self) -> None:
        self.paragraphs: list[list[str]] = []

    def new(self) -> None:
        self.paragraphs.append([])

    def add(self, sentence: str) -> str:
        self.paragraphs[-1].append(sentence)
        return sentence

    def render(self) -> str:
        return "\n\n".join(" ".join(p) for p in self.paragraphs if p) + "\n"


def _excerpt(rng: random.Random, sentence: str, other: str | None = None) -> str | list[str]:
    """Evidence for a sentence: the sentence, a part of it, an elided excerpt, or a list."""
    roll = rng.random()
    words = sentence.split(" ")
    if roll < 0.15 and len(words) > 10:
        return " ".join(words[:3]) + " ... " + " ".join(words[-5:])
    if roll < 0.25 and other is not None:
        return [sentence, other]
    if roll < 0.4 and len(words) > 6:
        return " ".join(words[2:])
    return sentence.rstrip(".")


def _evidence_lines(out: list[str], indent: str, evidence: str | list[str]) -> None:
    if isinstance(evidence, str):
        out.append(f"{indent}evidence: {_q(evidence)}")
    else:
        out.append(f"{indent}evidence:")
        out.extend(f"{indent}  - {_q(item)}" for item in evidence)


def render_briefing(index: int, statements: int, seed: int = 0,
                    vocabulary: str = "synthetic") -> tuple[str, str, str]:
    """One briefing: ``(id, YAML text, source text)``. Deterministic for (index, statements, seed,
    vocabulary).

    ``vocabulary="real"``: the statements' own words (direct quotations, and what reported
    statements say) are drawn from :mod:`bench.vocabulary` by a second random generator, so
    everything else in the briefing is as in the synthetic corpus."""
    if vocabulary not in VOCABULARIES:
        raise ValueError(f"unknown vocabulary {vocabulary!r} (known: {', '.join(VOCABULARIES)})")
    rng = random.Random(f"briefing-bench:{seed}:{index}")
    choice, randint, rand = rng.choice, rng.randint, rng.random

    countries = rng.sample(COUNTRIES, randint(10, 20))
    topics = rng.sample(TOPICS, randint(4, 6))
    city, city_slug = choice(CITIES)
    outlet, outlet2 = rng.sample(OUTLETS, 2)
    as_of = dt.date(2024, 1, 1) + dt.timedelta(days=randint(0, 700))
    brief_id = f"brief-{index:05d}-{topics[0][0]}-{city_slug}"

    # Actors: 1-3 per country, plus two international bodies.
    actors: list[_Actor] = []
    by_country: dict[str, list[_Actor]] = {}
    for code, name, adj, _capital, head, _members, lang in countries:
        firsts, lasts = NAMES[lang]
        fill = {"adj": adj, "name": name, "head": head}
        for slug, role, kind, unnamed in rng.sample(ROLES, randint(1, 3)):
            role_text = role.format(**fill)
            if kind == "person" and rand() < 0.8:
                person = f"{choice(firsts)} {choice(lasts)}"
                ref = person
            else:
                person = _cap(unnamed.format(**fill))
                ref = "the " + unnamed.format(**fill)
            actor = _Actor(f"{code.lower()}-{slug}", person, role_text, kind, code, ref)
            actors.append(actor)
            by_country.setdefault(code, []).append(actor)
    for org_id, org_name, org_role, kind in rng.sample(ORGANISATIONS, 2):
        ref = org_name if org_name in ("NATO",) else "the " + org_name
        actors.append(_Actor(org_id, org_name, org_role, kind, None, ref))
    org_name = choice(("NATO", "the EU", "the alliance", "the G7"))

    real = None
    if vocabulary == "real":
        from bench.vocabulary import Sampler

        names = [actor.name for actor in actors if actor.kind == "person"]
        names += [city, *(country[1] for country in countries), *(country[3] for country in countries)]
        real = Sampler(random.Random(f"briefing-bench-words:{seed}:{index}"), names)

    text = _Text()
    headline = _cap(choice(HEADLINES).format(
        obj=topics[0][3], city=city, Country=countries[0][1], country=countries[0][1],
        country2=countries[1][1]))
    byline_first, byline_last = NAMES[countries[0][6]]
    text.new()
    text.add(headline)
    text.new()
    text.add(f"By {choice(byline_first)} {choice(byline_last)} | {outlet} | {as_of.isoformat()}")
    text.new()
    lead = text.add(
        f"Leaders and ministers from {len(countries)} countries met in {city} {choice(DAYS)} to "
        f"discuss {topics[0][3]} and {topics[1][3]}, with no sign of a common line.")
    text.add(f"{countries[0][1]} and {countries[1][1]} set out sharply different positions.")

    y: list[str] = [
        "format: 1",
        f"id: {_q(brief_id)}",
        f"title: {_q(headline)}",
        f"date: {as_of.isoformat()}",
        f"bluf: {_q(lead)}",
    ]

    # Statements (rendered first: they make up most of the source text).
    st_lines: list[str] = []
    key_points: list[str] = []
    for n in range(statements):
        speaker = choice(actors)
        c = next(c for c in countries if c[0] == speaker.country) if speaker.country else choice(countries)
        topic = choice(topics)
        obj = topic[3]
        fill = {"obj": obj, "Obj": _cap(obj), "country": c[1], "verb": choice(VERBS),
                "neg": choice(NEG_VERBS), "cond": choice(CONDITIONS), "org": org_name}
        day = choice(DAYS)
        ref = speaker.ref
        if not text.paragraphs[-1] or rand() < 0.5:
            text.new()
        if rand() < 0.5:
            kind = "direct"
            quote = choice(QUOTES).format(**fill) if real is None else real.sentence()
            said = quote.replace("'", "\u2019") if rand() < 0.3 else quote
            oq, cq = ("\u201c", "\u201d") if rand() < 0.4 else ('"', '"')
            form = randint(0, 3)
            if form == 0:
                sentence = f"{_cap(ref)}, speaking {day}, said: {oq}{said}.{cq}"
            elif form == 1:
                sentence = f"{oq}{said},{cq} {ref} told reporters in {city} {day}."
            elif form == 2:
                sentence = f"{_cap(ref)} said {day} that {oq}{said}{cq}, according to {outlet}."
            else:
                sentence = f"In an interview with {outlet2}, {ref} said: {oq}{said}.{cq}"
            statement_text = quote
        else:
            kind = "reported"
            vp = choice((f"not {fill['neg']} {obj}", f"{fill['verb']} {obj}",
                         f"{fill['verb']} {obj} only if {fill['cond']}",
                         f"keep its options open on {obj}"))
            form = randint(0, 4)
            if real is not None:
                said_that = real.clause()
                sentence = f"{_cap(ref)} said {day} that {said_that}."
                statement_text = f"{_cap(speaker.name)} said that {said_that}."
            elif form == 0:
                sentence = f"{_cap(ref)} said {c[1]} would {vp}."
                statement_text = f"{_cap(speaker.name)} said {c[1]} would {vp}."
            elif form == 1:
                sentence = f"According to {outlet}, {ref} said there were no plans for {obj}."
                statement_text = f"There are no plans for {obj}, according to {speaker.name}."
            elif form == 2:
                sentence = (f"{_cap(ref)} told {outlet2} that {c[1]} was prepared to "
                            f"{fill['verb']} {obj} if {fill['cond']}.")
                statement_text = f"{c[1]} is prepared to {fill['verb']} {obj} if {fill['cond']}."
            elif form == 3:
                sentence = f"{_cap(ref)} indicated {day} that a decision on {obj} could take weeks."
                statement_text = f"A decision on {obj} could take weeks."
            else:
                sentence = (f"{_cap(ref)} rejected calls for {obj}, saying {c[1]} had other "
                            "priorities.")
                statement_text = f"Rejects calls for {obj}; says {c[1]} has other priorities."
        text.add(sentence)
        other = None
        if rand() < 0.4:
            other = text.add(choice(FILLERS).format(outlet=outlet, capital=c[3], city=city))
        st_lines.append(f"  - id: st-{n + 1:04d}")
        st_lines.append(f"    speaker: {_q(speaker.id)}")
        st_lines.append(f"    kind: {kind}")
        st_lines.append(f"    text: {_q(statement_text)}")
        second = choice(topics)
        if second is topic:
            st_lines.append(f"    topics: [{_q(topic[0])}]")
        else:
            st_lines.append(f"    topics: [{_q(topic[0])}, {_q(second[0])}]")
        if rand() < 0.4:
            st_lines.append(f"    when: {_q(choice(WHEN))}")
        if rand() < 0.4:
            st_lines.append(f"    date: {(as_of - dt.timedelta(days=randint(0, 6))).isoformat()}")
        if rand() < 0.3:
            st_lines.append(f"    reported_by: {_q(outlet)}")
        if rand() < 0.1:
            st_lines.append("    source: wire")
        _evidence_lines(st_lines, "    ", _excerpt(rng, sentence, other))
        if len(key_points) < 4 and kind == "reported":
            key_points.append(statement_text)

    # Positions: one paragraph per country, 1-2 topics each.
    country_lines: list[str] = []
    pos_lines: list[str] = []
    for code, name, _adj, capital, _head, members, _lang in countries:
        text.new()
        summaries = []
        for topic in rng.sample(topics, randint(1, 2)):
            stance = choice(STANCES)
            said, summary = POSITION_SENTENCES[stance]
            fill = {"Country": name, "obj": topic[3], "day": choice(DAYS), "capital": capital}
            sentence = text.add(said.format(**fill))
            summary = summary.format(**fill)
            summaries.append(summary)
            pos_lines.append(f"  - country: {_q(code)}")
            pos_lines.append(f"    topic: {_q(topic[0])}")
            pos_lines.append(f"    stance: {stance}")
            pos_lines.append(f"    summary: {_q(summary)}")
            _evidence_lines(pos_lines, "    ", _excerpt(rng, sentence))
        country_lines.append(f"  - code: {_q(code)}")
        country_lines.append(f"    name: {_q(name)}")
        if members:
            country_lines.append(f"    memberships: [{', '.join(_q(m) for m in members)}]")
        country_lines.append(f"    summary: {_q(' '.join(summaries))}")

    # Debates: two, with 2-4 sides each (an actor or a country).
    debate_lines: list[str] = []
    for d, (title, opening) in enumerate(rng.sample(DEBATE_TITLES, 2)):
        topic = choice(topics)
        fill = {"obj": topic[3], "city": city, "org": org_name}
        text.new()
        opening_sentence = text.add(_cap(opening.format(**fill)))
        debate_lines.append(f"  - id: debate-{d + 1}")
        debate_lines.append(f"    title: {_q(_cap(title.format(**fill)))}")
        debate_lines.append(f"    summary: {_q(opening_sentence)}")
        debate_lines.append(f"    topic: {_q(topic[0])}")
        _evidence_lines(debate_lines, "    ", opening_sentence)
        debate_lines.append("    sides:")
        for s in range(randint(2, 4)):
            stance = choice(STANCES)
            said, summary = SIDE_SENTENCES[stance]
            if s % 2 == 0:
                actor = choice(actors)
                party, party_ref = f"actor: {_q(actor.id)}", actor.ref
            else:
                country = choice(countries)
                party, party_ref = f"country: {_q(country[0])}", country[1]
            sentence = text.add(said.format(Ref=_cap(party_ref)))
            debate_lines.append(f"      - {party}")
            debate_lines.append(f"        stance: {stance}")
            debate_lines.append(f"        summary: {_q(summary)}")
            _evidence_lines(debate_lines, "        ", sentence)

    # Risks: 2-3, raised by one or two actors.
    risk_lines: list[str] = []
    for r, (title, clause) in enumerate(rng.sample(RISKS, randint(2, 3))):
        text.new()
        raiser = choice(actors)
        sentence = text.add(f"{_cap(raiser.ref)} warned that {clause}.")
        raised = [raiser.id]
        if rand() < 0.4:
            echo = choice(actors)
            if echo.id != raiser.id:
                text.add(f"{_cap(echo.ref)} echoed the warning.")
                raised.append(echo.id)
        risk_lines.append(f"  - id: risk-{r + 1}")
        risk_lines.append(f"    title: {_q(title)}")
        risk_lines.append(f"    summary: {_q(_cap(clause) + '.')}")
        risk_lines.append(f"    likelihood: {choice(LIKELIHOODS)}")
        risk_lines.append(f"    confidence: {choice(('low', 'moderate', 'high'))}")
        risk_lines.append(f"    impact: {choice(('low', 'medium', 'high'))}")
        risk_lines.append(f"    raised_by: [{', '.join(_q(a) for a in raised)}]")
        _evidence_lines(risk_lines, "    ", _excerpt(rng, sentence))

    # Caveats: what the source itself says about its reporting.
    text.new()
    caveat_lines: list[str] = []
    caveats = [
        (f"This report draws on reporting by {outlet} and {outlet2}, and on statements released "
         "by government offices.",
         f"The source relies on second-hand reporting by {outlet} and {outlet2}.",
         f"draws on reporting by {outlet} and {outlet2}"),
        ("The article does not say on which day the meeting took place.",
         "The briefing's date is inferred from context: the source does not give the day.",
         "does not say on which day the meeting took place"),
        ("One official, who spoke on condition of anonymity, said the figures were still being "
         "discussed.",
         "Some claims rest on a single unnamed official.",
         "who spoke on condition of anonymity"),
        (f"{outlet} was unable to confirm several of the remarks independently.",
         "Several remarks could not be confirmed independently.",
         "unable to confirm several of the remarks independently"),
    ]
    for said, warning, excerpt in rng.sample(caveats, randint(2, 3)):
        text.add(said)
        caveat_lines.append(f"  - text: {_q(warning)}")
        caveat_lines.append(f"    evidence: {_q(excerpt)}")

    stem = brief_id
    summary = (f"{lead}\n\n{countries[0][1]} and {countries[1][1]} set out sharply different "
               f"positions on {topics[0][3]}; {statements} statements are recorded below.")
    y.append(f"summary: {_q(summary)}")
    if key_points:
        y.append("key_points:")
        y.extend(f"  - {_q(point)}" for point in key_points)
    y += [
        "sources:",
        "  - id: wire",
        f"    title: {_q(headline)}",
        f"    outlet: {_q(outlet)}",
        f"    published: {as_of.isoformat()}",
        f"    url: {_q(f'https://news.example.org/{as_of.year}/{stem}')}",
        f"    reliability: {choice('ABCDEF')}",
        f"    file: {_q(stem + '.txt')}",
        "  - id: background",
        f"    title: {_q('Background: ' + topics[1][1])}",
        f"    outlet: {_q(outlet2)}",
        f"    reliability: {choice('ABCF')}",
        "countries:",
        *country_lines,
        "actors:",
    ]
    for actor in actors:
        y.append(f"  - id: {_q(actor.id)}")
        y.append(f"    name: {_q(actor.name)}")
        y.append(f"    role: {_q(actor.role)}")
        y.append(f"    kind: {actor.kind}")
        if actor.country:
            y.append(f"    country: {_q(actor.country)}")
    y.append("topics:")
    for topic_id, title, summary_text, _obj in topics:
        y.append(f"  - id: {_q(topic_id)}")
        y.append(f"    title: {_q(title)}")
        y.append(f"    summary: {_q(summary_text)}")
    y.append("positions:")
    y += pos_lines
    if st_lines:
        y.append("statements:")
        y += st_lines
    y.append("debates:")
    y += debate_lines
    y.append("risks:")
    y += risk_lines
    y.append("caveats:")
    y += caveat_lines
    y.append("")
    return brief_id, "\n".join(y), text.render()


@dataclass(frozen=True)
class LibraryInfo:
    """What :func:`generate_library` wrote."""

    folder: Path
    files: int
    statements: int
    bytes: int
    """Bytes written: briefing files and their source texts."""
    seconds: float


def generate_library(
    folder: Path | str, files: int = 10, statements_per_file: int = 100, seed: int = 0,
    vocabulary: str = "synthetic", jobs: int = 1,
) -> LibraryInfo:
    """Write ``files`` valid briefings (each with its source text) into ``folder``.

    ``jobs`` > 1 writes them from that many processes (every ``jobs``-th file each); the output
    is the same."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if vocabulary not in VOCABULARIES:
        raise ValueError(f"unknown vocabulary {vocabulary!r} (known: {', '.join(VOCABULARIES)})")
    began = time.perf_counter()
    if jobs > 1 and files > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(jobs) as pool:
            parts = [pool.submit(_write, folder, range(first, files, jobs), statements_per_file,
                                 seed, vocabulary) for first in range(min(jobs, files))]
            written = sum(part.result() for part in parts)
    else:
        written = _write(folder, range(files), statements_per_file, seed, vocabulary)
    return LibraryInfo(folder, files, files * statements_per_file, written,
                       time.perf_counter() - began)


def _write(folder: Path, indexes: range, statements: int, seed: int, vocabulary: str) -> int:
    """Write the briefings numbered ``indexes``; the bytes written."""
    written = 0
    for index in indexes:
        brief_id, yaml_text, source_text = render_briefing(index, statements, seed, vocabulary)
        yaml_bytes = yaml_text.encode("utf-8")
        source_bytes = source_text.encode("utf-8")
        (folder / f"{brief_id}.yaml").write_bytes(yaml_bytes)
        (folder / f"{brief_id}.txt").write_bytes(source_bytes)
        written += len(yaml_bytes) + len(source_bytes)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate",
        description="Write a synthetic library of valid briefings (YAML + source text per file).",
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="folder to write into (created)")
    parser.add_argument("--files", type=int, default=10, metavar="N", help="briefings (default 10)")
    parser.add_argument("--statements", type=int, default=100, metavar="M",
                        help="statements per briefing (default 100)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--vocabulary", choices=VOCABULARIES, default="synthetic",
                        help="the statements' words: 'synthetic' (about 600, from templates; the "
                             "default) or 'real' (tens of thousands of real words at their real "
                             "frequencies; needs the wordfreq package)")
    parser.add_argument("--jobs", type=int, default=1, metavar="J",
                        help="processes writing files (default 1; the output is the same)")
    options = parser.parse_args(argv)
    if options.files < 0 or options.statements < 0 or options.jobs < 1:
        parser.error("--files and --statements must not be negative, --jobs at least 1")
    try:
        info = generate_library(options.out, options.files, options.statements, options.seed,
                                options.vocabulary, options.jobs)
    except RuntimeError as error:  # bench.vocabulary.MissingVocabulary
        parser.exit(2, f"python -m bench.generate: error: {error}\n")
    print(f"wrote {info.files} briefings, {info.statements} statements, "
          f"{info.bytes / 1e6:.1f} MB to {info.folder} in {info.seconds:.2f} s "
          f"({info.bytes / 1e6 / max(info.seconds, 1e-9):.1f} MB/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
