"""Quotation finding and attribution, on short articles of our own (fictional people and places)."""
from __future__ import annotations

import datetime as dt
import random
import re

import pytest

from quotearchive import extract
from quotearchive.extract import find_spans
from quotearchive.pipeline import extract_quotes
from quotearchive.models import Article


def article(text: str, published: dt.date | None = None) -> Article:
    """Build an article from blank-line-separated paragraphs."""
    paragraphs = [p.strip() for p in text.strip().split("\n\n") if p.strip()]
    return Article(id="t", source="test.txt", paragraphs=paragraphs, published=published)


def quotes_of(text: str, published: dt.date | None = None):
    return extract_quotes(article(text, published))


def by_text(quotes):
    return {q.text.rstrip(".,!?"): q for q in quotes}


# --- marks ------------------------------------------------------------------------------------

def test_straight_curly_and_doubled_single_marks_are_all_read():
    quotes = quotes_of(
        '"The ferry will run all winter," said Mayor Ana Ruiz.\n\n'
        "“We have the crews for it,” Ruiz said.\n\n"
        "''Nobody will be left on the dock,'' she added."
    )
    assert [q.text for q in quotes] == [
        "The ferry will run all winter",
        "We have the crews for it",
        "Nobody will be left on the dock",
    ]
    assert {q.speaker for q in quotes} == {"Ana Ruiz"}


def test_single_quotes_nested_inside_double_stay_part_of_the_quote():
    quotes = quotes_of("“We call it ‘the long road’ for a reason,” said coach Tom Bell.")
    assert len(quotes) == 1
    assert quotes[0].text == "We call it ‘the long road’ for a reason"
    assert quotes[0].speaker == "Tom Bell"


def test_quote_split_mid_sentence_by_its_attribution_is_one_quote():
    quotes = quotes_of(
        'Harbour engineer Priya Nand inspected the pier on Monday.\n\n'
        '"The pilings are sound," she said, "but the deck needs new boards before summer."'
    )
    assert [q.text for q in quotes] == ["The pilings are sound, but the deck needs new boards before summer."]
    assert quotes[0].speaker == "Priya Nand"


def test_quotes_either_side_of_a_full_stop_are_two_quotes_of_one_speaker():
    quotes = quotes_of('"The pilings are sound," she said. "The deck needs new boards," said engineer Priya Nand.')
    assert [q.text for q in quotes] == ["The pilings are sound", "The deck needs new boards"]


def test_quote_running_over_paragraphs_is_one_quote():
    quotes = quotes_of(
        "“We started with three volunteers and a borrowed van. Now we feed four hundred families a week.\n\n"
        "“None of that happens without the neighbours,” said Lena Ortiz, who runs the pantry."
    )
    assert len(quotes) == 1
    assert quotes[0].text.startswith("We started with three volunteers")
    assert quotes[0].text.endswith("None of that happens without the neighbours")
    assert quotes[0].speaker == "Lena Ortiz"


def test_unbalanced_mark_never_swallows_the_next_paragraph():
    text = ('The council "will vote on the levy next week, officials said.\n\n'
            "Residents packed the hall for three hours.\n\n"
            '"It is a fair deal," said councillor Omar Haddad.')
    spans = find_spans(article(text).paragraphs)
    assert all(seg.paragraph != 1 for span in spans for seg in span.segments)
    quotes = quotes_of(text)
    assert not any("Residents packed" in q.text for q in quotes)
    assert by_text(quotes)["It is a fair deal"].speaker == "Omar Haddad"


def test_paragraph_of_only_a_quote_continues_the_previous_speaker():
    quotes = quotes_of(
        '"We lost the plot in the second half," said manager Carla Mendes.\n\n'
        '"The players know it, and they will answer on Saturday."'
    )
    assert [q.speaker for q in quotes] == ["Carla Mendes", "Carla Mendes"]


# --- what is not a quote ----------------------------------------------------------------------

