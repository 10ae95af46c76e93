"""The words attribution is made of: reporting verbs, titles and roles, offices, outlets.

Everything is lower case; callers compare ``word.lower()``. The lists are English news usage;
they are data, kept here so that the rules in :mod:`tui.draft.attribution` stay readable.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The words of a text, as a set (the lists below are written as text)."""
    return frozenset(text.split())


REPORTING_VERBS = words(
    """
    said says say saying told tells telling added adds adding warned warns warning insisted
    insists insisting stated stating declared declares declaring noted noting
    explained explains explaining argued argues arguing claimed claiming wrote writes
    writing tweeted posted replied replies replying responded responds answered
    continued continues concluded concludes asked asks urged urges urging stressed
    stresses stressing emphasised emphasized emphasises emphasizes emphasising emphasizing
    underlined underlines acknowledged acknowledges admitted admits conceded concedes cautioned
    cautions cautioning announced announces confirmed confirms confirming denied denies remarked
    observed observes recalled predicted predicts vowed vowing pledged
    promised suggested suggests maintained maintains asserted asserts contended
    contends countered retorted complained complains lamented quipped joked
    boasted reiterated reiterates repeated accused accuses accusing called calling
    described describes describing dubbed branded labelled labeled termed mocked praised
    criticised criticized condemned condemns welcomed hailed thundered shouted whispered
    chanted replied
    """
)
"""Verbs that introduce speech, direct or reported (``said``, ``warned``, ``called it``)."""

BELIEF_VERBS = words(
    """
    believes believed thinks thought expects expected hopes hoped fears feared
    """
)
"""Verbs that report a view rather than words: reported speech only (``X believes that``)."""

PARTICIPLES = frozenset(verb for verb in REPORTING_VERBS if verb.endswith("ing"))
"""``..., saying``: the subject is the sentence's, not a word before the verb."""

SPEECH_NOUNS = words(
    """
    statement statements remark remarks words comment comments warning warnings claim claims
    pledge promise assertion insistence message vow call appeal speech address tweet post
    letter announcement response reply words view verdict assessment
    """
)
"""Nouns for something said: ``Macron's statement that "..."``."""

AUXILIARIES = words(
    """
    has had have was were is are will would also later then again further once twice quickly
    only just previously earlier recently repeatedly publicly privately bluntly firmly openly
    already subsequently separately himself herself
    """
)
"""Words that may stand between a speaker and the verb (``Rebane has also said``)."""

PERSON_ROLES = words(
    """
    president vice-president minister ministers chancellor secretary secretary-general
    spokesperson spokesman spokeswoman spokespeople ambassador senator representative
    congressman congresswoman governor mayor general admiral colonel commander commissioner
    chief director director-general chair chairman chairwoman chairperson speaker leader head
    king queen prince princess pope envoy adviser advisor official officials mp mep premier
    analyst professor diplomat diplomats negotiator aide lawmaker legislator deputy candidate
    lieutenant captain sergeant officer chancellor-elect president-elect monarch emir sheikh
    ceo founder executive expert economist researcher activist lawyer judge prosecutor
    member members spokespersons representatives scientist analysts aides staffer
    """
)
"""Head nouns of a role held by a person (``the minister``, ``a senior official``)."""

OFFICES = words(
    """
    office ministry government department cabinet administration presidency chancellery embassy
    commission council parliament agency army military police party alliance secretariat
    service command headquarters delegation mission coalition opposition bureau court
    """
)
"""Head nouns of an office or body (``the ministry``, ``the Italian Prime Minister's office``)."""

TITLE_WORDS = PERSON_ROLES | words(
    """
    prime vice deputy acting former foreign defence defense interior home finance economy
    economics trade justice health energy culture education environment transport security
    national state affairs press senior top junior shadow assistant under permanent general
    chief minister majority minority sen. rep. gov. gen. adm. col. lt. capt. dr. prof. mr. mrs. ms.
    mr mrs ms dr prof sir dame lord lady
    """
)
"""Words a title may be made of (``Deputy Prime Minister``, ``Minister of Foreign Affairs``)."""

HONORIFICS = words("mr mr. mrs mrs. ms ms. mx dr dr. prof prof. sir dame lord lady")
"""Dropped from names: ``Ms Nandra`` is Nandra."""

FEMALE_HONORIFICS = words("mrs mrs. ms ms. dame lady")
MALE_HONORIFICS = words("mr mr. sir lord")

PRONOUNS = {"he": "he", "she": "she", "they": "they", "it": "it", "him": "he", "her": "she"}
"""Pronouns an attribution may use, and the gender they imply (``it``: an office or body)."""

NAME_PARTICLES = words("von van der den de du da di la le bin ibn al el ter zu dos das")
"""Lower-case words inside a name (``Ursula von der Leyen``)."""

ORGANISATIONS = {
    "nato": "NATO",
    "eu": "EU",
    "european union": "European Union",
    "european commission": "European Commission",
    "european parliament": "European Parliament",
    "european council": "European Council",
    "un": "UN",
    "united nations": "United Nations",
    "imf": "IMF",
    "world bank": "World Bank",
    "who": "WHO",
    "osce": "OSCE",
    "g7": "G7",
    "g20": "G20",
    "african union": "African Union",
    "european defence agency": "European Defence Agency",
    "kremlin": "Kremlin",
}
"""International bodies (no country) and their usual spelling."""

OUTLETS = words(
    """
    bbc reuters ap afp dpa ansa efe tass ria interfax xinhua cnn msnbc cbs nbc abc fox npr pbs
    bloomberg politico axios guardian telegraph times observer independent spiegel
    zeit bild faz tagesspiegel handelsblatt ard zdf monde figaro libération liberation
    franceinfo france24 euronews corriere repubblica stampa rai país pais mundo err lrt lsm
    yle svt nrk tvn rzeczpospolita wyborcza kommersant vedomosti izvestia ukrinform
    ukrainska pravda kyiv independent al jazeera haaretz asahi yomiuri nhk mti ctk tanjug
    """
)
"""Words that make an outlet's name (``the BBC``, ``Le Monde``, ``NY Times``)."""

OUTLET_NOUNS = words(
    """
    newspaper paper daily weekly broadcaster radio television channel agency magazine outlet
    website station network
    """
)
"""``told the Tagesspiegel newspaper``: what follows an outlet's name."""

CAPITALISED_STOPWORDS = words(
    """
    the a an and but or nor so yet for on in at by of to from with after before during while
    when as if though although because since until meanwhile however previously later earlier
    then now today yesterday tomorrow tonight this that these those there here it its their our
    we i you his her my your one monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    asked speaking according following despite among amid under over about against
    mr mrs ms dr prof such not near outside inside beyond behind everyone nobody no all some
    many most few several both each every another other others what why how who where which
    report reports study survey poll analysis paper document review memo
    """
)
"""Capitalised words that never start or end a name (``Meanwhile``, ``On Monday``)."""
