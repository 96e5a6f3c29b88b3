"""Titles, honorifics, pronouns and organisation words used to read speaker phrases.

All entries are lower case; hyphens count as spaces when matching ("Secretary-General").
"""
from quotearchive.rules.first_names import FEMALE, MALE

# Honorifics: dropped from the name; some tell the speaker's gender.
HONORIFICS = {
    "mr": "m", "mr.": "m", "mister": "m", "sir": "m", "lord": "m",
    "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f", "madam": "f", "dame": "f", "lady": "f",
    "dr": None, "dr.": None, "prof": None, "prof.": None,
}

# Words that make a name's leading words a role ("French President Emmanuel Macron":
# the role is everything up to the last of these, the name what follows).
TITLE_WORDS = frozenset("""
president vice secretary general secretary-general chief minister premier chancellor governor gov gov.
senator sen sen. representative rep rep. congressman congresswoman councillor councilor councilman
councilwoman alderman mayor deputy judge justice attorney prosecutor sheriff commissioner director
chairman chairwoman chair chairperson ceo cfo coo cto founder executive spokesman spokeswoman spokesperson
ambassador envoy king queen prince princess pope cardinal bishop archbishop rabbi imam reverend rev rev.
captain capt capt. coach manager colonel col col. lieutenant lt lt. sergeant sgt sgt. commander
admiral major officer detective inspector constable superintendent marshal lawyer professor prof prof.
dr dr. doctor economist analyst researcher scientist president-elect leader speaker whip treasurer
administrator commander-in-chief head principal superintendent dean provost rector chief-executive
staff trustee gm mp mpp mla mha mna reeve warden ombudsman registrar curator historian chef owner
goalie goaltender netminder quarterback pitcher striker winger defenceman defenseman keeper skipper
corporal constable pastor father imam coroner auditor comptroller clerk commissioner assemblyman
assemblywoman delegate councilmember supervisor selectman selectwoman chancellor vice-chancellor
meteorologist forecaster epidemiologist physician surgeon pharmacist therapist psychologist sociologist
architect engineer planner strategist consultant pollster lecturer trooper firefighter paramedic
""".split())

# Abbreviated titles and the word they stand for, so "Sen. Maria Okafor" is later "the senator".
TITLE_ABBREVIATIONS = {
    "sen": "senator", "gov": "governor", "rep": "representative", "gen": "general", "lt": "lieutenant",
    "capt": "captain", "sgt": "sergeant", "prof": "professor", "dr": "doctor", "supt": "superintendent",
    "insp": "inspector", "det": "detective", "atty": "attorney", "cmdr": "commander", "col": "colonel",
    "adm": "admiral", "pres": "president", "coun": "councillor", "cllr": "councillor", "gm": "general manager",
    "ceo": "chief executive", "cfo": "chief financial officer", "coo": "chief operating officer",
    "const": "constable", "cst": "constable", "cpl": "corporal",
    "hon": "honourable", "maj": "major", "fr": "father", "msgr": "monsignor",
}

# Nouns that head a person description ("the French president", "the senator",
# "a spokeswoman for the city"). A description resolves to a person seen with that role.
PERSON_ROLE_NOUNS = frozenset("""
president secretary-general secretary chief minister premier chancellor governor senator representative
congressman congresswoman councillor councilor councilman councilwoman mayor judge justice attorney
prosecutor sheriff commissioner director chairman chairwoman chair chairperson ceo executive founder
spokesman spokeswoman spokesperson ambassador envoy king queen prince princess pope coach manager captain
officer detective inspector professor doctor economist analyst researcher scientist leader lawmaker
legislator candidate nominee official diplomat general admiral commander lawyer premier owner
president-elect striker midfielder goalkeeper defender player chief-executive superintendent principal
dean teacher nurse resident witness victim driver organizer organiser activist author writer
trustee curator historian chef goalie goaltender netminder quarterback pitcher winger defenceman
defenseman keeper skipper firefighter paramedic pastor coroner auditor supervisor clerk host anchor
columnist editor reporter correspondent entrepreneur farmer fisherman spokesman spokeswoman
wife husband son daughter mother father brother sister spouse partner friend neighbour neighbor aunt
uncle cousin grandmother grandfather widow widower fiancee fiance colleague
woman man shopper commuter voter passenger customer patron rider parent student retiree homeowner tenant
meteorologist forecaster epidemiologist physician surgeon pharmacist therapist psychologist engineer
""".split())