def test_scare_quotes_titles_and_nicknames_are_left_out():
    quotes = quotes_of(
        'The so-called "green corridor" opened in May.\n\n'
        'Visitors can watch the documentary "Rivers of Glass" at the library.\n\n'
        'The club, known as "the Gulls", won again.\n\n'
        'The "smart" meters were installed last year.\n\n'
        'The coach said the club\'s much-discussed "project" needed time.'
    )
    assert quotes == []


def test_fragment_inside_reported_speech_is_kept_with_its_speaker():
    quotes = quotes_of(
        "Mayor Ana Ruiz said the repairs were an \"absolute priority\" for the city."
    )
    assert [(q.text, q.speaker, q.kind) for q in quotes] == [("absolute priority", "Ana Ruiz", "fragment")]


# --- attribution patterns ---------------------------------------------------------------------

def test_inversion_with_apposition_gives_the_role():
    quotes = quotes_of('"The bridge reopens at dawn," said Jane Doe, a spokeswoman for the city.')
    assert quotes[0].speaker == "Jane Doe"
    assert quotes[0].role == "spokeswoman for the city"


def test_title_goes_to_the_role_and_surname_to_the_full_name():
    quotes = quotes_of(
        "Governor Ellen Marsh visited the flooded valley on Tuesday.\n\n"
        '"We will rebuild every road," Marsh said.\n\n'
        '"This is not a season for politics," Ms. Marsh added.'
    )
    assert [q.speaker for q in quotes] == ["Ellen Marsh", "Ellen Marsh"]
    assert quotes[0].role == "Governor"


def test_pronoun_resolves_to_the_nearest_compatible_person():
    quotes = quotes_of(
        "Detective Sam Okafor and Mrs. Rita Lowe met the families on Friday.\n\n"
        '"We have two new witnesses," she said.\n\n'
        '"And a car we are still looking for," he added.'
    )
    assert [q.speaker for q in quotes] == ["Rita Lowe", "Sam Okafor"]


def test_role_description_resolves_to_the_person_seen_with_that_role():
    quotes = quotes_of(
        "Mayor Ana Ruiz and fire chief Dan Cole toured the site.\n\n"
        '"The money is already in the budget," the mayor said.'
    )
    assert quotes[0].speaker == "Ana Ruiz"
    assert quotes[0].speaker_mention == "the mayor"


def test_description_before_the_name_in_a_lede_is_resolved_forward():
    quotes = quotes_of(
        'The strike is "a test of our patience," the transit minister said Monday.\n\n'
        'Minister Rhea Collins said at a briefing that talks would resume.'
    )
    assert quotes[0].speaker == "Rhea Collins"


def test_organisations_speak():
    quotes = quotes_of(
        'The city\'s transport department said, "Buses will run every ten minutes."\n\n'
        '"Fares are frozen until June," Harbor Transit Authority said in a statement.'
    )
    assert [q.speaker for q in quotes] == ["city's transport department", "Harbor Transit Authority"]


def test_colon_introduction_and_according_to():
    quotes = quotes_of(
        'Coach Tom Bell was blunt: "We were not good enough."\n\n'
        'The stadium "will be full on Sunday," according to club owner Mira Stein.'
    )
    assert [q.speaker for q in quotes] == ["Tom Bell", "Mira Stein"]
    assert quotes[1].cue == "according to"


def test_transcript_label_names_the_speaker():
    quotes = quotes_of('Reporter Kim Ashby interviewed the coach.\n\nBELL: "We play for the town."')
    assert quotes[0].speaker == "Bell"


def test_speaker_named_in_the_sentence_before():
    quotes = quotes_of('Captain Ivo Marek was blunt. "We are done talking."')
    assert quotes[0].speaker == "Ivo Marek"


def test_nobody_named_means_no_speaker():
    quotes = quotes_of('"Keep the lights on for the night shift." The sign was taped to the door.')
    assert quotes[0].speaker is None


def test_participle_hangs_the_second_quote_on_the_same_speaker():
    quotes = quotes_of(
        '"This is very worrying," Mayor Ana Ruiz said, adding: "We will ask the province for help."'
    )
    assert [q.speaker for q in quotes] == ["Ana Ruiz", "Ana Ruiz"]
    assert quotes[1].cue == "adding"


