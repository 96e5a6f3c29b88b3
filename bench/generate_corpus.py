#!/usr/bin/env python3
"""Write a synthetic news corpus for benchmarks: N distinct articles from a seed.

Every word comes from the templates and word lists below (written for this
project; no third-party text). The people, places, outlets, companies and wire
services are invented. The same seed and arguments give byte-identical output.

What the articles contain:

* a title, an outlet (about 40), a publication date between 2016 and 2026;
* 6-14 paragraphs of news prose (roughly 350-900 words) on one of ten topics
  (budget, transit, courts, storms, sports, business, health, schools,
  elections, housing), with about 8-12 direct quotations attributed in varied
  styles: '"...," said NAME, ROLE.', '"...," NAME said.', 'NAME said: "..."',
  'ROLE NAME told reporters on WEEKDAY that the plan was "..."', split quotes,
  quote-only continuation paragraphs, pronouns ("she added"), role
  descriptions ("the mayor said"), 'according to NAME', organisations as
  speakers, quotes running over two paragraphs, scare quotes and report titles;
  straight and curly marks;
* speakers drawn from a few thousand invented people (and a few hundred
  organisations) with Zipf-like frequency, each with a role and a gender;
* about 5% of quotes repeat an earlier statement of the same speaker, trimmed
  or reworded, as another outlet would report it;
* boilerplate now and then: crawl header and timestamp lines, bylines,
  "(OUTLET)" prefixes, wire datelines and credits, related-headline lines,
  photo captions, republication notices. HTML pages carry <title>, og:site_name,
  article:published_time, a canonical link, <nav>, <aside>, <figure> and
  <footer>; JSONL records are {"title", "text", "published", "outlet", "url"}.

Example:
    python bench/generate_corpus.py /tmp/corpus --articles 10000 --seed 7
    python bench/generate_corpus.py /tmp/corpus --articles 500 --formats txt,jsonl
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import random
import sys
from itertools import accumulate
from pathlib import Path

# Internal quotation marks, replaced by straight or curly marks when an article is rendered.
O, C = "\x01", "\x02"

FORMAT_WEIGHTS = {"txt": 70, "html": 15, "jsonl": 15}
JSONL_PER_FILE = 100
PEOPLE = 4000          # invented people in the speaker pool
ZIPF_EXPONENT = 1.05
REPEAT_RATE = 0.05     # share of quotes that re-report an earlier statement of their speaker

# --------------------------------------------------------------------------- names

FIRST_NAMES = [
    # English
    ("Emily", "f"), ("Sarah", "f"), ("Jessica", "f"), ("Hannah", "f"), ("Rachel", "f"), ("Laura", "f"),
    ("Megan", "f"), ("Olivia", "f"), ("Grace", "f"), ("Charlotte", "f"), ("Rebecca", "f"), ("Katherine", "f"),
    ("Margaret", "f"), ("Susan", "f"), ("Linda", "f"), ("Karen", "f"), ("Helen", "f"), ("Alice", "f"),
    ("Claire", "f"), ("Fiona", "f"), ("Diane", "f"), ("Natalie", "f"), ("Joanna", "f"), ("Ruth", "f"),
    ("Abigail", "f"), ("Maya", "f"),
    ("James", "m"), ("Michael", "m"), ("David", "m"), ("Robert", "m"), ("William", "m"), ("Thomas", "m"),
    ("Daniel", "m"), ("Matthew", "m"), ("Andrew", "m"), ("Richard", "m"), ("Christopher", "m"), ("Mark", "m"),
    ("Paul", "m"), ("Steven", "m"), ("Kevin", "m"), ("Brian", "m"), ("George", "m"), ("Edward", "m"),
    ("Peter", "m"), ("Simon", "m"), ("Nathan", "m"), ("Gregory", "m"), ("Patrick", "m"), ("Samuel", "m"),
    ("Owen", "m"), ("Marcus", "m"), ("Felix", "m"),
    # French
    ("Amélie", "f"), ("Camille", "f"), ("Chloé", "f"), ("Élodie", "f"), ("Margaux", "f"), ("Céline", "f"),
    ("Sophie", "f"), ("Juliette", "f"), ("Manon", "f"), ("Isabelle", "f"), ("Nathalie", "f"), ("Delphine", "f"),
    ("Olivier", "m"), ("Julien", "m"), ("Mathieu", "m"), ("Nicolas", "m"), ("Guillaume", "m"), ("Antoine", "m"),
    ("Étienne", "m"), ("Laurent", "m"), ("Sébastien", "m"), ("Thierry", "m"), ("François", "m"), ("Benoît", "m"),
    ("Hugo", "m"),
    # Spanish
    ("Lucía", "f"), ("Carmen", "f"), ("Sofía", "f"), ("Valentina", "f"), ("Isabel", "f"), ("Marisol", "f"),
    ("Paloma", "f"), ("Elena", "f"), ("Ximena", "f"), ("Rocío", "f"), ("Beatriz", "f"), ("Leila", "f"),
    ("Javier", "m"), ("Mateo", "m"), ("Alejandro", "m"), ("Diego", "m"), ("Santiago", "m"), ("Rafael", "m"),
    ("Andrés", "m"), ("Joaquín", "m"), ("Emilio", "m"), ("Carlos", "m"), ("Tomás", "m"),
    # South Asian
    ("Priya", "f"), ("Anjali", "f"), ("Deepa", "f"), ("Kavita", "f"), ("Sunita", "f"), ("Meera", "f"),
    ("Aisha", "f"), ("Nisha", "f"), ("Lakshmi", "f"), ("Shreya", "f"), ("Pooja", "f"), ("Farah", "f"),
    ("Arjun", "m"), ("Rohan", "m"), ("Sanjay", "m"), ("Vikram", "m"), ("Rahul", "m"), ("Amit", "m"),
    ("Imran", "m"), ("Karthik", "m"), ("Nikhil", "m"), ("Rajesh", "m"), ("Sameer", "m"), ("Vivek", "m"),
    ("Ravi", "m"),
    # East Asian
    ("Mei", "f"), ("Yuki", "f"), ("Hana", "f"), ("Seo-yeon", "f"), ("Ji-woo", "f"), ("Xiaoling", "f"),
    ("Haruka", "f"), ("Aiko", "f"), ("Min-ji", "f"), ("Lan", "f"), ("Sakura", "f"), ("Yan", "f"),
    ("Wei", "m"), ("Hiroshi", "m"), ("Kenji", "m"), ("Min-jun", "m"), ("Jae-won", "m"), ("Takeshi", "m"),
    ("Haruto", "m"), ("Jun", "m"), ("Zhiwei", "m"), ("Daisuke", "m"), ("Sung-ho", "m"), ("Tao", "m"),
]

SURNAMES = [
    # common English
    "Carter", "Hughes", "Bennett", "Foster", "Hayes", "Morgan", "Brooks", "Walsh", "Fletcher", "Harper",
    "Sullivan", "Reynolds", "Porter", "Chambers", "Lawson", "Marsh", "Dixon", "Holloway", "Barrett", "Caldwell",
    "Whitaker", "Ashby", "Pryce", "Doyle", "Gallagher", "Keane", "Lynch", "Mercer", "Norris", "Osborne",
    "Palmer", "Quinn", "Rowe", "Sheridan", "Thornton", "Underwood", "Vaughn", "Webb", "Yates", "Ellison",
    "Garland", "Hollis", "Kendall", "Lowell", "Mayhew", "Pickering", "Radley", "Stanton", "Tolland", "Winslow",
    # French
    "Moreau", "Lefèvre", "Girard", "Dubois", "Fontaine", "Marchand", "Rousseau", "Chevalier", "Lambert", "Mercier",
    "Gauthier", "Perrin", "Lemaire", "Bonnet", "Roussel", "Faure", "Blanchard", "Picard", "Delacroix", "Tessier",
    "Garnier", "Boucher", "Renaud", "Vasseur", "Charpentier",
    # Spanish
    "Navarro", "Ortega", "Castillo", "Herrera", "Medina", "Vargas", "Delgado", "Romero", "Serrano", "Morales",
    "Cabrera", "Fuentes", "Ibarra", "Salazar", "Quintero", "Paredes", "Guzmán", "Acosta", "Valencia", "Montoya",
    "Estrada", "Cordero", "Peña", "Soler", "Robles",
    # South Asian
    "Sharma", "Iyer", "Patel", "Rao", "Desai", "Mehta", "Nair", "Kapoor", "Banerjee", "Chatterjee",
    "Reddy", "Menon", "Joshi", "Pillai", "Malhotra", "Bhatt", "Qureshi", "Siddiqui", "Chaudhry", "Gupta",
    "Kulkarni", "Agarwal", "Saxena", "Trivedi", "Ahmed",
    # East Asian
    "Tanaka", "Nakamura", "Chen", "Wong", "Park", "Kim", "Lin", "Suzuki", "Watanabe", "Yamamoto",
    "Zhang", "Liu", "Huang", "Choi", "Jung", "Kang", "Ito", "Sato", "Takahashi", "Zhou",
    "Xu", "Lee", "Cho", "Ng", "Matsuda",
    # invented
    "Thornbury", "Vasquell", "Merriwether", "Quillan", "Ostrander", "Brackwell", "Ferncastle", "Hollowell",
    "Ambrose-Kite", "Dunmore", "Elderfield", "Farrowby", "Glenholme", "Harrowgate", "Ivesdale", "Jessamy",
    "Kettleborough", "Larkmoor", "Marwood", "Netherby", "Oakhurst", "Pennifold", "Quarrington", "Redfern",
    "Saltonstall", "Tarrant", "Umberleigh", "Vellacott", "Wexcombe", "Yardley", "Ashcombe", "Birchall",
    "Colbourne", "Dewhurst", "Emberton", "Fallowes", "Greaves", "Hathersage", "Inchbold", "Jolliffe",
    "Kingsmill", "Lockridge", "Mallender", "Northcote", "Orpington", "Pellow", "Rathbone", "Sandiford",
    "Tregarth", "Wyndham",
]

MIDDLE_INITIALS = "ABCDEFGHJKLMNPRSTW"

# --------------------------------------------------------------------------- places and institutions

CITIES = [
    "Brindlemoor", "Calderwick", "Dunhallow", "Eastmere Falls", "Fenwick Cross", "Glenbarrow", "Harrowfield",
    "Ironhaven", "Juniper Point", "Kelsing", "Lowmarsh", "Millbrook Landing", "Northwold", "Oakvale",
    "Pellingham", "Quarry Bend", "Redhollow", "Silverfen", "Thistlewick", "Umberton", "Valecrest",
    "Westhaven Quay", "Yarrowby", "Ambersea",
]
DISTRICTS = [
    "Eastgate", "Old Harbour", "Mill Quarter", "Northfield", "Riverside", "Southbank", "Hill End",
    "Cannery Wharf", "Station Square", "Westmoor", "Linden Park", "Fairview", "Kingsway", "Ropewalk",
    "Chapel Hill", "Orchard Lane", "Market Ward", "Tanners Yard", "Lower Bridge", "Greenacre", "Copper Flats",
    "Sailmakers Quarter", "Elm Terrace", "Beacon Heights", "Ferry Point", "Foundry Lane", "the Saltings",
    "Upper Town", "Brickfields", "Glasshouse Row",
]
STREET_NAMES = ["Harbour", "Mill", "Station", "Chapel", "Granary", "Linden", "Beacon", "Foundry", "Tanner",
                "Orchard", "Quay", "Market", "Rope", "Ferry", "Lantern", "Kingfisher", "Sexton", "Weaver"]
STREET_KINDS = ["Street", "Road", "Avenue", "Lane", "Boulevard", "Way"]
MASCOTS = ["Herons", "Foxes", "Mariners", "Rovers", "Comets", "Ironsides", "Kestrels", "Otters", "Lanterns",
           "Badgers", "Gulls", "Wolves", "Stags", "Pilots"]
COMPANY_STEMS = ["Kestrel", "Bluefen", "Granite Peak", "Orchardline", "Silverline", "Tidewater", "Halcyon",
                 "Brightwater", "Larkspur", "Copperfield", "Meadowlark", "Ironbark", "Northgale", "Pinecrest",
                 "Redwing", "Stonebridge", "Sunvale", "Thornfield", "Westmarch", "Amberlight", "Cobalt Ridge",
                 "Driftwood", "Emberline", "Foxglove", "Glimmerhook", "Harrowden", "Juniper Row", "Lodestar",
                 "Marlowe & Finch", "Quillstone"]
COMPANY_SECTORS = ["Foods", "Logistics", "Energy", "Pharmaceuticals", "Motors", "Software", "Mining",
                   "Airlines", "Telecom", "Retail", "Shipping", "Insurance", "Robotics", "Textiles", "Brewing"]
BANKS = ["Harlow Mercantile Bank", "Greystone Capital", "the Coastal Savings Bank", "Vantage Row Securities",
         "Albright & Pell", "Northmark Investments", "Cinderford Trust", "Blue Anchor Partners"]
SAINTS = ["Agnes", "Bartholomew", "Clement", "Hilda", "Jude", "Margaret", "Osmund", "Winifred"]
PARTIES = ["Forward Party", "Civic League", "Green Coalition", "Citizens' Union", "Liberty Bloc",
           "Social Democratic Alliance"]
WEATHER_OFFICES = ["National Weather Office", "Coastal Forecast Centre", "Regional Storm Desk"]
WIRES = ["Fictional Wire", "Coastline Wire", "Meridian Newswire", "Northstar Press Agency", "Lantern Wire"]
JOBS = ["pharmacist", "bus driver", "nurse", "retired teacher", "shop owner", "student", "carpenter",
        "software developer", "fisherman", "café owner", "delivery driver", "accountant", "mother of three",
        "father of two", "plumber", "hairdresser", "night-shift cleaner", "florist", "electrician", "baker"]

OUTLETS = [
    "The Harbourside Ledger", "Evening Lantern", "Coastal Observer", "The Daily Compass", "Northwold Tribune",
    "Valecrest Sentinel", "The Morning Beacon", "Riverline Post", "Calderwick Chronicle", "The Saltings Review",
    "Ironhaven Examiner", "Quarry Bend Gazette", "The Weekly Tidewater", "Pellingham Herald", "Metro Dispatch",
    "The Civic Record", "Lowmarsh Mercury", "Silverfen Times", "Oakvale Standard", "The Junction Reporter",
    "Redhollow Clarion", "Thistlewick Bulletin", "The Lighthouse Journal", "Brindlemoor Free Press",
    "Dunhallow Advertiser", "The Capital Monitor", "Westhaven Quay Packet", "The Inland Courier",
    "Glenbarrow Argus", "Ambersea Gazette", "The Citizen Ledger", "Harbour Line News", "The Evening Signal",
    "Kelsing Telegraph", "The Regional Digest", "Yarrowby Echo", "Umberton Guardian", "The Valley Almanac",
    "Fenwick Cross Courier", "The Northern Lamp",
]
SECTIONS = ["news", "local", "politics", "business", "sport", "health", "education", "weather", "region"]
TOPIC_SECTIONS = {"budget": ("politics", "local", "news"), "transit": ("local", "news", "region"),
                  "courts": ("news", "local"), "storms": ("weather", "news", "region"), "sports": ("sport",),
                  "business": ("business",), "health": ("health", "news"), "schools": ("education", "local"),
                  "elections": ("politics", "news"), "housing": ("local", "news", "region")}

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "fifteen", "twenty"]

# --------------------------------------------------------------------------- topics

# Roles: (pre-name title or None, appositive description, short reference or None, bound to a city).
# {spokes} becomes spokeswoman/spokesman; {city}, {company}, ... are filled when the person is created.
TOPICS: dict[str, dict] = {
    "budget": {
        "weight": 12,
        "things": ["the sea wall repairs", "bus subsidies", "the library service", "road maintenance",
                   "the reserve fund", "property taxes", "street lighting", "the pension shortfall",
                   "park upkeep", "the new fire station", "youth centres", "snow clearing", "the harbour bridge",
                   "waste collection"],
        "groups": ["taxpayers", "working families", "pensioners", "small businesses", "residents", "homeowners",
                   "renters", "council staff"],
        "subjects": ["the plan", "the budget", "the proposal", "the spending plan"],
        "roles": [("Mayor", "the mayor of {city}", "the mayor", True),
                  ("Councillor", "a member of the {city} city council", "the councillor", True),
                  ("Finance Minister", "the country's finance minister", "the minister", False),
                  ("budget director", "the city's budget director", "the budget director", True),
                  (None, "a {spokes} for the city's finance office", "the {spokes}", True),
                  ("Deputy Mayor", "the deputy mayor of {city}", "the deputy mayor", True)],
        "orgs": [("the city's finance office", "the finance office", True),
                 ("the {city} city council", "the council", True),
                 ("the council's audit committee", "the committee", True)],
        "titles": ["{City} council backs {money} budget after long debate", "Budget row deepens over {thing}",
                   "{City} mayor unveils spending plan with cuts to {thing}", "Opposition vows to amend {city} budget",
                   "Council vote on {thing} delayed again", "{City} faces {money} shortfall, finance office warns",
                   "What the new {city} budget means for {group}", "{City} budget leans on reserve to fund {thing}"],
        "leads": ["{City}'s city council will vote next week on a {money} budget that protects {thing} and trims "
                  "spending on {thing2}, {lead} announced on {weekday}.",
                  "The {city} budget for {year_next} would raise spending on {thing} by {pct} while freezing "
                  "{thing2}, according to figures released on {weekday}.",
                  "Councillors in {city} clashed on {weekday} over a draft budget that leaves a {money} gap in "
                  "funding for {thing}.",
                  "{Lead} on {weekday} defended a spending plan that would draw {money} from the city's reserves "
                  "to pay for {thing}."],
        "narrative": ["The plan draws {money} from the city's reserve, a fund that opposition councillors have "
                      "long guarded.",
                      "Spending on {thing} has risen by {pct} over the past {num_words} years.",
                      "The council's finance committee is due to publish its review of {thing} in {month}.",
                      "Officials said the changes would not require a rise in property taxes next year.",
                      "A similar proposal was rejected in {year_prev} after objections from {group}.",
                      "The budget runs to more than {num_pages} pages and includes {num} separate amendments.",
                      "{District} and {district2} would see the largest share of the new spending.",
                      "The vote is scheduled for {weekday_any} at {time_of_day} in the council chamber.",
                      "The city ended last year with a surplus of {money}, its first in {num_words} years.",
                      "Under the plan, {thing} would receive {money} over {num_words} years.",
                      "The finance office expects tax receipts to grow by {pct} next year.",
                      "Borrowing costs now take up about {pct} of the city's annual spending.",
                      "The last time the council raised property taxes was in {year_prev}.",
                      "Several councillors from {district} have said they will vote against the plan.",
                      "An independent auditor is due to report on the city's accounts in {month}."],
        "quotes": ["This is a budget for the people who actually use this city every day.",
                   "Nobody who relies on {thing} should pay for a decade of neglect.",
                   "If we do nothing, the bill for {thing} will climb every single year.",
                   "Raiding the reserve is not a plan, it's a gamble with other people's money.",
                   "We ran the numbers {count_words} times and the reserve stays above the legal minimum.",
                   "I will not sign off on a budget that cuts {thing} to pay for {thing2}.",
                   "Every dollar we spend on {thing} now saves us {num_words} dollars later.",
                   "The finance office has been clear with us about what {thing} will cost.",
                   "We can argue about {thing2}, but {thing} cannot wait another winter.",
                   "This budget asks {group} to carry a burden they did not create."],
        "public": ["My rates went up again and the potholes on my street are still there.",
                   "We use the library every week, and now they want to close it on Saturdays.",
                   "I don't mind paying more if I can see where the money goes."],
        "fragments": ["a budget for everyone", "the most honest budget in years", "a raid on the reserve",
                      "reckless with public money", "fiscally responsible", "a shell game with {thing}",
                      "the best deal {group} could hope for", "an accounting trick"],
    },
    "transit": {
        "weight": 11,
        "things": ["the night bus service", "the tram extension", "fares", "the new timetable", "the ferry link",
                   "the {district} line", "bus lanes", "station accessibility", "the rail depot", "driver shortages",
                   "the ticketing system", "the bridge closure"],
        "groups": ["commuters", "bus drivers", "shift workers", "students", "disabled passengers",
                   "season ticket holders", "tram crews", "passengers"],
        "subjects": ["the new timetable", "the fare rise", "the plan", "the strike", "the closure"],
        "roles": [("transit chief", "head of the {city} Transit Authority", "the transit chief", True),
                  (None, "a {spokes} for the city's transport department", "the {spokes}", True),
                  ("Transport Minister", "the transport minister", "the minister", False),
                  ("union leader", "leader of the transit workers' union in {city}", "the union leader", True),
                  (None, "who chairs the council's transport committee", "the committee chair", True)],
        "orgs": [("the city's transport department", "the department", True),
                 ("{city} Transit Authority", "the authority", True),
                 ("Harbor Transit Authority", "the authority", False),
                 ("the transit workers' union", "the union", True)],
        "titles": ["Strike shuts down {city} buses and trams", "{City} fares to rise by {pct} in {month}",
                   "Commuters face weeks of disruption as work on {thing} begins", "Transit authority defends {thing}",
                   "{City} unveils plan to extend {thing}", "Drivers walk out over {thing}",
                   "New timetable leaves {district} without a late bus", "Who pays for {thing}?"],
        "leads": ["{City}'s buses and trams stopped running on {weekday} as transit workers began a strike over "
                  "{thing}.",
                  "Passengers in {city} will pay {pct} more for a single ticket from {month}, {lead} said on "
                  "{weekday}.",
                  "The {city} Transit Authority on {weekday} announced a {money} plan to overhaul {thing}.",
                  "Commuters from {district} face longer journeys after {lead} confirmed on {weekday} that "
                  "{thing} would be suspended for {num_words} weeks."],
        "narrative": ["The authority carries about {num_thousands} passengers on an average weekday.",
                      "Talks between the union and the authority are expected to resume on {weekday_any}.",
                      "The {district} route was cut in {year_prev} to save {money_small} a year.",
                      "Replacement buses will run every {num_minutes} minutes, the authority said.",
                      "Ridership has recovered to about {pct} of its pre-pandemic level.",
                      "The union says {num} drivers have left the service in the past year.",
                      "Work on {thing} began in {year_prev} and is running {num_small} months behind schedule.",
                      "A single fare currently costs {fare}.",
                      "The authority has ordered {num_small} new trams, the first of which is due in {year_next}.",
                      "Fares have risen {num_few} times since {year_prev}.",
                      "A survey by a passenger group found that {pct} of buses ran late last month.",
                      "The {district} depot employs about {num_hundreds} people.",
                      "Cyclists have long complained about the junction at {street}."],
        "quotes": ["We did not want this strike, but the authority has left us no choice at all.",
                   "The timetable was written by people who never ride the bus.",
                   "Nobody in {district} should wait forty minutes for a bus at night.",
                   "We have to pay for {thing} somehow, and fares are part of that.",
                   "Our drivers are exhausted and our passengers are fed up.",
                   "The trams are older than most of the people driving them.",
                   "We expect services on {thing} to be back to normal by {weekday_any}.",
                   "Every extra minute on the platform is a minute taken from {group}."],
        "public": ["I walked for an hour to get here, and I will walk home again tonight.",
                   "I have used {thing} for {num_words} years and it has never been this bad.",
                   "I'm going to be late for my shift again, and my boss does not want to hear about buses."],
        "fragments": ["a slap in the face for {group}", "unworkable", "the only way to keep {thing} running",
                      "a temporary inconvenience", "chaos from start to finish", "a fair offer",
                      "long overdue for {district}", "a broken promise to {group}"],
    },
    "courts": {
        "weight": 9,
        "things": ["the fraud case", "the appeal", "the sentencing hearing", "the jury's verdict", "bail",
                   "the evidence", "the retrial", "the inquiry", "witness protection", "the plea deal"],
        "groups": ["the victims' families", "the jury", "witnesses", "the defendants", "victims", "investigators"],
        "subjects": ["the ruling", "the sentence", "the investigation", "the verdict", "the appeal"],
        "roles": [("Judge", "a judge of the {city} district court", "the judge", True),
                  ("District Attorney", "the {city} district attorney", "the prosecutor", True),
                  ("defence lawyer", "a defence lawyer based in {city}", "the lawyer", True),
                  ("Police Chief", "the {city} police chief", "the police chief", True),
                  ("Detective Inspector", "who led the investigation", "the detective", True),
                  ("Justice Minister", "the justice minister", "the minister", False)],
        "orgs": [("police", "police", False), ("the {city} police department", "the department", True),
                 ("the district attorney's office", "the office", True)],
        "titles": ["Jury finds {city} developer guilty of fraud", "Judge delays ruling in {district} case",
                   "Appeal lodged after {city} verdict", "Police chief defends handling of {thing}",
                   "Former official sentenced to {num_small} years", "Court hears from {group} on day {num_small}",
                   "Prosecutors drop charges in {district} case", "Retrial ordered over {thing}"],
        "leads": ["A jury in {city} on {weekday} found a former property developer guilty of defrauding {group} "
                  "of more than {money}.",
                  "{Lead} on {weekday} rejected a request to delay {thing}, saying the case had already taken too "
                  "long.",
                  "Prosecutors in {city} said on {weekday} they would appeal after a judge threw out {thing}.",
                  "A {city} man was sentenced on {weekday} to {num_small} years in prison over a robbery in "
                  "{district}."],
        "narrative": ["The trial lasted {num_words} weeks and heard from {num} witnesses.",
                      "The defendant, who denied all charges, is expected to appeal.",
                      "Sentencing is scheduled for {month}.",
                      "The case began in {year_prev} after an audit found {money} missing.",
                      "Court documents show the payments were made through {num_small} separate accounts.",
                      "The maximum penalty for the offence is {num_words} years in prison.",
                      "Several relatives of the victims wept as the verdict was read in court.",
                      "The hearing was adjourned until {weekday_any}.",
                      "The defendant's lawyers had argued that key evidence was obtained improperly.",
                      "Three of the charges were dropped before the trial began.",
                      "The court heard evidence from a forensic accountant over {num_few} days.",
                      "Reporting restrictions were lifted at the end of the trial.",
                      "The case is one of the largest of its kind heard in {city} since {year_prev}."],
        "quotes": ["The jury has spoken, and we respect its decision.",
                   "My client maintains his innocence and we will appeal.",
                   "This was a calculated scheme that targeted {group} who trusted him.",
                   "Justice delayed is justice denied, and this case has been delayed far too long.",
                   "We will review the ruling carefully before deciding on our next steps.",
                   "The evidence in this case was overwhelming.",
                   "No verdict can bring back what these families have lost.",
                   "I have asked officers to review every step of {thing}.",
                   "The court cannot ignore the harm done to {group}.",
                   "We followed the evidence wherever it led."],
        "public": ["We sat through every day of this trial and we finally have an answer.",
                   "I just want to know why it took so long.",
                   "He took everything we had saved."],
        "fragments": ["a miscarriage of justice", "fair and proportionate", "deeply flawed",
                      "a victory for {group}", "long overdue", "a dark chapter for {city}",
                      "entirely without merit", "the right outcome"],
    },
    "storms": {
        "weight": 8,
        "things": ["the flood defences", "the evacuation order", "power lines", "the storm drains",
                   "emergency shelters", "the coastal road", "the river levels", "sandbag supplies",
                   "the warning system", "the clean-up"],
        "groups": ["residents", "families in low-lying streets", "farmers", "emergency crews", "shop owners",
                   "volunteers", "elderly residents"],
        "subjects": ["the response", "the evacuation order", "the forecast", "the clean-up", "the warning"],
        "roles": [("meteorologist", "a meteorologist at the {weather}", "the meteorologist", False),
                  ("Fire Chief", "chief of the {city} fire department", "the fire chief", True),
                  ("emergency management director", "the {city} emergency management director", "the director",
                   True),
                  ("Governor", "the governor of the coastal province", "the governor", False)],
        "orgs": [("the {weather}", "the forecaster", False),
                 ("the {city} emergency management office", "the office", True),
                 ("the regional power company", "the utility", False)],
        "titles": ["Storm {storm} batters {city} coast", "Thousands without power after storm hits {district}",
                   "{City} orders evacuation of low-lying streets", "Flood waters recede in {district}",
                   "Storm {storm} clean-up to cost {money}", "Forecasters warn of second storm",
                   "River breaks banks in {city}", "Residents return to damaged homes in {district}"],
        "leads": ["Storm {storm} tore through {city} overnight into {weekday}, bringing down power lines and "
                  "flooding streets in {district}.",
                  "More than {num_thousands} homes in {city} were without power on {weekday} after winds of "
                  "{num_wind} miles per hour hit the coast.",
                  "{Lead} on {weekday} ordered residents of {district} to leave their homes as the river rose "
                  "above its banks.",
                  "The clean-up after Storm {storm} will cost {city} at least {money}, officials said on "
                  "{weekday}."],
        "narrative": ["Winds reached {num_wind} miles per hour at the harbour mouth.",
                      "About {num_thousands} customers were still without power late on {weekday}.",
                      "The river peaked at {num_small} metres above its normal level.",
                      "Schools in {district} and {district2} will remain closed until {weekday_any}.",
                      "The last storm of comparable strength struck the region in {year_prev}.",
                      "Emergency shelters have been opened at {num_small} schools across the city.",
                      "The coastal road remains closed between {district} and {district2}.",
                      "Forecasters expect up to {num_small} inches of rain over the next two days.",
                      "Insurers have received more than {num_thousands} claims so far.",
                      "Trees were brought down across the road to {district}, blocking it for several hours.",
                      "The harbour was closed to shipping for {num_few} days.",
                      "Volunteers handed out hot meals at the {district} community centre.",
                      "Engineers will inspect the sea wall on {weekday_any}."],
        "quotes": [
                   "Please stay off the roads unless your journey is absolutely necessary.",
                   "Our crews have been working around the clock since {weekday_any}.",
                   "The next twelve hours are going to be critical for {district}.",
                   "If you are told to leave, leave, and do not wait to see how bad it gets.",
                   "The flood defences did exactly what they were built to do.",
                   "We will not know the full extent of the damage until the water goes down.",
                   "This storm is moving more slowly than we expected, which makes it more dangerous.",
                   "Volunteers have filled more sandbags than we could count."],
        "public": ["I have lived here for {num_words} years and I have never seen the water this high.",
                   "We lost everything on the ground floor in about twenty minutes.",
                   "The whole street came out to help, even people we had never met."],
        "fragments": ["a once-in-a-generation storm", "life-threatening", "too little, too late",
                      "a miracle nobody was killed", "the worst flooding since {year_prev}",
                      "devastating for {group}", "entirely preventable", "a textbook response"],
    },
    "sports": {
        "weight": 10,
        "things": ["the defence", "the second half", "the injury list", "the new stadium", "the transfer window",
                   "the title race", "the cup run", "set pieces", "the away form", "the penalty decision"],
        "groups": ["the fans", "the players", "the supporters", "the young players", "the coaching staff",
                   "season ticket holders"],
        "subjects": ["the result", "the performance", "the season", "the decision", "the win"],
        "roles": [("head coach", "head coach of the {team}", "the coach", True),
                  ("captain", "captain of the {team}", "the captain", True),
                  (None, "a forward for the {team}", None, True),
                  ("goalkeeper", "the {team} goalkeeper", "the goalkeeper", True),
                  (None, "chair of the {team}", "the chair", True),
                  ("Sports Minister", "the sports minister", "the minister", False)],
        "orgs": [("the {team}", "the club", True), ("the league", "the league", False)],
        "titles": ["{Team} beat {opp} {score} to stay in title race", "{Team} coach under pressure after defeat",
                   "Late goal sinks {team}", "{Team} confirm plans for {money} stadium",
                   "Injury blow for {team} ahead of cup tie", "{Team} end losing run against {opp}",
                   "Fans protest as {team} slip to {num_small}th", "Captain signs new deal with {team}"],
        "leads": ["The {team} came from behind to beat the {opp} {score} on {weekday}, keeping alive their hopes "
                  "of a first title since {year_prev}.",
                  "A stoppage-time goal handed the {team} a {score} defeat at home to the {opp} on {weekday}.",
                  "{Lead} said on {weekday} that the club would not panic after a run of {num_words} games "
                  "without a win.",
                  "The {team} on {weekday} unveiled plans for a {money} stadium on the old docks in {district}."],
        "narrative": ["The {team} are {num_small}th in the table, {num_small} points behind the leaders.",
                      "A crowd of {num_thousands} watched the match in steady rain.",
                      "The {team} host the {opp} on {weekday_any}.",
                      "The club last won the league in {year_prev}.",
                      "Two players were taken off injured in the first half.",
                      "The new stadium would hold about {num_thousands} spectators.",
                      "The winning goal came in the {num_min}th minute.",
                      "The {team} have conceded {num_small} goals in their last three games.",
                      "The club has spent about {money} on new players since the summer.",
                      "Tickets for the next home game sold out within hours.",
                      "The {team} have won only {num_small} of their last {num_small2} away games.",
                      "The coach has been in charge since {year_prev}.",
                      "Fans held a minute's applause in the {num_min}th minute for a former player."],
        "quotes": ["We showed real character in the second half.",
                   "The lads gave everything tonight and the fans deserved that.",
                   "We are not good enough at the moment, and I take responsibility for that.",
                   "It was a penalty all day long, and everyone in the ground saw it.",
                   "We will look at the video on {weekday_any} and move on.",
                   "The supporters have stuck with us through a very hard run.",
                   "I have never played in an atmosphere like that.",
                   "There are still {num_words} games to go and anything can happen.",
                   "We have to be braver on the ball, especially away from home.",
                   "The new stadium will keep this club in {city} for another hundred years."],
        "public": ["I've had a season ticket for {num_words} years and that was the worst I've seen.",
                   "What a night to be here.",
                   "The coach has to go, it's as simple as that."],
        "fragments": ["a massive three points", "unacceptable", "the best performance of the season",
                      "a bad day at the office", "a fantastic goal", "a step forward for the club",
                      "a real statement", "simply not good enough"],
    },
    "business": {
        "weight": 10,
        "things": ["the merger", "quarterly profits", "the factory closure", "job cuts", "the new plant",
                   "energy costs", "the share price", "export orders", "the supply chain", "the takeover bid",
                   "interest rates", "wage talks"],
        "groups": ["shareholders", "workers", "customers", "suppliers", "investors", "employees", "small firms"],
        "subjects": ["the deal", "the quarter", "the merger", "the outlook", "the closure"],
        "roles": [("chief executive", "chief executive of {company}", "the chief executive", False),
                  ("analyst", "an analyst at {bank}", "the analyst", False),
                  ("Economy Minister", "the economy minister", "the minister", False),
                  (None, "chief financial officer of {company}", "the finance chief", False),
                  (None, "who represents workers at the {company} plant in {city}", "the union official", True)],
        "orgs": [("{company} Inc.", "the company", False), ("{company}", "the company", False),
                 ("the chamber of commerce", "the chamber", True)],
        "titles": ["{Company} profits fall {pct} as costs bite", "{Company} to cut {num} jobs in {city}",
                   "{Company} agrees {money} takeover", "Shares in {company} jump after upbeat forecast",
                   "{Company} opens new plant in {district}", "Workers fear for jobs as {company} reviews {thing}",
                   "{Company} chief defends pay deal", "What the {company} merger means for {city}"],
        "leads": ["{Company} on {weekday} reported a {pct} fall in quarterly profit, blaming {thing} and weaker "
                  "demand.",
                  "{Company} will cut {num} jobs at its {city} site as part of a review of {thing}, the company "
                  "said on {weekday}.",
                  "{Lead} on {weekday} defended a {money} takeover that would create one of the region's largest "
                  "employers.",
                  "Shares in {company} rose {pct} on {weekday} after the company raised its forecast for the year."],
        "narrative": ["The company employs about {num_thousands} people, {num_hundreds} of them in {city}.",
                      "Revenue for the quarter came to {money}.",
                      "The deal still needs the approval of competition regulators.",
                      "Shares have lost about {pct} of their value since {month}.",
                      "The site in {district} opened in {year_prev}.",
                      "Analysts had expected profit of about {money}.",
                      "The company will publish full-year results in {month}.",
                      "Unions have called a meeting of members for {weekday_any}.",
                      "The company was founded in {city} in {year_prev}.",
                      "Its largest market outside the country is its export business, which grew by {pct}.",
                      "The company said it would hold talks with unions over the coming weeks.",
                      "Competitors have also warned of rising costs in recent months.",
                      "Its chief executive received a pay package of {money_small} last year."],
        "quotes": ["This has been a difficult quarter, but the business is fundamentally strong.",
                   "We know this is hard news for our people in {city}.",
                   "The market had priced in much worse than this.",
                   "Energy costs have doubled for us in {num_words} years.",
                   "We remain committed to {city} and to our workforce.",
                   "I think investors will want to see a clearer plan for {thing}.",
                   "The merger gives us the scale to compete abroad.",
                   "We will be talking to every affected employee over the coming weeks.",
                   "Demand from our biggest customers has held up better than we feared."],
        "public": ["Nobody at this plant was consulted about {thing}.",
                   "My husband has worked at that plant for {num_words} years.",
                   "Prices in the shops keep going up and wages don't."],
        "fragments": ["a good deal for shareholders", "a betrayal of {group}", "broadly in line with expectations",
                      "a turning point for the company", "short-sighted", "the right decision for {city}",
                      "a very solid quarter", "bad news for {group}"],
    },
    "health": {
        "weight": 9,
        "things": ["the vaccination drive", "waiting lists", "the new clinic", "the flu season", "the outbreak",
                   "ambulance response times", "nurse staffing", "the maternity ward", "mental health services",
                   "the emergency department"],
        "groups": ["patients", "nurses", "doctors", "parents", "care home residents", "older people", "families"],
        "subjects": ["the outbreak", "the vaccination drive", "the new guidance", "the closure", "the plan"],
        "roles": [("Dr.", "an epidemiologist at {hospital}", "the epidemiologist", True),
                  ("Health Minister", "the health minister", "the minister", False),
                  ("public health director", "the {city} public health director", "the health director", True),
                  ("Dr.", "chief medical officer at {hospital}", "the chief medical officer", True),
                  (None, "a nurse at {hospital}", None, True)],
        "orgs": [("the health ministry", "the ministry", False), ("{hospital}", "the hospital", True),
                 ("the city's public health department", "the department", True)],
        "titles": ["Cases rise in {city} as flu season peaks", "{Hospital} to close ward over staffing",
                   "Waiting lists in {city} hit record high", "New clinic opens in {district}",
                   "Health officials urge caution over {thing}", "Nurses warn of strain on {thing}",
                   "{City} outbreak traced to {district} restaurant", "Vaccination drive extended to {group}"],
        "leads": ["Health officials in {city} on {weekday} reported {num} new cases linked to an outbreak in "
                  "{district}.",
                  "{Lead} said on {weekday} that {thing} would be expanded after a rise in admissions.",
                  "{Hospital} will close its {district} ward for {num_words} weeks because of a shortage of "
                  "nurses, the hospital said on {weekday}.",
                  "Patients in {city} are waiting an average of {num_small} months for routine operations, "
                  "figures published on {weekday} show."],
        "narrative": ["The hospital treated {num_thousands} patients in its emergency department last year.",
                      "The number of cases has risen by {pct} in a month.",
                      "The clinic in {district} will open {num_small} days a week.",
                      "Officials urged anyone with symptoms to stay at home.",
                      "Waiting times have grown every year since {year_prev}.",
                      "About {pct} of eligible adults have been vaccinated so far.",
                      "The ministry has set aside {money} for extra staff.",
                      "A review of {thing} is due to report in {month}.",
                      "The hospital has {num_hundreds} beds and employs about {num_signatures} staff.",
                      "Vacancy rates for nurses stand at about {pct}.",
                      "The ministry said it would publish new figures every {weekday_any}.",
                      "Doctors' groups have called for an inquiry into {thing}.",
                      "The new clinic cost {money_small} to build."],
        "quotes": ["The best thing people can do right now is wash their hands and stay home if they are ill.",
                   "Our staff are working flat out, but there are only so many hours in a day.",
                   "We are seeing more patients, and they are sicker when they arrive.",
                   "Nobody should wait {num_words} months for a hip operation.",
                   "The outbreak is under control, but we are not complacent.",
                   "I would urge every parent to check their child's vaccinations.",
                   "This clinic will make a real difference to {group} in {district}.",
                   "We have the beds, we just do not have the nurses.",
                   "The data tell us the worst of the flu season may be behind us.",
                   "I want every patient to be seen within four hours."],
        "public": ["I waited {num_small} hours in the emergency department with my son.",
                   "The nurses were wonderful, but they were run off their feet.",
                   "Having a clinic in {district} means I don't need two buses to see a doctor."],
        "fragments": ["a public health emergency", "manageable", "a crisis in slow motion",
                      "the safest option for {group}", "deeply worrying", "a welcome step",
                      "not sustainable", "good news for {group}"],
    },
    "schools": {
        "weight": 8,
        "things": ["school closures", "the new curriculum", "teacher pay", "class sizes", "free school meals",
                   "exam results", "the school bus contract", "the funding formula", "the new science block",
                   "after-school clubs"],
        "groups": ["parents", "teachers", "pupils", "students", "headteachers", "families", "support staff"],
        "subjects": ["the closure plan", "the new curriculum", "the funding formula", "the pay offer", "the plan"],
        "roles": [("superintendent", "superintendent of {city} public schools", "the superintendent", True),
                  ("principal", "principal of {school}", "the principal", True),
                  (None, "president of the {city} teachers' union", "the union president", True),
                  ("Education Minister", "the education minister", "the minister", False),
                  (None, "who chairs the {city} school board", "the board chair", True)],
        "orgs": [("the {city} school board", "the board", True), ("the teachers' union", "the union", False),
                 ("the education ministry", "the ministry", False)],
        "titles": ["{City} school board votes to close {num_small} schools", "Teachers reject pay offer",
                   "Exam results rise at {school}", "Parents fight closure of {school}",
                   "Free school meals to be extended in {city}", "New curriculum draws criticism from {group}",
                   "{City} schools face {money} shortfall", "Class sizes grow across {city}"],
        "leads": ["The {city} school board voted on {weekday} to close {num_small} schools at the end of the year, "
                  "citing falling enrolment.",
                  "Teachers in {city} rejected a pay offer of {pct} on {weekday}, raising the prospect of strikes "
                  "in {month}.",
                  "{Lead} on {weekday} announced {money} for {thing}, describing it as the largest investment in a "
                  "decade.",
                  "Parents at {school} on {weekday} began a campaign to reverse a decision on {thing}."],
        "narrative": ["Enrolment in the district has fallen by {pct} since {year_prev}.",
                      "About {num_thousands} pupils attend schools in {district}.",
                      "The union said it would ballot members in {month}.",
                      "The board meets again on {weekday_any}.",
                      "The average class now has {num_class} pupils.",
                      "The new building is expected to open in {year_next}.",
                      "The offer would add about {pay_rise} a month to a starting teacher's salary.",
                      "A consultation on {thing} closes in {month}.",
                      "The district employs about {num_thousands} teachers.",
                      "The affected schools were built in the {decade}.",
                      "A petition against the closures has gathered {num_signatures} signatures.",
                      "The ministry's funding formula was last revised in {year_prev}.",
                      "Pupils in {district} travel an average of {num_small} miles to school."],
        "quotes": ["Closing a school is the hardest decision a board can make.",
                   "Our children deserve better than portable classrooms.",
                   "Teachers have had a real-terms pay cut every year for {num_words} years.",
                   "The numbers simply do not add up for a school with half its desks empty.",
                   "Every child in {city} should have a hot meal at lunchtime.",
                   "The curriculum was rushed and teachers were not consulted.",
                   "We want every pupil to leave school ready for work or university.",
                   "This investment will be felt in classrooms for a generation."],
        "public": ["My daughter has had {num_words} different maths teachers this year.",
                   "We will keep fighting for {school} until the last day.",
                   "I chose this neighbourhood because of the school."],
        "fragments": ["a betrayal of {group}", "the only responsible choice", "an insult to teachers",
                      "a lifeline for {group}", "rushed and chaotic", "a step in the right direction",
                      "unfair to {group} in {district}", "a historic investment"],
    },
    "elections": {
        "weight": 9,
        "things": ["the turnout", "the televised debate", "campaign spending", "postal votes", "the recount",
                   "the polls", "the manifesto", "the housing pledge", "the tax pledge", "the coalition talks"],
        "groups": ["voters", "young voters", "party members", "volunteers", "undecided voters", "supporters"],
        "subjects": ["the campaign", "the result", "the debate", "the manifesto", "the recount"],
        "roles": [("Sen.", "a {party} senator", "the senator", False),
                  ("Rep.", "a {party} member of the state assembly", "the lawmaker", False),
                  (None, "the {party} candidate for mayor of {city}", "the candidate", True),
                  ("campaign manager", "campaign manager for the {party}", "the campaign manager", False),
                  ("Prof.", "a political scientist at the University of {city}", "the professor", True),
                  ("Mayor", "the mayor of {city}", "the mayor", True)],
        "orgs": [("the electoral commission", "the commission", False), ("the {party}", "the party", False)],
        "titles": ["{Party} wins {city} mayoral race", "Recount ordered in {district}",
                   "Turnout falls to {pct} in {city} election", "Candidates clash over {thing} in debate",
                   "{Party} launches campaign in {city}", "Polls tighten ahead of {city} vote",
                   "Coalition talks stall in {city}", "Election night in {city}: what we learned"],
        "leads": ["The {party} won control of {city} city hall on {weekday}, ending {num_words} years in "
                  "opposition.",
                  "Voters in {city} go to the polls on {weekday_any} after a campaign dominated by {thing}.",
                  "{Lead} on {weekday} conceded defeat after a recount in {district} confirmed a margin of "
                  "{num} votes.",
                  "Turnout in the {city} mayoral election fell to {pct}, the lowest since {year_prev}, the "
                  "electoral commission said on {weekday}."],
        "narrative": ["The {party} took {pct} of the vote.",
                      "Polling stations open at {time_of_day} and close at ten at night.",
                      "The result in {district} was decided by {num} votes.",
                      "The new council will be sworn in on {weekday_any}.",
                      "Turnout was highest in {district} and lowest in {district2}.",
                      "The campaign spent {money}, according to filings with the electoral commission.",
                      "The last mayoral election, in {year_prev}, was also decided by a recount.",
                      "Both candidates have promised to publish their tax returns.",
                      "The campaign officially ended at midnight on {weekday_any}.",
                      "The {party} had led in most polls throughout the campaign.",
                      "About {num_hundreds} volunteers worked at polling stations across the city.",
                      "The count at the {district} sports hall ran late into the night.",
                      "Both main candidates grew up in {district}."],
        "quotes": ["The people of {city} have voted for change, and we will deliver it.",
                   "We ran a positive campaign and I am proud of every volunteer.",
                   "I called my opponent this morning to congratulate her.",
                   "Voters are tired of promises about {thing} that never happen.",
                   "This election was about {thing}, and we listened.",
                   "Every vote will be counted, however long it takes.",
                   "The polls have been wrong before, and they will be wrong again.",
                   "I knocked on doors in {district} every night for {num_words} weeks.",
                   "We will sit down with anyone who shares our priorities.",
                   "A turnout this low should worry every party."],
        "public": ["I've voted in every election since I was eighteen, but this time I nearly stayed home.",
                   "Nobody from any party has knocked on my door.",
                   "I just want someone who will fix the roads."],
        "fragments": ["a landslide", "a mandate for change", "too close to call", "a wake-up call for the party",
                      "the dirtiest campaign in memory", "a new chapter for {city}", "a victory for {group}",
                      "deeply disappointing"],
    },
    "housing": {
        "weight": 8,
        "things": ["the rent cap", "the rezoning plan", "the new tower", "affordable homes", "the waiting list",
                   "eviction notices", "the housing grant", "empty properties", "the {district} development",
                   "short-term lets"],
        "groups": ["tenants", "landlords", "first-time buyers", "young families", "renters", "homeowners",
                   "people on the waiting list"],
        "subjects": ["the development", "the rent cap", "the rezoning plan", "the scheme", "the plan"],
        "roles": [("Councillor", "who leads on housing for the {city} city council", "the councillor", True),
                  (None, "director of the {city} Tenants' Association", "the tenants' leader", True),
                  ("Housing Minister", "the housing minister", "the minister", False),
                  (None, "managing director of {developer}", "the developer", False),
                  (None, "a {spokes} for the city's housing department", "the {spokes}", True)],
        "orgs": [("the city's housing department", "the department", True), ("{company}", "the developer",
                                                                               False),
                 ("the Tenants' Association", "the association", True)],
        "titles": ["{City} approves {num} new homes in {district}", "Rents in {city} rise {pct} in a year",
                   "Tenants protest against {thing}", "Rezoning plan for {district} goes to vote",
                   "Council to buy empty homes in {city}", "Developer scales back {district} tower",
                   "Waiting list for social housing tops {num_thousands}", "Rent cap extended for two years"],
        "leads": ["{City} councillors on {weekday} approved plans for {num} new homes on the former rail yard in "
                  "{district}.",
                  "Average rents in {city} rose {pct} in the past year, according to figures published on "
                  "{weekday}.",
                  "{Lead} on {weekday} defended {thing} after tenants marched on city hall.",
                  "More than {num_thousands} households are now on the {city} housing waiting list, the city said "
                  "on {weekday}."],
        "narrative": ["About {pct} of the new homes would be classed as affordable.",
                      "The site in {district} has stood empty since {year_prev}.",
                      "Average rent for a two-bedroom flat is now {rent} a month.",
                      "The planning committee meets again in {month}.",
                      "The developer has agreed to pay {money} towards local schools and roads.",
                      "Construction is expected to start in {year_next}.",
                      "Tenants' groups say evictions rose by {pct} last year.",
                      "The rent cap limits annual increases to {pct_small}.",
                      "The city owns about {num_thousands} homes, most of them built before {year_prev}.",
                      "Average house prices in {city} have risen by {pct} in five years.",
                      "Planning permission for the site was first sought in {year_prev}.",
                      "The council has {num_hundreds} empty properties on its books.",
                      "Tenants in {district} have formed a union to push for repairs."],
        "quotes": ["People who grew up in {district} can no longer afford to live there.",
                   "We need homes, and we need them in the places people actually want to live.",
                   "A rent cap without new building just makes the queue longer.",
                   "This development will bring {num} homes and hundreds of jobs to {district}.",
                   "Landlords are selling up because the rules keep changing.",
                   "Every empty flat in this city is a family without a home.",
                   "We listened to residents and cut the tower by {num_small} storeys.",
                   "Tenants should not be afraid to ask for repairs.",
                   "The market on its own is not going to fix this."],
        "public": ["I have been on the waiting list for {num_words} years.",
                   "Our rent has gone up {pct} in two years.",
                   "My landlord hasn't fixed the damp in three winters."],
        "fragments": ["a lifeline for {group}", "a giveaway to developers", "the right scheme in the right place",
                      "overdue", "a disaster for {district}", "modest but welcome", "a cynical land grab",
                      "good news for {group}"],
    },
}
TOPIC_NAMES = list(TOPICS)

# Sentences any topic can use. {thing}, {group}, {subj} come from the article's topic.
GENERIC_QUOTES = [
    "We have been talking about {thing} for {num_words} years, and it is time to act.",
    "Nobody should have to choose between {thing} and {thing2}.",
    "I understand why {group} are angry about {thing}.",
    "This is about {group}, not about politics.",
    "The people of {district} deserve better than this.",
    "There is no quick fix for {thing}, and anyone who tells you otherwise is not being honest.",
    "If we do nothing, {thing} will only get worse.",
    "I have spoken to {group} in {district} and they are worried about {thing}.",
    "We are not going to apologise for putting {group} first.",
    "It is a {adj} day for {city}.",
    "What we saw on {weekday_any} was {verdict}.",
    "Our job is to make sure {group} are not left behind.",
    "We will publish the full figures before {month}.",
    "I am confident we can get this done by {month} {year_next}.",
    "This has taken far longer than it should have.",
    "My door is open to anyone who wants to talk about {thing}.",
    "We need answers about {thing}, and we need them quickly.",
    "I don't think {group} will accept another delay.",
    "Nobody told us anything until {weekday_any}.",
    "We have a plan for {thing}, and we are sticking to it.",
    "I want to thank {group} for their patience.",
    "People in {district} have been asking the same question for months.",
    "We should have moved faster on {thing}, and I accept that.",
    "Nothing about {thing} has been easy.",
    "The figures speak for themselves.",
    "It is not perfect, but it is a lot better than what we had.",
    "We are still waiting for a straight answer on {thing}.",
    "I am not going to pretend this is easy for {group}.",
    "There will be more to say about {thing} in the coming weeks.",
    "We owe it to {group} to get {thing} right.",
    "You cannot run a city on good intentions.",
    "The decision on {thing} was not taken lightly.",
]
OPENERS = ["Frankly, ", "Look, ", "To be honest, ", "In my view, ", "At the end of the day, ", "Let me be clear: ",
           "Honestly, ", "I'll say this: ", "Right now, ", "As I said on {weekday_any}, ", "Quite simply, ",
           "Believe me, ", "For what it's worth, ", "Again, "]
# Tails go on short sentences without a comma of their own.
TAILS = [", whatever the critics say", ", and everyone in this room knows it", ", full stop",
         ", and I think most people understand that", ", as far as I am concerned", ", in my experience",
         ", and I have said so to the {outlet_short}", ", and we will keep saying it", ", and that is the truth",
         ", and I make no apology for that"]
# What ordinary people (residents, passengers, parents) say, on any topic.
GENERIC_PUBLIC = [
    "I have lived in {district} for {num_words} years and I have never seen anything like this.",
    "Nobody asked us what we wanted.",
    "We just want someone to listen.",
    "I don't know how much longer we can keep going like this.",
    "It's not right, and everybody on this street knows it.",
    "I'm not against {thing}, I just want it done properly.",
    "We found out about it from a leaflet through the door.",
    "I'll believe it when I see it.",
    "Most of my neighbours feel the same way.",
    "It feels like {district} always comes last.",
    "My kids ask me about it every morning.",
    "I was surprised, to be honest, because nobody had said a word about it.",
    "We have been hearing about {thing} since {year_prev}.",
    "I hope they get it right this time.",
]
# What organisations say in statements.
ORG_QUOTES = [
    "We are aware of the concerns about {thing} and are reviewing them.",
    "We will provide a further update on {weekday_any}.",
    "The safety of {group} remains our highest priority.",
    "We regret the disruption this has caused to {group}.",
    "We do not comment on individual cases.",
    "All options for {thing} remain under review.",
    "We have been in regular contact with {group} throughout.",
    "We continue to cooperate fully with the authorities.",
    "The figures published on {weekday_any} do not reflect the full picture.",
    "Further details on {thing} will be published in {month}.",
    "We apologise to anyone affected.",
    "We remain committed to {city} and to the communities we serve.",
    "We acknowledge the decision and are studying it carefully.",
    "Questions about {thing} should be directed to the {city} council.",
    "An independent review of {thing} will begin in {month}.",
    "Our teams were on site within {num_small} hours.",
    "We expect to set out our response to {group} before the end of {month}.",
    "The changes to {thing} were approved after {num_words} months of consultation.",
]
ADJ = ["good", "proud", "difficult", "sad", "historic", "humbling", "hard", "great", "bittersweet"]
ADJ2 = ["frankly unacceptable", "a wake-up call", "deeply disappointing", "nothing short of remarkable",
        "a disgrace", "exactly what we feared", "better than we hoped", "a real turning point",
        "a mess from start to finish", "the best of this city"]
FRAG_ADVERBS = ["", "", "", "frankly ", "simply ", "absolutely ", "clearly ", "plainly "]
FRAG_SUFFIXES = [" for {group}", " for {district}", " for {group} in {district}", " at a time like this",
                 " in {year}", " for the whole of {city}", " on every level", " by any measure"]
GENERIC_FRAGMENTS = ["a step in the right direction", "long overdue", "deeply irresponsible",
                     "the only sensible option left", "a gamble with {thing}", "unfair to {group}",
                     "a good deal for {district}", "built on wishful thinking", "not worth the paper it is written on",
                     "too little, too late", "a serious mistake", "the right call"]

GENERIC_NARRATIVE = [
    "The {city} council did not respond to a request for comment.",
    "The {outlet_short} was unable to independently verify the figures.",
    "A council meeting on the issue on {weekday_any} lasted more than {num_few} hours.",
    "About {num_hundreds} people attended a public meeting on the issue, many of them from {district}.",
    "A final decision is expected in {month}.",
    "The issue has divided opinion in {district} for years.",
    "Similar disputes have played out in {other_city} and {other_city2}.",
    "Critics have questioned whether the timetable is realistic.",
    "Officials declined to say when more details would be released.",
    "The matter is expected to come up again at the next council meeting on {weekday_any}.",
    "Residents of {district} have started a petition that has gathered about {num_signatures} signatures.",
    "A public meeting is planned at the {district} community centre on {weekday_any} evening.",
    "The {outlet_short} has asked to see the correspondence under freedom of information rules.",
    "The question is likely to feature in the next municipal election, due in {year_next}.",
    "Local businesses in {district} say they have been left in the dark.",
    "The figures were first reported by the {other_outlet} last month.",
    "Opposition members said they would raise the matter at {weekday_any}'s meeting.",
    "In {year_prev}, a similar row ended only after {num_few} months of negotiation.",
    "Neither side has said what would happen if talks fail.",
    "An online survey by a residents' group drew about {num_hundreds} responses.",
]
# Narrative paragraphs with a scare quote or a report title in marks (not speech).
SCARE = [
    "The plan draws on the so-called " + O + "{fund}" + C + " reserve, which has not been touched since {year_prev}.",
    "A report titled " + O + "{report}" + C + " warned in {year_prev} that {thing} would need urgent attention.",
    "What critics call the " + O + "{approach}" + C + " approach has been tried before, with mixed results.",
    "The findings were set out in a {num_pages}-page review, " + O + "{report}" + C + ", published in {month}.",
    "Opponents have taken to calling the proposal a " + O + "{approach}" + C + " plan, a label its backers reject.",
]
FUND_WORDS = ["rainy day", "last resort", "safety valve", "contingency", "emergency"]
APPROACH_WORDS = ["wait and see", "business as usual", "fast track", "clean slate", "quick fix", "sticking plaster",
                  "kick the can"]
REPORT_TITLES = ["{Adj} Foundations: A Review of {Thing}", "Counting the Cost of {Thing}",
                 "A City at a Crossroads", "Who Pays? {Thing} in {City}", "Fixing {Thing}: The Next {Num_words} Years",
                 "The {District} Question", "Lessons From {Year_prev}"]
CAPTIONS = [
    "{name} speaks to reporters outside city hall in {city} on {weekday}.",
    "Residents of {district} look on as crews begin work on {weekday}.",
    "{name} arrives for a meeting in {city}.",
    "A view of {district} from the harbour wall.",
    "Protesters gather outside the council chamber in {city} on {weekday}.",
    "{name}, pictured in {year_prev}.",
]
NOTICE = [
    "/Public Release. This text was issued by the organisation named above and may reflect a particular moment "
    "in time; it has been edited lightly for style and length. The {outlet_short} takes no institutional "
    "position on its contents, and any views belong to the original author or authors.",
    "/Public Release. The material above comes from the issuing organisation and is reproduced in full. "
    "It may be dated, and it has been trimmed for length only. Opinions in it are those of its authors, "
    "not of the {outlet_short}.",
]
SYNONYMS = [("people", "residents"), ("very", "really"), ("think", "believe"), ("every", "each"),
            ("quickly", "soon"), ("hard", "tough"), ("plan", "proposal"), ("city", "town"),
            ("worried", "concerned"), ("years", "long years"), ("simply", "just"), ("real", "genuine")]
CONTRACTIONS = [("we will", "we'll"), ("do not", "don't"), ("it is", "it's"), ("cannot", "can't"),
                ("I am", "I'm"), ("we are", "we're"), ("did not", "didn't"), ("is not", "isn't"),
                ("I have", "I've"), ("we have", "we've"), ("that is", "that's"), ("they are", "they're")]
DECAP_WORDS = {"We", "This", "The", "Nobody", "There", "It", "Our", "People", "Every", "If", "What", "That", "You",
               "Nothing", "Everyone", "No", "These", "Those", "My", "All", "A", "An", "In", "For", "When",
               "Families", "Residents", "Please", "Demand", "Energy", "Closing", "Teachers", "Tenants",
               "Landlords", "Justice", "Voters", "Volunteers", "Raiding", "Replacement", "Both", "Having"}


# --------------------------------------------------------------------------- helpers

def cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def title_case(text: str) -> str:
    """'Counting the cost of the night bus service' -> 'Counting the Cost of the Night Bus Service'."""
    small = {"a", "an", "and", "at", "for", "in", "of", "on", "or", "the", "to"}
    words = text.split(" ")
    return " ".join(w if (i and w in small) or not w[:1].islower() else cap(w) for i, w in enumerate(words))


def slugify(text: str, limit: int = 60) -> str:
    out = []
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")[:limit].strip("-")


def article_count_words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


class Speaker:
    __slots__ = ("sid", "name", "surname", "gender", "pre", "desc", "short", "topics", "city", "is_org", "rank",
                 "voice", "company", "party")

    def __init__(self, sid, name, surname, gender, pre, desc, short, topics, city, is_org):
        self.sid, self.name, self.surname, self.gender = sid, name, surname, gender
        self.pre, self.desc, self.short = pre, desc, short
        self.topics, self.city, self.is_org = topics, city, is_org
        self.rank = 0
        self.voice = "org" if is_org else "official"
        self.company = self.party = None


class ZipfPool:
    """Speakers drawn with weight 1/rank**s, where rank is the speaker's place in the whole population."""

    def __init__(self, speakers: list[Speaker]):
        self.items = sorted(speakers, key=lambda s: s.rank)
        self.cum = list(accumulate(1.0 / (s.rank + 1) ** ZIPF_EXPONENT for s in self.items))

    def draw(self, rng: random.Random) -> Speaker:
        return rng.choices(self.items, cum_weights=self.cum)[0]

    def __bool__(self) -> bool:
        return bool(self.items)