# Nouns that head an organisation or group speaker ("Seoul's foreign ministry",
# "the White House", "police", "the company").
ORG_NOUNS = frozenset("""
ministry department office agency government administration council committee commission authority
authorities police company firm corporation campaign party union board court bureau service embassy
white house kremlin army military navy spokesperson's club team league federation association institute
university hospital school district city county state group organisation organization foundation
network coalition alliance bank regulator organization organisation newspaper council
detachment unit division squad precinct station branch statement release
""".split())

# Plural nouns for people nobody names ("officials said", "critics say"): the
# speaker stays unknown, the phrase is kept as the role.
UNNAMED_GROUPS = frozenset("""
officials critics residents experts analysts sources witnesses people protesters opponents supporters
observers insiders neighbours neighbors parents students workers members officers prosecutors investigators
lawmakers legislators economists scientists researchers doctors nurses fans voters
""".split())

# Heads of a bare description that stand for an organisation named earlier
# ("Acme Corp. ... the company said"): resolved to it, or to nobody.
ORG_DESCRIPTION_HEADS = frozenset("""
company firm corporation group bank club team campaign agency ministry department organization
organisation union board council government administration network business retailer carrier
utility airline insurer lender developer operator manufacturer maker provider chain association
service office authority commission coalition federation institute police statement release
""".split())

# Last words of a company's name ("Halvorsen Foods Inc.", "Arcadia Rail Corp.").
COMPANY_NAME_HEADS = frozenset("""
inc inc. corp corp. co co. ltd ltd. llc plc group company holdings industries foods energy motors
airlines systems technologies labs pharmaceuticals partners capital media health bank
""".split())

# Capitalised words that end an organisation's name ("Thales Group", "Anne of Kyiv Brigade"):
# a name ending in one of these is not a person.
ORG_NAME_HEADS = frozenset("""
ministry department office agency government administration council committee commission authority
police company corp corp. corporation inc inc. ltd ltd. llc plc co co. group party union board court
bureau service services embassy house army navy brigade battalion regiment force forces club fc united
team league federation association institute university college hospital school district city county
foundation network coalition alliance bank news times post journal herald gazette tribune press
agency dialogue summit conference forum region sea ocean river mountains islands parliament congress
senate assembly cabinet kremlin pentagon nations organisation organization fund program programme
""".split())

# Role and family nouns that tell a person's gender ("His wife, Corinne Harlan").
GENDERED_NOUNS = {
    **{w: "f" for w in """wife mother sister daughter widow queen princess spokeswoman chairwoman
       councilwoman congresswoman businesswoman grandmother aunt niece girlfriend fiancee actress
       waitress""".split()},
    **{w: "m" for w in """husband father brother son widower king prince spokesman chairman councilman
       congressman businessman grandfather uncle nephew boyfriend fiance actor""".split()},
}

# Pronouns that can stand for a speaker, with the gender/number they carry.
PRONOUNS = {
    "he": "m", "she": "f", "they": "p", "it": "n", "we": "p", "i": None,
}

# Capitalised words that begin sentences or name times and places of no speaker:
# never the start of a person's name on their own.
NOT_NAME_WORDS = frozenset("""
the a an in on at but and or if when while after before this that these those it he she they we i
his her their its our my your prior during according last next another others someone somebody
anyone everyone nobody many few
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december there here what why how who where as for with from by
earlier later meanwhile however still yet so then now today yesterday tomorrow also both each every
some many most several all no not one two three four five six seven eight nine ten first second
""".split())

# Lower-case particles that may stand inside a personal name ("Ursula von der Leyen").
NAME_PARTICLES = frozenset("de da del della der di du van von la le bin al el ibn dos das st st.".split())

# Given names with the gender they usually carry (rules/first_names.py), used only to
# pick the antecedent of "he"/"she"; a name missing there simply has no known gender.
FIRST_NAMES = {**{name: "m" for name in MALE}, **{name: "f" for name in FEMALE}}