def test_evidence_is_the_attributing_sentence():
    quotes = quotes_of('The vote was close. "It is a fair deal," said councillor Omar Haddad. Then it rained.')
    assert quotes[0].evidence == '"It is a fair deal," said councillor Omar Haddad.'


# --- dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize("phrase, expected", [
    ("on Friday", dt.date(2025, 5, 30)),
    ("Sunday", dt.date(2025, 6, 1)),
    ("yesterday", dt.date(2025, 5, 31)),
    ("on May 28", dt.date(2025, 5, 28)),
    ("on 12 November", dt.date(2024, 11, 12)),
])
def test_spoken_date_resolves_against_publication(phrase, expected):
    quotes = quotes_of(f'"We are ready," Mayor Ana Ruiz said {phrase}.', published=dt.date(2025, 6, 1))
    assert quotes[0].spoken == expected


def test_spoken_date_carries_to_later_quotes_of_the_same_speaker():
    quotes = quotes_of(
        "Speaking at the harbour forum on Friday, Mayor Ana Ruiz set out her plan.\n\n"
        'Ruiz added: "The port is the city\'s future."\n\n'
        'Union leader Tom Bell said in April that "nothing was agreed."',
        published=dt.date(2025, 6, 1),
    )
    assert quotes[0].spoken == dt.date(2025, 5, 30)
    assert quotes[1].spoken is None


def test_no_publication_date_means_no_spoken_date():
    quotes = quotes_of('"We are ready," Mayor Ana Ruiz said on Friday.')
    assert quotes[0].spoken is None


# --- robustness -------------------------------------------------------------------------------

def test_random_marks_and_words_never_break_extraction():
    """Unbalanced, stray and mixed marks in any order: no exception, no quote across paragraphs."""
    import random

    vocabulary = ['said', 'Smith', 'he', 'she', 'they', 'the', 'mayor', '"', '“', '”', "'", '‘', '’', "''",
                  ',', '.', ':', 'Mr.', 'Ana', 'Ruiz', 'according', 'to', 'added', 'adding', 'and', 'Friday',
                  'police', 'company', 'U.S.', '—', '(', ')', '?', 'called', 'so-called', 'told', 'President',
                  'Jane', 'Doe,', 'a', 'spokeswoman', '\n\n']
    rnd = random.Random(20261122)
    for _ in range(500):
        text = " ".join(rnd.choice(vocabulary) for _ in range(rnd.randint(1, 60)))
        doc = article(text or "x", published=dt.date(2025, 6, 1))
        for quote in extract_quotes(doc):
            assert quote.text
            assert 0 <= quote.paragraph < len(doc.paragraphs)


def test_joint_subject_gives_a_lead_speaker_and_a_co_speaker():
    quotes = quotes_of(
        "Mayor Ana Ruiz met Governor Ellen Marsh on Monday.\n\n"
        'She and Marsh condemned the closure, calling it "a betrayal of the valley".'
    )
    assert quotes[0].speaker == "Ana Ruiz"
    assert quotes[0].co_speakers == ["Ellen Marsh"]


def test_leap_day_without_a_year_resolves_to_the_last_leap_year():
    quotes = quotes_of('"We are ready," Mayor Ana Ruiz said on 29 February.', published=dt.date(2025, 1, 15))
    assert quotes[0].spoken == dt.date(2024, 2, 29)


def test_a_date_from_someone_s_past_is_not_when_they_spoke():
    quotes = quotes_of(
        "Ana Lind, who was appointed harbour master on 3 March 2019, toured the pier.\n\n"
        '"The pier is safe," Lind said.',
        published=dt.date(2025, 6, 1),
    )
    assert quotes[0].speaker == "Ana Lind"
    assert quotes[0].spoken is None


def test_nickname_inside_a_name_is_not_a_quote_and_keeps_the_name_whole():
    quotes = quotes_of(
        'Goalie Tyler "Tank" Haddad shrugged: "Felt like a practice, honestly."\n\n'
        '"We stunk," Haddad admitted.'
    )
    assert [q.text for q in quotes] == ["Felt like a practice, honestly.", "We stunk"]
    assert [q.speaker for q in quotes] == ["Tyler Haddad", "Tyler Haddad"]


