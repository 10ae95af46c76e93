"""Countries named in a text: names, adjectives (demonyms), capitals and seats of government.

The data ships here (no network): one line per country, ``CODE | name | other names |
adjectives and peoples | capitals, seats and government buildings``. Words are matched case
sensitively as whole words (``US`` but not ``us``, ``Polish`` but not ``polish``); a longer term
wins over a shorter one (``South Korean`` over ``Korean``). Left out on purpose: names that are
more often something else in news text (``Jordan``, ``Chad``, ``Wellington``) and seats shared by
international bodies (``Brussels``, ``Strasbourg``, ``Geneva``), which name the EU, NATO or the UN
more often than their country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tui.format.countries import ISO_3166_ALPHA2

_DATA = """
AD | Andorra | | Andorran | Andorra la Vella
AE | United Arab Emirates | UAE; the Emirates | Emirati; Emiratis | Abu Dhabi; Dubai
AF | Afghanistan | | Afghan; Afghans | Kabul
AL | Albania | | Albanian; Albanians | Tirana
AM | Armenia | | Armenian; Armenians | Yerevan
AR | Argentina | | Argentine; Argentinian; Argentinians | Buenos Aires; Casa Rosada
AT | Austria | | Austrian; Austrians | Vienna
AU | Australia | | Australian; Australians | Canberra
AZ | Azerbaijan | | Azerbaijani; Azerbaijanis; Azeri | Baku
BA | Bosnia and Herzegovina | Bosnia | Bosnian; Bosnians | Sarajevo
BD | Bangladesh | | Bangladeshi | Dhaka
BE | Belgium | | Belgian; Belgians |
BG | Bulgaria | | Bulgarian; Bulgarians | Sofia
BR | Brazil | | Brazilian; Brazilians | Brasilia; Brasília; Planalto
BY | Belarus | | Belarusian; Belarusians | Minsk
CA | Canada | | Canadian; Canadians | Ottawa
CH | Switzerland | | Swiss | Bern; Berne
CL | Chile | | Chilean; Chileans | Santiago
CN | China | People's Republic of China; PRC | Chinese | Beijing; Zhongnanhai
CO | Colombia | | Colombian; Colombians | Bogota; Bogotá
CU | Cuba | | Cuban; Cubans | Havana
CY | Cyprus | | Cypriot; Cypriots | Nicosia
CZ | Czech Republic | Czechia | Czech; Czechs | Prague
DE | Germany | | German; Germans | Berlin; Bundestag; Bundesrat; Bundeswehr
DK | Denmark | | Danish; Danes | Copenhagen
DZ | Algeria | | Algerian; Algerians | Algiers
EE | Estonia | | Estonian; Estonians | Tallinn; Toompea; Riigikogu; Stenbock House
EG | Egypt | | Egyptian; Egyptians | Cairo
ES | Spain | | Spanish; Spaniards | Madrid; Moncloa
ET | Ethiopia | | Ethiopian; Ethiopians | Addis Ababa
FI | Finland | | Finnish; Finns | Helsinki
FR | France | | French; Frenchman; Frenchwoman | Paris; Elysee; Élysée; Elysée; Matignon; Quai d'Orsay; Quai d’Orsay
GB | United Kingdom | UK; U.K.; Britain; Great Britain; England; Scotland; Wales | British; Briton; Britons; Scottish; Welsh | London; Downing Street; Number 10; No 10; No. 10; Whitehall; Westminster
GE | Georgia | | Georgian; Georgians | Tbilisi
GR | Greece | | Greek; Greeks | Athens
HR | Croatia | | Croatian; Croatians; Croat; Croats | Zagreb
HU | Hungary | | Hungarian; Hungarians | Budapest
ID | Indonesia | | Indonesian; Indonesians | Jakarta
IE | Ireland | Republic of Ireland | Irish | Dublin; Dáil
IL | Israel | | Israeli; Israelis | Jerusalem; Tel Aviv; Knesset
IN | India | | Indian; Indians | New Delhi; Delhi
IQ | Iraq | | Iraqi; Iraqis | Baghdad
IR | Iran | | Iranian; Iranians | Tehran
IS | Iceland | | Icelandic; Icelanders | Reykjavik; Reykjavík
IT | Italy | | Italian; Italians | Rome; Palazzo Chigi; Quirinale; Farnesina
JO | Jordan | | Jordanian; Jordanians | Amman
JP | Japan | | Japanese | Tokyo
KE | Kenya | | Kenyan; Kenyans | Nairobi
KP | North Korea | | North Korean; North Koreans | Pyongyang
KR | South Korea | | South Korean; South Koreans | Seoul
KZ | Kazakhstan | | Kazakh; Kazakhs | Astana
LB | Lebanon | | Lebanese | Beirut
LT | Lithuania | | Lithuanian; Lithuanians | Vilnius; Seimas
LU | Luxembourg | | Luxembourgish; Luxembourger |
LV | Latvia | | Latvian; Latvians | Riga; Saeima
MA | Morocco | | Moroccan; Moroccans | Rabat
MD | Moldova | | Moldovan; Moldovans | Chisinau; Chișinău
ME | Montenegro | | Montenegrin; Montenegrins | Podgorica
MK | North Macedonia | | North Macedonian; Macedonian | Skopje
MT | Malta | | Maltese | Valletta
MX | Mexico | | Mexican; Mexicans | Mexico City
NG | Nigeria | | Nigerian; Nigerians | Abuja
NL | Netherlands | the Netherlands; Holland | Dutch | Amsterdam; The Hague
NO | Norway | | Norwegian; Norwegians | Oslo; Storting
NZ | New Zealand | | New Zealander; New Zealanders |
PK | Pakistan | | Pakistani; Pakistanis | Islamabad
PL | Poland | | Polish; Poles | Warsaw; Sejm
PS | Palestine | Palestinian territories; Gaza; West Bank | Palestinian; Palestinians | Ramallah
PT | Portugal | | Portuguese | Lisbon
QA | Qatar | | Qatari; Qataris | Doha
RO | Romania | | Romanian; Romanians | Bucharest
RS | Serbia | | Serbian; Serbians; Serb; Serbs | Belgrade
RU | Russia | Russian Federation | Russian; Russians | Moscow; Kremlin; Duma
SA | Saudi Arabia | | Saudi; Saudis | Riyadh
SE | Sweden | | Swedish; Swedes | Stockholm; Riksdag
SG | Singapore | | Singaporean |
SI | Slovenia | | Slovenian; Slovene; Slovenians | Ljubljana
SK | Slovakia | | Slovak; Slovakian; Slovaks | Bratislava
SY | Syria | | Syrian; Syrians | Damascus
TR | Turkey | Türkiye | Turkish; Turks | Ankara
TW | Taiwan | | Taiwanese | Taipei
UA | Ukraine | | Ukrainian; Ukrainians | Kyiv; Kiev; Bankova; Verkhovna Rada
US | United States | US; U.S.; USA; U.S.A.; America; United States of America | American; Americans | Washington; White House; Pentagon; State Department; Capitol Hill; Oval Office
UZ | Uzbekistan | | Uzbek; Uzbeks | Tashkent
VE | Venezuela | | Venezuelan; Venezuelans | Caracas
VN | Vietnam | Viet Nam | Vietnamese | Hanoi
XK | Kosovo | | Kosovar; Kosovars | Pristina
ZA | South Africa | | South African; South Africans | Pretoria
"""

KINDS = ("name", "name", "demonym", "place")
"""What the columns after the code hold: the name, other names, demonyms, places."""


@dataclass(frozen=True)
class Place:
    """One mention of a country in a text."""

    code: str
    start: int
    end: int
    term: str
    kind: str
    """``name``, ``demonym`` or ``place`` (a capital, seat or government building)."""


def _table() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    names: dict[str, str] = {}
    terms: dict[str, tuple[str, str]] = {}
    for line in _DATA.strip().splitlines():
        code, *columns = (part.strip() for part in line.split("|"))
        if code not in ISO_3166_ALPHA2:
            raise ValueError(f"places: {code} is not an ISO 3166-1 alpha-2 code")
        names[code] = columns[0]
        for kind, column in zip(KINDS, columns, strict=True):
            for term in filter(None, (t.strip() for t in column.split(";"))):
                terms.setdefault(term, (code, kind))
    return names, terms


COUNTRY_NAMES, TERMS = _table()
"""The English short name of every country known here; every term and its (code, kind)."""

_SKIP = frozenset({"Jordan"})
"""Names left out of matching (see the module's docstring); their adjectives still count."""


_UPPER = {
    term.upper(): value for term, value in TERMS.items()
    if value[1] in ("name", "place") and len(term) > 3 and term.upper() not in TERMS
}
"""``PARIS``, ``TALLINN``: names and capitals in capitals, as datelines write them."""


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    words = sorted([*(t for t in TERMS if t not in _SKIP), *_UPPER], key=len, reverse=True)
    body = "|".join(re.escape(word) for word in words)
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w])(?!\.\w)")


def find_places(text: str, start: int = 0, end: int | None = None) -> list[Place]:
    """Every mention of a country in ``text[start:end]``, in order."""
    found = []
    for match in _pattern().finditer(text, start, len(text) if end is None else end):
        code, kind = TERMS.get(match.group()) or _UPPER[match.group()]
        found.append(Place(code, match.start(), match.end(), match.group(), kind))
    return found


def country_of(phrase: str) -> str | None:
    """The country a phrase names first (``Estonian Prime Minister`` → ``EE``), if any."""
    places = find_places(phrase)
    return places[0].code if places else None


def country_name(code: str) -> str:
    """The English short name of a country (the code itself when it is not known here)."""
    return COUNTRY_NAMES.get(code, code)