# --------------------------------------------------------------------------- the world

class World:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.companies = [f"{stem} {sector}" for stem in COMPANY_STEMS for sector in COMPANY_SECTORS]
        rng.shuffle(self.companies)
        self.companies = self.companies[:140]
        self.teams = {city: f"{city} {rng.choice(MASCOTS)}" for city in CITIES}
        self.hospitals = {city: rng.choice([f"{city} General Hospital", f"St. {rng.choice(SAINTS)}'s Hospital",
                                            f"the {city} Medical Centre"]) for city in CITIES}
        self.city_weights = list(accumulate(1.0 / (i + 1) ** 0.8 for i in range(len(CITIES))))
        self.cities = CITIES[:]
        rng.shuffle(self.cities)
        self.outlets = [(name, slugify(name.removeprefix("The "), 40) + ".example") for name in OUTLETS]
        self._make_people()
        self.org_cache: dict[tuple[str, str | None], Speaker] = {}

    def fill_role(self, template: str, city: str, gender: str | None) -> str:
        return template.format_map(self.role_values(city, gender))

    def role_values(self, city: str, gender: str | None) -> dict:
        """Values for a role's description: {city}, {spokes}, {company}, {team}, {school} and so on."""
        rng = self.rng
        return {"city": city, "spokes": "spokeswoman" if gender == "f" else "spokesman",
                "company": rng.choice(self.companies), "developer": f"{rng.choice(COMPANY_STEMS)} Homes",
                "bank": rng.choice(BANKS), "team": self.teams[city], "hospital": self.hospitals[city],
                "party": rng.choice(PARTIES), "weather": rng.choice(WEATHER_OFFICES),
                "school": rng.choice([f"{rng.choice(DISTRICTS).removeprefix('the ')} High School",
                                      f"{rng.choice(SURNAMES)} Elementary School",
                                      f"{rng.choice(DISTRICTS).removeprefix('the ')} Academy"])}

    def _make_people(self) -> None:
        rng = self.rng
        seen: set[str] = set()
        officials, ordinary = [], []
        role_table = [(topic, role) for topic, spec in TOPICS.items() for role in spec["roles"]]
        sid = 0
        while len(officials) + len(ordinary) < PEOPLE:
            first, gender = rng.choice(FIRST_NAMES)
            surname = rng.choice(SURNAMES)
            if rng.random() < 0.15:
                name = f"{first} {rng.choice(MIDDLE_INITIALS)}. {surname}"
            else:
                name = f"{first} {surname}"
            if name in seen:
                continue
            seen.add(name)
            city = rng.choice(CITIES)
            sid += 1
            if rng.random() < 0.3:
                desc = rng.choice([f"a {rng.choice(JOBS)} from {rng.choice(DISTRICTS)}",
                                   f"a resident of {rng.choice(DISTRICTS)}",
                                   f"who has lived in {rng.choice(DISTRICTS)} for {rng.choice(NUMBER_WORDS)} years",
                                   f"a {rng.choice(JOBS)} who lives in {rng.choice(DISTRICTS)}"])
                person = Speaker(sid, name, surname, gender, None, desc, None, TOPIC_NAMES, city, False)
                person.voice = "public"
                ordinary.append(person)
                continue
            topic, (pre, desc_template, short, bound) = rng.choice(role_table)
            values = self.role_values(city, gender)
            desc = desc_template.format_map(values)
            short = short.format_map(values) if short else None
            topics = [topic]
            if topic == "budget" and pre in ("Mayor", "Deputy Mayor", "Councillor"):
                topics = ["budget", "housing", "transit", "elections", "storms", "schools"]
            elif topic == "elections" and pre == "Mayor":
                topics = ["elections", "budget", "housing", "transit", "storms"]
            elif topic == "health" and pre == "Health Minister":
                topics = ["health", "budget"]
            elif topic == "business" and desc.startswith("an analyst"):
                topics = ["business", "budget", "housing"]
            person = Speaker(sid, name, surname, gender, pre, desc, short, topics, city if bound else None, False)
            if "{company}" in desc_template:
                person.company = values["company"]
            elif "{developer}" in desc_template:
                person.company = values["developer"]
            if "{party}" in desc_template:
                person.party = values["party"]
            officials.append(person)
        # Officials take the top ranks (a mayor is quoted far more often than a passer-by).
        rng.shuffle(officials)
        rng.shuffle(ordinary)
        self.people = officials + ordinary
        for rank, person in enumerate(self.people):
            person.rank = rank
        self.by_topic: dict[str, ZipfPool] = {}
        self.by_topic_unbound: dict[str, ZipfPool] = {}
        self.by_topic_city: dict[tuple[str, str], ZipfPool] = {}
        for topic in TOPIC_NAMES:
            members = [p for p in officials if topic in p.topics]
            self.by_topic[topic] = ZipfPool(members)
            self.by_topic_unbound[topic] = ZipfPool([p for p in members if p.city is None])
            for city in CITIES:
                self.by_topic_city[(topic, city)] = ZipfPool([p for p in members if p.city == city])
        self.ordinary_by_city = {city: ZipfPool([p for p in ordinary if p.city == city]) for city in CITIES}

    def org_for(self, topic: str, city: str, company: str, party: str) -> Speaker:
        """An organisation that speaks on this topic; the same organisation is always the same speaker."""
        rng = self.rng
        template, short, bound = rng.choice(TOPICS[topic]["orgs"])
        values = {"city": city, "team": self.teams[city], "hospital": self.hospitals[city], "party": party,
                  "weather": rng.choice(WEATHER_OFFICES), "company": company}
        name = template.format_map(values)
        key = (name, city if bound else None)
        org = self.org_cache.get(key)
        if org is None:
            org = Speaker(100000 + len(self.org_cache), name, name, None, None, None, short, [topic], key[1], True)
            self.org_cache[key] = org
        return org

    def cast(self, topic: str) -> tuple[str, list[Speaker]]:
        """Pick a city, the lead speaker and 1-3 more people."""
        rng = self.rng
        lead = self.by_topic[topic].draw(rng)
        city = lead.city or rng.choices(self.cities, cum_weights=self.city_weights)[0]
        people = [lead]
        for _ in range(rng.choice((1, 2, 2, 3, 3))):
            roll = rng.random()
            pool = None
            if roll < 0.4:
                pool = self.by_topic_city[(topic, city)]
            elif roll < 0.65:
                pool = self.ordinary_by_city[city]
            if not pool:
                pool = self.by_topic_unbound[topic] or self.by_topic[topic]
            for _attempt in range(4):
                person = pool.draw(rng)
                # one holder of a post per article: no second mayor of the same city
                if person not in people and all(person.desc != other.desc and (
                        person.short is None or person.short != other.short or person.city != other.city)
                        for other in people):
                    people.append(person)
                    break
        return city, people