def test_appositive_name_between_commas_is_the_speaker():
    quotes = quotes_of(
        "The institute's director, Simone Achebe, cautioned that the figure \"assumes builders show up.\""
    )
    assert quotes[0].speaker == "Simone Achebe"
    assert quotes[0].role == "institute's director" or quotes[0].role is None


def test_several_parentheticals_between_name_and_cue():
    quotes = quotes_of(
        'J.D. Harlan, the Republican nominee, watching from Ashby, wrote on X: "Still no new bridge."'
    )
    assert quotes[0].speaker == "J.D. Harlan"


def test_inverted_description_followed_by_its_name():
    quotes = quotes_of('"We will see," added her neighbour, Frank Dubois, 63, of Old Harbour.')
    assert quotes[0].speaker == "Frank Dubois"


def test_two_people_with_one_surname_are_kept_apart():
    quotes = quotes_of(
        "Sen. Maria Okafor introduced the bill. Her brother, Daniel Okafor, runs a trucking firm.\n\n"
        '"I agree with half of it," Mr. Okafor said.\n\n'
        'The senator was unmoved. "This bill is overdue," Okafor said.'
    )
    assert [q.speaker for q in quotes] == ["Daniel Okafor", "Maria Okafor"]


def test_family_name_first_is_made_canonical():
    quotes = quotes_of('President Xi Jinping met the delegation.\n\n"We welcome friends," Xi said.')
    assert quotes[0].speaker == "Xi Jinping"


def test_relative_clause_speaker_and_appositive_organisation():
    quotes = quotes_of(
        "A reminder from the Hollins County Sheriff's Office, which tweeted: \"Treat dark lights as a stop.\"\n\n"
        'The industry\'s lobby, the Association of Freight Carriers, described it as "the optimistic end."'
    )
    assert [q.speaker for q in quotes] == ["Hollins County Sheriff's Office", "Association of Freight Carriers"]


def test_lone_quote_paragraph_after_a_sentence_naming_its_subject():
    quotes = quotes_of(
        "Celebrity chef Marco Bellini has declared war on the city's inspectors.\n\n"
        '"This is a witch hunt, plain and simple!"'
    )
    assert quotes[0].speaker == "Marco Bellini"


def test_gender_read_from_a_family_noun_tells_namesakes_apart():
    quotes = quotes_of(
        "Candidate J.D. Harlan toured the shelter. His wife, Corinne Harlan, drove supplies there.\n\n"
        '"There were children sleeping on gym mats," Mrs. Harlan said.'
    )
    assert quotes[0].speaker == "Corinne Harlan"


def test_participle_aside_and_indefinite_apposition_do_not_hide_the_speaker():
    quotes = quotes_of(
        '11:02 a.m. — State Rep. Curtis Bell, a Republican, said the utility had "badly underestimated" the storm.\n\n'
        '11:40 a.m. — Lindqvist, responding to Bell, told Valley Public Media: "We will take every criticism seriously."'
    )
    assert [q.speaker for q in quotes] == ["Curtis Bell", "Lindqvist"]


def test_singular_they_resolves_to_the_person_not_the_outlet_they_told():
    quotes = quotes_of(
        '"There were no injuries," police said in a news release.\n\n'
        "Sam Ortiz, a volunteer firefighter who uses they/them pronouns, said crews worked all night.\n\n"
        '"If we lose the reservoir, we lose the town," they told Meridian Newswire.'
    )
    assert [q.speaker for q in quotes] == ["police", "Sam Ortiz"]


def test_exclamation_then_name_and_cue_is_one_sentence():
    quotes = quotes_of(
        "Sen. Maria Okafor torched her rival J.D. Harlan on the radio.\n\n"
        '"He has never read a safety report in his life!" Okafor blasted.\n\n'
        'Harlan hit right back. "The senator can call me whatever she likes," he fumed.'
    )
    assert [q.speaker for q in quotes] == ["Maria Okafor", "J.D. Harlan"]


