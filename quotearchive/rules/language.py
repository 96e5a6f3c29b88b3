"""Small closed word classes of English that the extractor reads sentences with.

All entries are lower case.
"""

DETERMINERS = frozenset("the a an this that".split())
POSSESSIVE_DETERMINERS = frozenset("his her their its my our your".split())

# Words that open an introductory phrase set off by a comma ("In April, ...",
# "Speaking at the summit, ...", "According to a news agency, ..."): the subject
# of the sentence comes after that comma.
INTRO_WORDS = frozenset("""
in at on during after before according following prior with amid despite while as since last earlier
later for from under when once until upon within without throughout between among beyond
asked pressed questioned reached contacted told
""".split())

# Words that open an indefinite phrase naming nobody ("One resident", "a woman", "another shopper").
INDEFINITE_WORDS = frozenset("a an one another some".split())

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")

# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = frozenset("""
mr mrs ms dr st sen rep gov gen lt col capt sgt prof jr sr inc corp co ltd no vs etc
jan feb mar apr aug sept sep oct nov dec u.s u.k u.n e.g i.e a.m p.m mt ft rev pres
const cst cpl det insp supt coun cllr hon atty maj adm cmdr fr msgr sup
""".split())

# Abbreviations that stand before a name and so never end a sentence ("Dr. Lee").
TITLE_ABBREVIATIONS_BEFORE_NAMES = frozenset("""
mr mrs ms dr st sen rep gov gen lt col capt sgt prof rev pres no const cst cpl det insp supt coun cllr hon
atty maj adm cmdr fr msgr
""".split())

# Small words that may stay lower case inside a Title Case name ("Rivers of Glass").
TITLE_CASE_SMALL_WORDS = frozenset("a an the of and in on for to at with or by".split())
# Words that never belong to a lower-case title before a name ("said harbour master
# Oona Vell", but not "said on Friday Oona Vell" or "said that the New York office").
NOT_TITLE_WORDS = frozenset("""
a an the this that these those of and or but nor in on for to at with by from as into
than then after before when while because if so not also
""".split())

# Words before a single quoted word that make it the writer's irony, not a quotation
# ("the club's "project"", "a "temporary" closure").
SCARE_QUOTE_LEAD_WORDS = frozenset("the a an its his her their our this that so-called".split())

# Words that, with a verb ending "-ing", can open an introductory clause ("Speaking on Friday, ...").
# Any capitalised "-ing" word at the start of a sentence is treated the same way.
NEGATIONS = frozenset("not no never nobody nothing neither nor none cannot n't don't won't can't "
                      "isn't aren't wasn't weren't doesn't didn't shouldn't wouldn't couldn't".split())