# --------------------------------------------------------------------------- filling templates

class Filler(dict):
    """format_map() mapping that invents values on demand; the same key gives the same value within one fill."""

    def __init__(self, gen: Generator, base: dict):
        super().__init__(base)
        self.gen = gen

    def __missing__(self, key: str) -> str:
        lower = key[:1].lower() + key[1:]
        stem = lower.rstrip("0123456789")
        value = self.gen.invent(stem, self)
        if stem != lower and value == self.get(stem):
            value = self.gen.invent(stem, self)
        if key[:1].isupper():
            value = cap(value)
        self[key] = value
        return value


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.world = World(self.rng)
        self.used_quotes: set[str] = set()
        self.history: dict[int, list[tuple[str, int, str, frozenset[str]]]] = {}
        self._quote_templates: list[str] = []
        self.speakers_used: set[int] = set()
        self.stats = {"quotes": 0, "repeats": 0}

    # ---- values
    def invent(self, key: str, ctx: dict) -> str:
        rng = self.rng
        topic = TOPICS[ctx["topic"]]
        if key == "thing":
            return rng.choice(topic["things"]).replace("{district}", rng.choice(DISTRICTS))
        if key == "group":
            return rng.choice(topic["groups"])
        if key == "subj":
            return rng.choice(topic["subjects"])
        if key == "district":
            return rng.choice(DISTRICTS)
        if key == "other_city":
            return rng.choice([c for c in CITIES if c != ctx.get("city")])
        if key == "num":
            return str(rng.choice((rng.randint(12, 95), rng.randint(100, 950), rng.randint(3, 40))))
        if key == "num_small":
            return str(rng.randint(2, 12))
        if key == "num_words":
            return rng.choice(NUMBER_WORDS)
        if key == "count_words":
            return rng.choice(("three", "four", "five", "several", "a dozen"))
        if key == "num_hundreds":
            return str(rng.randint(1, 9) * 100 + rng.choice((0, 0, 50)))
        if key == "num_thousands":
            return f"{rng.randint(2, 180)},{rng.randint(0, 9)}00"
        if key == "street":
            return f"{rng.choice(STREET_NAMES)} {rng.choice(STREET_KINDS)}"
        if key == "decade":
            return rng.choice(("1950s", "1960s", "1970s", "1980s"))
        if key == "num_minutes":
            return str(rng.choice((8, 10, 12, 15, 20, 30)))
        if key == "num_few":
            return rng.choice(("two", "three", "four", "five", "six"))
        if key == "num_signatures":
            return f"{rng.randint(1, 9)},{rng.randint(0, 9)}00"
        if key == "other_outlet":
            return rng.choice([o for o in OUTLETS if o != ctx.get("outlet")]).removeprefix("The ")
        if key == "num_pages":
            return str(rng.randint(40, 600))
        if key == "num_wind":
            return str(rng.randint(55, 110))
        if key == "num_min":
            return str(rng.randint(60, 94))
        if key == "num_class":
            return str(rng.randint(24, 36))
        if key == "pct":
            value = rng.choice((str(rng.randint(2, 45)), f"{rng.randint(1, 12)}.{rng.randint(1, 9)}"))
            return value + rng.choice((" percent", " percent", "%"))
        if key == "pct_small":
            return f"{rng.randint(2, 6)} percent"
        if key == "money":
            kind = rng.random()
            if kind < 0.5:
                return f"${rng.randint(1, 99)}.{rng.randint(1, 9)} million"
            if kind < 0.8:
                return f"${rng.randint(110, 990)} million"
            if kind < 0.9:
                return f"${rng.randint(1, 4)}.{rng.randint(1, 9)} billion"
            return f"${rng.randint(20, 900)},000"
        if key == "money_small":
            return f"${rng.randint(1, 9)}.{rng.randint(1, 9)} million" if rng.random() < 0.6 else \
                f"${rng.randint(120, 950)},000"
        if key == "fare":
            return f"${rng.randint(1, 4)}.{rng.choice((10, 25, 40, 50, 65, 75, 90))}"
        if key == "rent":
            return f"${rng.randint(9, 34)}{rng.choice(('00', '50'))}"
        if key == "pay_rise":
            return f"${rng.randint(8, 45)}0"
        if key == "weekday_any":
            return rng.choice(WEEKDAYS)
        if key == "month":
            return rng.choice(MONTHS)
        if key == "year_prev":
            return str(ctx["year_int"] - rng.randint(1, 15))
        if key == "year_next":
            return str(ctx["year_int"] + rng.randint(1, 3))
        if key == "time_of_day":
            return rng.choice(("9 a.m.", "10 a.m.", "noon", "2 p.m.", "6:30 p.m.", "7 p.m.", "7:30 a.m."))
        if key == "adj":
            return rng.choice(ADJ)
        if key == "verdict":
            return rng.choice(ADJ2)
        if key == "opp":
            mascot = self.world.teams[ctx["city"]].rsplit(" ", 1)[1]
            return rng.choice([t for t in self.world.teams.values() if not t.endswith(mascot)])
        if key == "score":
            a, b = rng.randint(1, 4), rng.randint(0, 3)
            return f"{max(a, b)}-{min(a, b)}"
        if key == "storm":
            return rng.choice(("Agatha", "Bram", "Corinne", "Dov", "Elspeth", "Ferris", "Gwendolyn", "Halvard",
                               "Isolde", "Jasper", "Kirsi", "Lorcan", "Marisol", "Niamh", "Oren", "Petra"))
        if key == "company":
            return rng.choice(self.world.companies)
        if key == "school":
            return self.world.fill_role("{school}", ctx["city"], None)
        if key == "party":
            return rng.choice(PARTIES)
        if key == "fund":
            return rng.choice(FUND_WORDS)
        if key == "approach":
            return rng.choice(APPROACH_WORDS)
        if key == "report":
            return title_case(self.fill(rng.choice(REPORT_TITLES), ctx))
        raise KeyError(key)

    def fill(self, template: str, ctx: dict) -> str:
        return template.format_map(Filler(self, ctx))

    # ---- quotes
    def _pick(self, pool: list[str], ctx: dict) -> str:
        """A template (or opener, or tail) not yet used in this article, if one turns up in a few tries."""
        seen = ctx["templates"]
        for _ in range(8):
            template = self.rng.choice(pool)
            if template not in seen:
                break
        seen.add(template)
        self._quote_templates.append(template)
        return template

    def _sentence(self, ctx: dict, topic_first: bool, voice: str) -> str:
        rng = self.rng
        if voice == "org":
            return self.fill(self._pick(ORG_QUOTES, ctx), ctx)
        topical = topic_first and rng.random() < 0.7
        if voice == "public":
            pool = TOPICS[ctx["topic"]]["public"] if topical else GENERIC_PUBLIC
        else:
            pool = TOPICS[ctx["topic"]]["quotes"] if topical else GENERIC_QUOTES
        text = self.fill(self._pick(pool, ctx), ctx)
        if voice == "official" and rng.random() < 0.25 and text[-1] == "." and "," not in text and len(text) < 80:
            text = text[:-1] + self.fill(self._pick(TAILS, ctx), ctx) + "."
        if rng.random() < 0.25:
            first = text.split(" ", 1)[0]
            if first in DECAP_WORDS:
                text = text[0].lower() + text[1:]
            text = self.fill(self._pick(OPENERS, ctx), ctx) + text
        return text

    def new_quote(self, ctx: dict, sentences: int | None = None, voice: str = "official") -> str:
        """A quote of one or more sentences that no one has said before."""
        rng = self.rng
        if sentences is None:
            sentences = rng.choice(ctx.get("quote_sentences", (1, 2, 3))) if voice != "org" else rng.choice((1, 2))
        self._quote_templates = []
        for attempt in range(40):
            parts = [self._sentence(ctx, True, voice)]
            while len(parts) < sentences:
                nxt = self._sentence(ctx, False, voice)
                if nxt not in parts:
                    parts.append(nxt)
            if attempt > 20:
                parts.append(self._sentence(ctx, False, voice))
            text = " ".join(parts)
            if text not in self.used_quotes:
                break
        self.used_quotes.add(text)
        return text

    def quote_for(self, speaker: Speaker, ctx: dict, sentences: int | None = None) -> str:
        """A new quote, or now and then an earlier statement of this speaker, trimmed or reworded."""
        rng = self.rng
        self.stats["quotes"] += 1
        # An earlier statement on the same topic from another article, once per speaker and article, and only
        # if none of its sentences has been used in this article already.
        if (speaker.sid not in ctx["repeated"] and self.stats["repeats"] < REPEAT_RATE * self.stats["quotes"]
                and rng.random() < 0.6):
            past = [(text, used) for text, index, topic, used in self.history.get(speaker.sid, ())
                    if index != ctx["index"] and topic == ctx["topic"] and ctx["templates"].isdisjoint(used)]
            if past:
                text, used = rng.choice(past)
                variant = self._rework(text)
                if variant and variant not in self.used_quotes:
                    self.used_quotes.add(variant)
                    ctx["templates"].update(used)
                    ctx["repeated"].add(speaker.sid)
                    self.stats["repeats"] += 1
                    return variant
        text = self.new_quote(ctx, sentences, speaker.voice)
        past = self.history.setdefault(speaker.sid, [])
        past.append((text, ctx["index"], ctx["topic"], frozenset(self._quote_templates)))
        if len(past) > 6:
            del past[0]
        return text

    def _rework(self, text: str) -> str | None:
        rng = self.rng
        methods = ["trim", "word", "contract"]
        rng.shuffle(methods)
        for method in methods:
            if method == "trim":
                sentences = _split_sentences(text)
                if len(sentences) > 1:
                    out = " ".join(sentences[:-1]) if rng.random() < 0.6 else " ".join(sentences[1:])
                else:
                    comma = text.find(", ")
                    if comma < 15:
                        continue
                    out = text[:comma] + "."
            elif method == "word":
                out = text
                for a, b in rng.sample(SYNONYMS, len(SYNONYMS)):
                    if f" {a} " in out:
                        out = out.replace(f" {a} ", f" {b} ", 1)
                        break
            else:
                out = text
                pairs = CONTRACTIONS if rng.random() < 0.5 else [(b, a) for a, b in CONTRACTIONS]
                for a, b in pairs:
                    for variant_a, variant_b in ((a, b), (cap(a), cap(b))):
                        if variant_a in out:
                            out = out.replace(variant_a, variant_b, 1)
            if out != text and len(out.split()) >= 5:
                return out
        return None

    def fragment(self, ctx: dict) -> str:
        rng = self.rng
        pool = TOPICS[ctx["topic"]]["fragments"]
        for attempt in range(30):
            core = rng.choice(pool if rng.random() < 0.6 else GENERIC_FRAGMENTS)
            text = rng.choice(FRAG_ADVERBS) + core
            if attempt > 3 or rng.random() < 0.5:
                text += rng.choice(FRAG_SUFFIXES)
            text = self.fill(text, ctx)
            if text not in self.used_quotes:
                break
        self.used_quotes.add(text)
        self.stats["quotes"] += 1
        return text

    # ---- articles
    def article(self, index: int) -> dict:
        rng = self.rng
        world = self.world
        topic = rng.choices(TOPIC_NAMES, weights=[TOPICS[t]["weight"] for t in TOPIC_NAMES])[0]
        city, people = world.cast(topic)
        outlet, domain = rng.choice(world.outlets)
        start = dt.datetime(2016, 1, 1)
        published = start + dt.timedelta(minutes=rng.randrange(0, (dt.datetime(2026, 6, 30) - start).days * 1440))
        event_day = published - dt.timedelta(days=rng.choice((0, 1, 1, 2, 3)))
        ctx = {"index": index, "templates": set(), "repeated": set(), "topic": topic, "city": city, "City": city,
               "weekday": WEEKDAYS[event_day.weekday()],
               "year": str(published.year), "year_int": published.year, "outlet": outlet,
               "outlet_short": outlet.removeprefix("The "),
               "team": world.teams[city].rsplit(" ", 1)[1] if topic == "sports" and rng.random() < 0.4
               else world.teams[city],
               "hospital": world.hospitals[city], "Hospital": cap(world.hospitals[city]),
               "company": rng.choice(world.companies), "party": rng.choice(PARTIES)}
        ctx["Team"] = cap(ctx["team"])
        ctx["Company"] = ctx["company"]
        ctx["Party"] = ctx["party"]
        # what the title and the body must agree on
        for key in ("opp", "score", "storm"):
            ctx[key] = self.invent(key, ctx)
        ctx["Storm"] = ctx["storm"]
        # the article's company and party are the lead's, if the lead has one
        if people[0].company:
            ctx["company"] = ctx["Company"] = people[0].company
        elif topic == "housing":
            ctx["company"] = ctx["Company"] = f"{rng.choice(COMPANY_STEMS)} Homes"
        if people[0].party:
            ctx["party"] = ctx["Party"] = people[0].party
        org = world.org_for(topic, city, ctx["company"], ctx["party"]) if rng.random() < 0.55 else None
        art = Article(self, ctx, people, org)
        paragraphs, speakers = art.build()
        for sp in speakers:
            self.speakers_used.add(sp.sid)
        title = self.fill(rng.choice(TOPICS[topic]["titles"]), ctx)
        title = cap(title)
        slug = slugify(title, 70)
        section = rng.choice(TOPIC_SECTIONS[topic])
        url = f"https://www.{domain}/{section}/{published:%Y/%m/%d}/{slug}-{index + 1}"
        marks = rng.choices(("straight", "curly", "mixed"), weights=(62, 32, 6))[0]
        return {"index": index, "title": title, "outlet": outlet, "domain": domain, "published": published,
                "url": url, "paragraphs": paragraphs, "marks": marks, "ctx": ctx, "people": people,
                "topic": topic, "slug": slug}