def test_age_before_a_name_is_not_part_of_it():
    quotes = quotes_of('Ten-year-old Mason Lee found the turtle. "We had a turtle," he explained.')
    assert quotes[0].speaker == "Mason Lee"


def test_an_unnamed_person_is_a_pronoun_s_antecedent_and_speaks_as_nobody():
    quotes = quotes_of(
        "Mayor Ana Ruiz defended the levy on Tuesday.\n\n"
        "One resident, a retired nurse who asked not to be named, was not convinced.\n\n"
        '"Ninety-six dollars is a lot to me," she said.'
    )
    assert quotes[0].speaker is None


def test_the_statement_speaks_for_whoever_issued_it_and_possessive_org_names_hold():
    quotes = quotes_of(
        "In a statement, Northvale Foods Inc. said it was \"disappointed\" by the strike.\n\n"
        '"We remain ready to talk," the statement said.\n\n'
        "\"Drive slowly,\" the Hollins County Sheriff's Office said in a news release."
    )
    assert [q.speaker for q in quotes] == ["Northvale Foods Inc.", "Northvale Foods Inc.",
                                           "Hollins County Sheriff's Office"]


def test_abbreviated_titles_like_const_and_coun_go_to_the_role():
    quotes = quotes_of('"Officers were there in four minutes," Const. Jaime Rousseau said.\n\n'
                       '"I asked for a second bid," Coun. Raj Bedi said.')
    assert [q.speaker for q in quotes] == ["Jaime Rousseau", "Raj Bedi"]


def test_a_name_inside_an_introduction_is_not_the_subject():
    quotes = quotes_of(
        "Manager Gil Haverford watched the ninth inning from the dugout.\n\n"
        "Asked why he left closer Marcus Tate in, he kept it short: \"He's our closer.\""
    )
    assert quotes[0].speaker == "Gil Haverford"


# The reversed-string readers must find what the plain $-anchored patterns find.
FORWARD_NAMING_WORD = re.compile(r"([\w-]+)[\s,:]*$")
FORWARD_SENTENCE_WORD = re.compile(r"([\w.]+)[.!?…]+['’\"”»)]*$")


def test_word_readers_agree_with_forward_patterns():
    alphabet = "ab Z1_-.,:!?…'’\"”»)( \t"
    rnd = random.Random(7)
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))
        m = FORWARD_NAMING_WORD.search(text)
        assert extract.naming_word_before(text) == (m.group(1) if m else None), text
        m = FORWARD_SENTENCE_WORD.search(text)
        # A "word" of dots alone is no abbreviation; the reader leaves it out.
        wanted = m.group(1) if m and re.search(r"\w", m.group(1)) else None
        assert extract.word_ending_sentence(text) == wanted, text


def test_word_readers_on_prose():
    assert extract.naming_word_before("a film he called: ") == "called"
    assert extract.naming_word_before("the so-called ") == "so-called"
    assert extract.naming_word_before("ended. ") is None
    assert extract.word_ending_sentence("moved to the U.S.") == "U.S"
    assert extract.word_ending_sentence('as Dr. said."') == "said"
    assert extract.word_ending_sentence("no end") is None


def test_day_phrases_are_found_as_a_word_boundary_pattern_would():
    from quotearchive.attribute import find_day
    from quotearchive.rules.language import MONTHS
    months = "|".join(MONTHS)
    plain = re.compile(  # the straightforward pattern find_day stands for
        r"\b(?:(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:['’]s)?"
        r"|(?P<relative>yesterday|today|tonight|this morning|this afternoon|this evening|last night)"
        rf"|(?P<dm>\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{months})(?:,? \d{{4}})?)"
        rf"|(?P<md>(?:{months}) \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?))\b", re.I)
    pieces = ["Sunday", "sundays", "Friday's", "today", "Today", "birthday", "someday", "x", "12", "3rd",
              "of", "March", "march", "2024", ",", "on", "last night", "this Morning", "_", "7", " "]
    rnd = random.Random(11)
    for _ in range(5000):
        text = " ".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 6))).replace(" ,", ",")
        text = text.replace(" _ ", "_") if rnd.random() < 0.3 else text
        want, got = plain.search(text), find_day(text)
        assert (want is None) == (got is None), text
        if want:
            assert want.group(0).lower() == got.group(0), text
            assert want.lastgroup == got.lastgroup, text
    assert find_day("It happened on Friday's vote").group("weekday") == "friday"
    assert find_day("a birthday party") is None