def _count_paragraphs(paragraphs: list[str]) -> int:
    return sum(p.count("\n\n") + 1 for p in paragraphs)


def _split_sentences(text: str) -> list[str]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in ".?!" and (i + 1 == len(text) or text[i + 1] == " ") and not text[max(0, i - 3):i + 1].endswith(
                ("Dr.", "St.", "a.m.", "p.m.")):
            out.append(text[start:i + 1].strip())
            start = i + 1
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def _said_form(quote: str) -> tuple[str, str]:
    """Quote text as it stands before '... said': a final full stop becomes a comma. Returns (text, verb)."""
    if quote.endswith("."):
        return quote[:-1] + ",", "said"
    if quote.endswith("?"):
        return quote, "asked"
    return quote, "said"


DOUBLE_STYLES = {"said_name_desc", "name_said_weekday", "surname_said", "role_said", "pronoun_said",
                 "pronoun_added"}


class Article:
    """Lays out the paragraphs of one article and attributes its quotes."""

    def __init__(self, gen: Generator, ctx: dict, people: list[Speaker], org: Speaker | None):
        self.gen, self.rng, self.ctx = gen, gen.rng, ctx
        self.people, self.org = people, org
        self.introduced: set[int] = set()
        shorts = [p.short for p in people if p.short]
        self.unique_shorts = {s for s in shorts if shorts.count(s) == 1}
        self.speakers: list[Speaker] = []
        self.narrated: set[str] = set()

    # ---- how a person is named
    def intro_name(self, sp: Speaker) -> str:
        """'Mayor Jane Roe' when the role has a title, else the bare name (followed by an appositive)."""
        return f"{sp.pre} {sp.name}" if sp.pre else sp.name

    def full_with_desc(self, sp: Speaker) -> str:
        return f"{sp.name}, {sp.desc}"

    def pronoun(self, sp: Speaker) -> str:
        return "she" if sp.gender == "f" else "he"

    # ---- paragraphs
    def build(self) -> tuple[list[str], list[Speaker]]:
        """Paragraphs of the article. A quote running over two paragraphs is one item holding a blank line."""
        rng, ctx, gen = self.rng, self.ctx, self.gen
        topic = TOPICS[ctx["topic"]]
        n_quotes = rng.randint(8, 12)
        # how long the article runs: most are short, some long (the quotes and reporting scale with it)
        band = rng.random()
        self.band = 0 if band < 0.45 else 1 if band < 0.82 else 2
        ctx["quote_sentences"] = ((1, 2, 2, 3, 3, 3), (2, 3, 3, 3, 4), (3, 3, 4, 4, 5))[self.band]
        self.narrative_sentences = ((2, 2, 3, 3), (2, 3, 3, 4), (3, 3, 4, 4, 5))[self.band]
        # paragraphs, counting the lead; a quote over two paragraphs may add one more
        self.target_paras = rng.choice((6, 7, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14))
        quote_paras = max(-(-n_quotes // 2), min(n_quotes, self.target_paras - rng.randint(2, 4)))
        doubles = n_quotes - quote_paras
        n_narr = max(1, self.target_paras - quote_paras)
        slots = ["Q"] * quote_paras + ["N"] * (n_narr - 1)
        rng.shuffle(slots)
        slots = ["L"] + slots
        if "N" in slots and rng.random() < 0.35:
            slots[rng.choice([i for i, s in enumerate(slots) if s == "N"])] = "S"  # scare quote or report title
        double_at = set(rng.sample([i for i, s in enumerate(slots) if s == "Q"], min(doubles, quote_paras)))
        lead = self.people[0]
        paragraphs: list[str] = []
        self.prev: Speaker | None = None
        self.prev_was_quote = False
        self.org_turns = 0
        quotes_before = gen.stats["quotes"]
        for i, slot in enumerate(slots):
            if slot == "L":
                lead_name = self.intro_name(lead) if lead.pre else self.full_with_desc(lead) + ","
                ctx["lead"], ctx["Lead"] = lead_name, cap(lead_name)
                text = gen.fill(rng.choice(topic["leads"]), ctx)
                text = text.replace(",,", ",").replace(",.", ".")
                if lead.name in text:
                    self.introduced.add(lead.sid)
                if rng.random() < 0.4:
                    text += " " + self.narrative(1)
                paragraphs.append(text)
                self.prev_was_quote = False
            elif slot == "N":
                paragraphs.append(self.narrative())
                self.prev_was_quote = False
            elif slot == "S":
                text = gen.fill(rng.choice(SCARE), ctx)
                if rng.random() < 0.5:
                    text += " " + self.narrative(1)
                paragraphs.append(text)
                self.prev_was_quote = False
            else:
                paragraphs.append(self.next_quote(i in double_at))
        # Some styles carry a short fragment or cannot take a second quote: top up to the planned number.
        while gen.stats["quotes"] - quotes_before < n_quotes and _count_paragraphs(paragraphs) < 14:
            paragraphs.append(self.next_quote(rng.random() < 0.3))
        self.fit_length(paragraphs)
        return paragraphs, self.speakers

    def next_quote(self, double: bool) -> str:
        """The next quote paragraph: the lead speaks first, then the cast takes turns, sometimes continuing."""
        rng, prev = self.rng, self.prev
        lead = self.people[0]
        if prev is None:
            speaker = lead
        elif self.prev_was_quote and not prev.is_org and rng.random() < 0.3:
            speaker = prev
        else:
            choices = [p for p in self.people if p is not prev]
            weights = [3 if p is lead else 2 for p in choices]
            if self.org is not None and self.org is not prev and self.org_turns < 2:
                choices.append(self.org)
                weights.append(1.5)
            speaker = rng.choices(choices, weights=weights)[0] if choices else lead
        if speaker.is_org:
            self.org_turns += 1
        continuing = speaker is prev and self.prev_was_quote
        text = self.quote_paragraph(speaker, continuing, double)
        if speaker not in self.speakers:
            self.speakers.append(speaker)
        self.prev, self.prev_was_quote = speaker, True
        return text

    def narrative(self, sentences: int | None = None) -> str:
        """Sentences of plain reporting, none repeated within the article."""
        rng, ctx = self.rng, self.ctx
        pool = TOPICS[ctx["topic"]]["narrative"]
        count = sentences or rng.choice(self.narrative_sentences)
        picked = []
        for _ in range(count * 8):
            template = rng.choice(pool) if rng.random() < 0.65 else rng.choice(GENERIC_NARRATIVE)
            if template not in self.narrated:
                self.narrated.add(template)
                picked.append(template)
                if len(picked) == count:
                    break
        if not picked:
            unused = [t for t in pool + GENERIC_NARRATIVE if t not in self.narrated]
            if not unused:
                return ""
            picked.append(unused[0])
            self.narrated.add(unused[0])
        return " ".join(self.gen.fill(t, ctx) for t in picked)

    def fit_length(self, paragraphs: list[str]) -> None:
        """Bring the article to roughly 350-900 words with more or fewer reporting sentences."""
        rng = self.rng
        words = article_count_words(paragraphs)
        target_min = (rng.randint(350, 420), rng.randint(420, 560), rng.randint(580, 820))[self.band]
        for _ in range(30):
            if words >= target_min:
                break
            short = words < 350  # the hard floor: below it, add paragraphs up to 14 and then sentences anywhere
            limit = 7 if short else 5
            plain = [i for i, p in enumerate(paragraphs) if O not in p and i > 0 and p.count(". ") < limit - 1]
            count = _count_paragraphs(paragraphs)
            room = count < min(14, self.target_paras + 1) or (short and not plain and count < 14)
            if room and (not plain or rng.random() < 0.5):
                extra = self.narrative(rng.choice((2, 2, 3)))
                if not extra:
                    break
                paragraphs.insert(rng.randint(2, len(paragraphs)), extra)
            elif plain:
                extra = self.narrative(1)
                if not extra:
                    break
                paragraphs[rng.choice(plain)] += " " + extra
            elif short:
                extra = self.narrative(1)
                if not extra:
                    break
                quiet = [i for i, p in enumerate(paragraphs) if O not in p] or [0]
                paragraphs[rng.choice(quiet)] += " " + extra
            else:
                break
            words = article_count_words(paragraphs)
        while words > 900:
            plain = [i for i, p in enumerate(paragraphs) if O not in p and i > 0]
            if not plain:
                break
            del paragraphs[rng.choice(plain)]
            words = article_count_words(paragraphs)

    def quote_paragraph(self, sp: Speaker, continuing: bool, double: bool) -> str:
        rng, gen, ctx = self.rng, self.gen, self.ctx
        if sp.is_org:
            return self.org_paragraph(sp)
        first = sp.sid not in self.introduced
        self.introduced.add(sp.sid)
        styles: list[str]
        if continuing:
            styles = ["alone", "alone", "pronoun_added", "pronoun_said", "split_pronoun", "pronoun_colon", "two_para"]
            if self.target_paras >= 13:
                styles.remove("two_para")
        elif first:
            styles = ["said_name_desc", "said_name_desc", "name_said_colon", "told_fragment", "according",
                      "split_intro", "name_said_weekday", "two_para"]
            if self.target_paras >= 13:
                styles.remove("two_para")
        else:
            styles = ["surname_said", "surname_said", "surname_colon", "split_surname", "role_said",
                      "surname_added_colon", "according_quote", "two_para"]
            if self.target_paras >= 13:
                styles.remove("two_para")
        if double:
            # a second quote follows in the same paragraph: '"...," Roe said. "..."'
            styles = [s for s in styles if s in DOUBLE_STYLES] or styles
        style = rng.choice(styles)
        if style == "role_said" and (sp.short is None or sp.short not in self.unique_shorts):
            style = "surname_said"
        p = self.pronoun(sp)
        if first:
            ref = self.intro_name(sp)
            ref_desc = self.full_with_desc(sp) if sp.desc else sp.name
            named_desc = f"{ref}, {sp.desc}," if not sp.pre else ref
        else:
            ref = ref_desc = sp.surname
            named_desc = sp.surname

        if style == "two_para":
            q = gen.quote_for(sp, ctx, sentences=3)
            parts = _split_sentences(q)
            if len(parts) < 3:
                parts = parts + _split_sentences(gen.new_quote(ctx, 2, sp.voice))
            head, body, last = parts[0], " ".join(parts[1:-1]), parts[-1]
            said, verb = _said_form(head)
            who = ref_desc if first else (p if continuing else sp.surname)
            if rng.random() < 0.5:
                # '"A," Roe said. "B'  /  '"C."'
                first_para = f"{O}{said}{C} {verb} {who}." if first else f"{O}{said}{C} {who} {verb}."
                first_para += f" {O}{body}"
                return f"{first_para}\n\n{O}{last}{C}"
            # '"A B'  /  '"C," Roe said.'
            said, verb = _said_form(last)
            second = f"{O}{said}{C} {verb} {who}." if first else f"{O}{said}{C} {who} {verb}."
            return f"{O}{head} {body}\n\n{second}"

        if style == "told_fragment":
            frag = gen.fragment(ctx)
            subj = gen.fill("{subj}", ctx)
            weekday = ctx["weekday"]
            head = cap(ref) if sp.pre else f"{sp.name}, {sp.desc},"
            if rng.random() < 0.5:
                return f"{head} told reporters on {weekday} that {subj} was {O}{frag}.{C}"
            return f"{head} called {subj} {O}{frag}{C} in remarks to reporters on {weekday}."
        if style == "according":
            frag = gen.fragment(ctx)
            subj = gen.fill("{subj}", ctx)
            return f"According to {ref_desc}, {subj} is {O}{frag}.{C}"

        q = gen.quote_for(sp, ctx, sentences=1 if style == "according_quote" else None)
        said, verb = _said_form(q)
        if style == "alone":
            text = f"{O}{q}{C}"
        elif style == "pronoun_added":
            text = f"{O}{said}{C} {p} {'added' if verb == 'said' else verb}."
        elif style == "pronoun_said":
            text = f"{O}{said}{C} {p} {verb}."
        elif style == "pronoun_colon":
            text = f"{cap(p)} added: {O}{q}{C}"
        elif style in ("split_pronoun", "split_intro", "split_surname"):
            who = {"split_pronoun": p, "split_intro": ref_desc if first else sp.surname,
                   "split_surname": sp.surname}[style]
            text = self.split(q, who, after_verb=style == "split_intro")
        elif style == "said_name_desc":
            text = f"{O}{said}{C} {verb} {ref_desc}."
        elif style == "name_said_weekday":
            text = f"{O}{said}{C} {ref} {verb} on {ctx['weekday']}." if sp.pre else \
                f"{O}{said}{C} {verb} {ref_desc}, speaking on {ctx['weekday']}."
        elif style == "name_said_colon":
            text = f"{cap(named_desc)} said: {O}{q}{C}"
        elif style == "surname_said":
            text = f"{O}{said}{C} {sp.surname} {verb}."
        elif style == "surname_colon":
            text = f"{sp.surname} said: {O}{q}{C}"
        elif style == "surname_added_colon":
            text = f"{sp.surname} added: {O}{q}{C}"
        elif style == "role_said":
            text = f"{O}{said}{C} {sp.short} {verb}."
        elif style == "according_quote":
            text = f"{O}{said}{C} according to {sp.surname}."
        else:  # pragma: no cover - every style is handled above
            raise AssertionError(style)
        if double and not text.endswith(C):
            text += f" {O}{gen.quote_for(sp, ctx, sentences=1)}{C}"
        return text

    def split(self, q: str, who: str, after_verb: bool) -> str:
        """'"A," he said, "b continues."' at a comma, else '"S1," he said. "S2"'."""
        said_verb = "said"
        comma = q.find(", ", 12)
        first_sentence_end = min((q.find(m) for m in (". ", "? ", "! ") if m in q), default=len(q))
        if 0 < comma < first_sentence_end and len(q[comma:first_sentence_end].split()) >= 5 \
                and len(q[:comma].split()) >= 3:
            a, b = q[:comma], q[comma + 2:]
            attribution = f"{said_verb} {who}" if after_verb else f"{who} {said_verb}"
            return f"{O}{a},{C} {attribution}, {O}{b}{C}"
        parts = _split_sentences(q)
        if len(parts) > 1:
            a, b = parts[0], " ".join(parts[1:])
            a_said, verb = _said_form(a)
            attribution = f"{verb} {who}" if after_verb else f"{who} {verb}"
            return f"{O}{a_said}{C} {attribution}. {O}{b}{C}"
        a_said, verb = _said_form(q)
        attribution = f"{verb} {who}" if after_verb else f"{who} {verb}"
        return f"{O}{a_said}{C} {attribution}."

    def org_paragraph(self, org: Speaker) -> str:
        rng, gen, ctx = self.rng, self.gen, self.ctx
        name = org.name if org.sid not in self.introduced else (org.short or org.name)
        self.introduced.add(org.sid)
        style = rng.randrange(5)
        if style == 3:
            frag = gen.fragment(ctx)
            return f"{cap(name)} said {gen.fill('{subj}', ctx)} was {O}{frag}{C}."
        q = gen.quote_for(org, ctx, sentences=rng.choice((1, 2)))
        said, verb = _said_form(q)
        if style == 0:
            return f"{O}{said}{C} {name} said in a statement."
        if style == 1:
            return f"In a statement, {name} said: {O}{q}{C}"
        if style == 2:
            return f"{O}{said}{C} {name} said in an emailed statement on {ctx['weekday']}."
        return f"{O}{said}{C} {name} {verb}."


# --------------------------------------------------------------------------- rendering

def render_marks(text: str, style: str, rng: random.Random) -> str:
    if style == "mixed":
        style = "curly" if rng.random() < 0.5 else "straight"
    if style == "curly":
        return text.replace("'", "\u2019").replace(O, "\u201c").replace(C, "\u201d")
    return text.replace(O, '"').replace(C, '"')


def related_headline(gen: Generator) -> str:
    rng = gen.rng
    topic = rng.choice(TOPIC_NAMES)
    city = rng.choice(CITIES)
    ctx = {"topic": topic, "city": city, "City": city, "weekday": rng.choice(WEEKDAYS), "year": "2020",
           "year_int": 2020, "outlet_short": "", "index": -1, "templates": set(),
           "team": gen.world.teams[city], "Team": gen.world.teams[city],
           "hospital": gen.world.hospitals[city], "Hospital": cap(gen.world.hospitals[city]),
           "company": rng.choice(gen.world.companies), "Company": rng.choice(gen.world.companies),
           "party": rng.choice(PARTIES), "Party": rng.choice(PARTIES)}
    return gen.fill(rng.choice(TOPICS[topic]["titles"]), ctx)


def caption(gen: Generator, art: dict) -> str:
    rng = gen.rng
    ctx = dict(art["ctx"])
    person = rng.choice(art["people"])
    ctx["name"] = f"{person.pre} {person.name}" if person.pre and person.pre[0].isupper() else person.name
    return gen.fill(rng.choice(CAPTIONS), ctx)


def photographer(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)[0]} {rng.choice(SURNAMES)}"


def body_with_boilerplate(gen: Generator, art: dict, heavy: bool) -> list[str]:
    """The article's paragraphs with the odd dateline, related line, caption, credit and notice."""
    rng = gen.rng
    paras = list(art["paragraphs"])
    rate = 1.0 if heavy else 0.5
    first = paras[0]
    roll = rng.random()
    if roll < 0.15 * rate:
        wire = rng.choice(WIRES)
        place = art["ctx"]["city"].upper()
        first = f"{place} ({wire}) {rng.choice(('-', '-', '—', '–'))} {first}"
        if rng.random() < 0.6:
            paras.append(f"(with {wire})" if rng.random() < 0.7 else
                         f"(Reporting by {photographer(rng)}; with {wire})")
    elif roll < 0.23 * rate:
        first = f"({art['outlet']}) {first}" if rng.random() < 0.5 else f"({art['outlet']}) - {first}"
    paras[0] = first
    if rng.random() < 0.15 * rate and len(paras) > 4:
        for _ in range(rng.choice((1, 1, 2))):
            paras.insert(rng.randint(2, len(paras) - 1), "- " + related_headline(gen).upper())
    if rng.random() < 0.12 * rate:
        text = caption(gen, art)
        credit = f"({art['outlet']}/{photographer(rng)})" if rng.random() < 0.5 else \
            f"Photo: {photographer(rng)}/{art['outlet']}"
        line = f"Photo: {text} {credit}" if credit.startswith("(") else f"{text} {credit}"
        paras.insert(rng.randint(1, min(3, len(paras))), line)
    if rng.random() < 0.05 * rate:
        notice = gen.fill(rng.choice(NOTICE), art["ctx"])
        if rng.random() < 0.5:
            paras[-1] = paras[-1] + " " + notice
        else:
            paras.append(notice)
    return paras


def render_txt(gen: Generator, art: dict) -> str:
    rng = gen.rng
    lines: list[str] = []
    pub: dt.datetime = art["published"]
    if rng.random() < 0.12:
        lines.append(f" date {pub:%Y-%m-%d} {pub:%H:%M} {art['domain']} {art['url'].rsplit('/', 1)[1]}")
    if rng.random() < 0.10:
        lines.append(f"{pub:%Y-%m-%d %H:%M:%S}")
    lines.append(art["title"])
    lines.append("")
    if rng.random() < 0.3:
        lines.append(f"By {photographer(rng)}")
        lines.append("")
    if rng.random() < 0.15:
        lines.append(f"{MONTHS[pub.month - 1]} {pub.day}, {pub.year}")
        lines.append("")
    for para in body_with_boilerplate(gen, art, heavy=True):
        lines.append(render_marks(para, art["marks"], rng))
        lines.append("")
    return "\n".join(lines)


def render_html(gen: Generator, art: dict) -> str:
    rng = gen.rng
    pub: dt.datetime = art["published"]
    esc = html.escape
    entities = art["marks"] != "straight" and rng.random() < 0.5

    def text_html(text: str) -> str:
        out = esc(render_marks(text, art["marks"], rng), quote=False)
        if entities:
            out = out.replace("\u201c", "&ldquo;").replace("\u201d", "&rdquo;").replace("\u2019", "&rsquo;")
        return out

    paras = art["paragraphs"]
    body = []
    for i, item in enumerate(paras):
        if i == 0 and rng.random() < 0.15:
            item = f"{art['ctx']['city'].upper()} ({rng.choice(WIRES)}) - {item}"
        for para in item.split("\n\n"):
            body.append(f"    <p>{text_html(para)}</p>")
    related = "\n".join(f'        <li><a href="https://www.{art["domain"]}/news/{slugify(h, 50)}">{esc(h)}</a></li>'
                        for h in (related_headline(gen) for _ in range(rng.randint(2, 4))))
    figure = (f'    <figure>\n      <img src="https://www.{art["domain"]}/img/{art["index"] + 1}.jpg" alt="">\n'
              f"      <figcaption>{esc(caption(gen, art))} ({esc(art['outlet'])}/{esc(photographer(rng))})"
              f"</figcaption>\n    </figure>")
    insert_at = rng.randint(1, min(3, len(body)))
    body.insert(insert_at, figure)
    nav = "".join(f'<li><a href="/{s}">{s.title()}</a></li>' for s in rng.sample(SECTIONS, 6))
    published_attr = pub.strftime("%Y-%m-%dT%H:%M:%S") + rng.choice(("Z", "+00:00", "-05:00", ""))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{esc(art['title'])} | {esc(art['outlet'])}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta property="og:site_name" content="{esc(art['outlet'])}">
  <meta property="og:title" content="{esc(art['title'])}">
  <meta property="og:type" content="article">
  <meta property="article:published_time" content="{published_attr}">
  <link rel="canonical" href="{esc(art['url'])}">
</head>
<body>
  <header class="site-header"><a href="/">{esc(art['outlet'])}</a></header>
  <nav class="main-nav"><ul>{nav}</ul></nav>
  <main>
  <article>
    <h1>{esc(art['title'])}</h1>
    <p class="byline">By {esc(photographer(rng))}</p>
    <time datetime="{pub:%Y-%m-%dT%H:%M}">{MONTHS[pub.month - 1]} {pub.day}, {pub.year}</time>
{chr(10).join(body)}
  </article>
  <aside class="related">
    <h2>Related stories</h2>
    <ul>
{related}
    </ul>
  </aside>
  </main>
  <footer>
    <p>&copy; {pub.year} {esc(art['outlet'])}. All rights reserved.</p>
    <p><a href="/about">About us</a> | <a href="/contact">Contact</a> | <a href="/privacy">Privacy</a></p>
  </footer>
</body>
</html>
"""


def render_jsonl(gen: Generator, art: dict) -> str:
    rng = gen.rng
    paras = body_with_boilerplate(gen, art, heavy=False)
    text = "\n\n".join(render_marks(p, art["marks"], rng) for p in paras)
    pub: dt.datetime = art["published"]
    published = f"{pub:%Y-%m-%d}" if rng.random() < 0.6 else pub.strftime("%Y-%m-%dT%H:%M:%SZ")
    record = {"title": art["title"], "text": text, "published": published, "outlet": art["outlet"],
              "url": art["url"]}
    return json.dumps(record, ensure_ascii=False)


# --------------------------------------------------------------------------- main

def generate(out_dir: Path, articles: int, seed: int, formats: list[str]) -> dict:
    gen = Generator(seed)
    rng = gen.rng
    out_dir.mkdir(parents=True, exist_ok=True)
    weights = [FORMAT_WEIGHTS[f] for f in formats]
    counts = {f: 0 for f in FORMAT_WEIGHTS}
    jsonl_buffer: list[str] = []
    jsonl_files = 0
    total_words = 0

    def flush() -> None:
        nonlocal jsonl_files
        if jsonl_buffer:
            jsonl_files += 1
            (out_dir / f"export-{jsonl_files:04d}.jsonl").write_text("\n".join(jsonl_buffer) + "\n",
                                                                      encoding="utf-8")
            jsonl_buffer.clear()

    for index in range(articles):
        art = gen.article(index)
        total_words += article_count_words(art["paragraphs"])
        fmt = rng.choices(formats, weights=weights)[0] if len(formats) > 1 else formats[0]
        counts[fmt] += 1
        stem = f"{index + 1:06d}-{slugify(art['outlet'].removeprefix('The '), 24)}-{art['slug'][:48]}".strip("-")
        if fmt == "txt":
            (out_dir / f"{stem}.txt").write_text(render_txt(gen, art), encoding="utf-8")
        elif fmt == "html":
            (out_dir / f"{stem}.html").write_text(render_html(gen, art), encoding="utf-8")
        else:
            jsonl_buffer.append(render_jsonl(gen, art))
            if len(jsonl_buffer) >= JSONL_PER_FILE:
                flush()
    flush()
    people = sum(1 for sid in gen.speakers_used if sid < 100000)
    return {"counts": counts, "jsonl_files": jsonl_files, "speakers": len(gen.speakers_used),
            "people": people, "orgs": len(gen.speakers_used) - people, "quotes": gen.stats["quotes"],
            "repeats": gen.stats["repeats"], "words": total_words}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the articles into (created if missing)")
    parser.add_argument("--articles", type=int, required=True, help="number of distinct articles to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1); same seed, same corpus")
    parser.add_argument("--formats", default="txt,html,jsonl",
                        help="comma-separated subset of txt,html,jsonl (default all, about 70/15/15)")
    args = parser.parse_args(argv)
    formats = [f.strip().lower() for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMAT_WEIGHTS]
    if not formats or unknown:
        parser.error(f"--formats takes txt, html and/or jsonl, not {', '.join(unknown) or 'nothing'}")
    formats = [f for f in FORMAT_WEIGHTS if f in formats]
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    if args.out_dir.is_dir() and any(args.out_dir.iterdir()):
        print(f"note: {args.out_dir} is not empty; files from earlier runs are left in place", file=sys.stderr)
    result = generate(args.out_dir, args.articles, args.seed, formats)
    counts = result["counts"]
    print(f"wrote {args.articles} articles to {args.out_dir}: {counts['txt']} txt, {counts['html']} html, "
          f"{counts['jsonl']} jsonl (in {result['jsonl_files']} .jsonl files)")
    print(f"{result['speakers']} distinct speakers ({result['people']} people, {result['orgs']} organisations); "
          f"{result['quotes']} quotes, {result['repeats']} re-reported; "
          f"{result['words'] // max(1, args.articles)} words per article on average")
    return 0


if __name__ == "__main__":
    sys.exit(main())