@pytest.mark.parametrize("sentence, speaker, role", [
    ('"The pier opens again in May," said harbour master Oona Vell.', "Oona Vell", "harbour master"),
    ('"We lost the roof in an hour," said longtime resident Jo Ames.', "Jo Ames", "longtime resident"),
    ('"Turnout was the best in years," said county election director Pia Lund.', "Pia Lund",
     "county election director"),
])
def test_a_title_of_several_lower_case_words_before_a_name_after_the_cue(sentence, speaker, role):
    [quote] = quotes_of(sentence)
    assert (quote.speaker, quote.role) == (speaker, role)


def test_a_preposition_before_a_place_is_no_title():
    [quote] = quotes_of('"The rain will not stop us," said Ola Berg in New Harbour on Friday.')
    assert quote.speaker == "Ola Berg"


# Patterns rewritten to open on a plain character class (so the regex engine can skip
# ahead) must match exactly where the plain way of writing them does.
@pytest.mark.parametrize("name, plain, alphabet", [
    ("SINGLE_OPEN_RE", r"(?:(?<=^)|(?<=[\s(\[—–-]))['‘](?=[A-Za-z0-9])", "a Z'‘(—-x.\n"),
    ("DOUBLE_MARK_RE", r"''|``|[\"“„«”»]", "a'`\"“„«”» x"),
    ("SENTENCE_END_RE", r"[.!?…]+['’\"”»)]*(?=\s+[\"“‘'(\[A-Z0-9])", ".!?… 'A\"x”)1("),
])
def test_fast_patterns_match_their_plain_forms(name, plain, alphabet):
    fast, plain = getattr(extract, name), re.compile(plain)
    rnd = random.Random(13)
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
        pos = rnd.randint(0, len(text))
        assert [m.span() for m in fast.finditer(text, pos)] == [m.span() for m in plain.finditer(text, pos)], text


def _tokens_by_match_objects(text: str) -> list[tuple[str, int, int]]:
    """The tokens as TOKEN_RE's matches give them, with word_tokens' rule for a final full stop."""
    from quotearchive.phrases import TOKEN_RE
    tokens = []
    for m in TOKEN_RE.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        if word[-1] == "." and len(word) > 1 and "." not in word[:-1] and not extract.is_abbreviation(word[:-1]):
            word, end = word[:-1], end - 1
        tokens.append((word, start, end))
    return tokens


def test_word_tokens_agree_with_token_pattern_matches():
    from quotearchive.phrases import word_tokens
    alphabet = "aZé9 .,'’-_(—/\"“”*%ПрΣ\t"
    rnd = random.Random(11)
    for _ in range(5000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 16)))
        tokens: list = []
        word_tokens(text, 0, len(text), tokens)
        assert [(t.text, t.start, t.end) for t in tokens] == _tokens_by_match_objects(text), text
        assert all(t.lower == t.text.lower() and t.capitalised == t.text[:1].isupper() for t in tokens)


def test_word_tokens_read_a_long_run_of_symbols_in_linear_time():
    # A gap with no word after it, tried again from each of its characters, took seconds.
    import time
    from quotearchive.phrases import word_tokens
    for text in ("word " + "*" * 50_000, "word " + "Ж" * 50_000, "U.S." + "'" * 50_000):
        tokens: list = []
        started = time.process_time()
        word_tokens(text, 0, len(text), tokens)
        assert time.process_time() - started < 5
        assert [(t.text, t.start, t.end) for t in tokens] == _tokens_by_match_objects(text)
