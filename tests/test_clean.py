"""Tests for the clean stage: boilerplate removed by family, body sentences all kept.

Every article below is invented (fictional outlets and people) and each family
is shown in more than one shape, so a rule that only fits the seeds fails.
The seed regression reads the real articles from ../shared, never copying them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest

from quotearchive.clean import clean_document, paragraphs_from_text, parse_date
from quotearchive.models import Article, RawDocument
from quotearchive.rules import boilerplate as rules

DATA = Path(__file__).parent / "data" / "clean"


def clean_text(text: str) -> Article:
    return clean_document(RawDocument(source="story.txt", format="txt", text=text))


def removed(article: Article, family: str) -> list[str]:
    return [item.text for item in article.removed if item.family == family]


def article_lines(*lines: str) -> str:
    return "\n".join(lines) + "\n"


BODY_ONE = "The harbour board approved the new ferry timetable on Monday after a long debate."
BODY_TWO = '"This is a good day for the island," board chair Ines Dalgaard told reporters.'
BODY_THREE = "The first crossing under the new timetable is planned for the middle of May."


# --- Seeds: real articles, gold annotations ----------------------------------

def _seed_cases(seeds_gold: dict) -> list[dict]:
    return seeds_gold["articles"]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _ends_like_sentence(line: str) -> bool:
    """Tell prose from labels: a full stop, question or colon (maybe inside quotes), or a closing double quote."""
    return re.search(r"(?:[.!?:…][\"'”’)]*|[\"”])\s*$", line) is not None


def _expected_body(lines: list[str], boilerplate: list[str], title: str | None) -> list[str]:
    """Work out the body the cleaner must keep: every sentence-like line, less any gold boilerplate in it."""
    expected = []
    for line in lines:
        text = _norm(line)
        if not text or text == title:
            continue
        hits = [_norm(b) for b in boilerplate if _norm(b) and _norm(b) in text]
        for hit in hits:
            text = _norm(text.replace(hit, " "))
        if hits and not re.match(r"[A-Z\"'“‘(]", text):
            continue  # the line was a notice: what is left is no sentence of its own
        if text and _ends_like_sentence(text):
            expected.append(text)
    return expected


def test_seeds_lose_their_boilerplate_and_keep_every_sentence(seeds_dir, seeds_gold):
    for gold in _seed_cases(seeds_gold):
        path = seeds_dir / gold["file"]
        text = path.read_text(encoding="utf-8")
        article = clean_text(text)
        where = gold["file"]

        everything = "\n".join([article.title or "", *article.paragraphs])
        for boilerplate in gold["boilerplate"]:
            assert _norm(boilerplate) not in _norm(everything), f"{where}: {boilerplate!r} survived"

        assert article.title == gold["title"], where
        assert article.outlet == gold["outlet"], where
        assert (article.published.isoformat() if article.published else None) == gold["published"], where

        expected = _expected_body(text.splitlines(), gold["boilerplate"], gold["title"])
        assert article.paragraphs == expected, f"{where}: body sentences lost, merged or left in"

        # Whatever else was taken out is a line with no sentence ending: a label, caption or headline.
        for item in article.removed:
            is_gold = any(_norm(b) in item.text or item.text in _norm(b) for b in gold["boilerplate"])
            assert is_gold or not _ends_like_sentence(item.text), f"{where}: removed a sentence {item}"


# --- Paragraph splitting -------------------------------------------------------

def test_paragraphs_are_lines_when_written_one_per_line():
    text = "Short headline here\nFirst paragraph, a full sentence.\n\nSecond paragraph.\n"
    assert paragraphs_from_text(text) == [
        "Short headline here", "First paragraph, a full sentence.", "Second paragraph."]


def test_hard_wrapped_blocks_are_joined_into_paragraphs():
    text = (
        "The council voted to extend the\n"
        "library's opening hours on\n"
        "Thursday evening.\n"
        "\n"
        "Members said the change would\n"
        "cost little and help students.\n"
    )
    assert paragraphs_from_text(text) == [
        "The council voted to extend the library's opening hours on Thursday evening.",
        "Members said the change would cost little and help students.",
    ]


def test_windows_line_endings_and_odd_spaces_are_normalised():
    assert paragraphs_from_text("One  two\u00a0three.\r\n\r\nFour.\r\n") == ["One two three.", "Four."]


# --- Title -------------------------------------------------------------------------

def test_headline_first_line_becomes_the_title():
    article = clean_text(article_lines("Harbour Board Backs New Ferry Timetable", BODY_ONE, BODY_TWO))
    assert article.title == "Harbour Board Backs New Ferry Timetable"
    assert article.paragraphs == [BODY_ONE, BODY_TWO]


def test_first_line_that_is_a_sentence_is_body_and_there_is_no_title():
    article = clean_text(article_lines(BODY_ONE, BODY_TWO))
    assert article.title is None
    assert article.paragraphs == [BODY_ONE, BODY_TWO]


# --- syndication ------------------------------------------------------------------

def test_crawl_header_is_removed_and_its_iso_date_beats_the_human_one():
    article = clean_text(article_lines(
        " date 2023-11-20 Friday, 03 March 2023 09:05 GMT",
        "Harbour Board Backs Ferry Plan",
        BODY_ONE,
    ))
    assert article.published == dt.date(2023, 11, 20)
    assert article.title == "Harbour Board Backs Ferry Plan"
    assert article.paragraphs == [BODY_ONE]
    assert removed(article, "syndication") == ["date 2023-11-20 Friday, 03 March 2023 09:05 GMT"]


def test_crawl_header_with_a_status_code_still_gives_the_date():
    article = clean_text(article_lines(" date 2022-02-14 200", "Valley Mill Reopens", BODY_ONE))
    assert article.published == dt.date(2022, 2, 14)
    assert article.title == "Valley Mill Reopens"


def test_bare_timestamp_lines_are_removed_and_date_the_article():
    article = clean_text(article_lines("Valley Mill Reopens", "", "2021-09-30T14:02:11Z", "", BODY_ONE, BODY_THREE))
    assert article.published == dt.date(2021, 9, 30)
    assert article.paragraphs == [BODY_ONE, BODY_THREE]


@pytest.mark.parametrize("prefix, outlet", [("(NORDWIRE) ", "NORDWIRE"), ("(Baltic Coast News) -- ", "Baltic Coast News")])
def test_source_prefix_is_cut_from_the_first_paragraph_and_names_the_outlet(prefix, outlet):
    article = clean_text(article_lines("Ferry Plan Approved", prefix + BODY_ONE, BODY_TWO))
    assert article.outlet == outlet
    assert article.paragraphs == [BODY_ONE, BODY_TWO]
    assert removed(article, "syndication") == [prefix.strip()]


def test_dateline_and_byline_under_the_title_are_header_not_body():
    article = clean_text(article_lines(
        "Valley Mill Reopens", "By Marta Kowalczyk", "Published: 7 June 2023", BODY_ONE, BODY_THREE))
    assert article.published == dt.date(2023, 6, 7)
    assert article.paragraphs == [BODY_ONE, BODY_THREE]


def test_a_label_in_parentheses_is_not_taken_for_an_outlet():
    article = clean_text(article_lines("Valley Mill Reopens", "(UPDATE) " + BODY_ONE, BODY_THREE))
    assert article.outlet is None


# --- republication ------------------------------------------------------------------

def test_press_release_disclaimer_is_removed_and_names_the_outlet():
    # The aggregator family's shape in our own words: a "/Public Release." label, where the text came
    # from, the outlet disowning it, and a link glued to the last sentence without a space.
    notice = ("/Public Release. The material below comes from the originating organisation and was trimmed "
              "for length. Riverside.Digest does not take institutional positions on the stories it "
              "carries.View in full here.")
    article = clean_text(article_lines("Mill Reopens", BODY_ONE, BODY_TWO, notice))
    assert article.outlet == "Riverside Digest"
    assert article.paragraphs == [BODY_ONE, BODY_TWO]
    assert removed(article, "republication") == [notice]


@pytest.mark.parametrize("notice", [
    "This article was originally published on The Fenland Review.",
    "A version of this story first appeared in the Coastline Herald.",
    "Republished with permission from Upland Weekly.",
    "View in full here.",
    "The views expressed in this column are the author's own.",
])
def test_reprint_notices_of_other_shapes_are_removed(notice):
    article = clean_text(article_lines(BODY_ONE, BODY_TWO, notice, BODY_THREE))
    assert article.paragraphs == [BODY_ONE, BODY_TWO, BODY_THREE]
    assert removed(article, "republication") == [notice]


def test_notice_run_on_after_a_body_sentence_leaves_the_sentence():
    article = clean_text(article_lines(BODY_ONE, BODY_TWO + " This story was originally published by Fenland Review."))
    assert article.paragraphs == [BODY_ONE, BODY_TWO]


def test_notice_after_a_quoted_sentence_in_the_same_paragraph_is_removed():
    # The notice opens after the paragraph's last speech, where the cleaner looks.
    quoted = '"We will reopen the mill," the owner said.'
    article = clean_text(article_lines(BODY_ONE, quoted + " This story was originally published by Fenland Review."))
    assert article.paragraphs == [BODY_ONE, quoted]


def test_a_notice_that_quotes_someone_is_kept_as_body():
    text = 'This story was originally published by Fenland Review, the editor said.'
    article = clean_text(article_lines(BODY_ONE, BODY_TWO + " " + text))
    assert article.paragraphs == [BODY_ONE, BODY_TWO + " " + text]


# --- agency ----------------------------------------------------------------------

@pytest.mark.parametrize("credit, agency", [
    ("OSLO (Reuters) - ", "Reuters"),
    ("(AP) — ", "AP"),
    ("NEW DELHI, March 4 (PTI) ", "PTI"),
    ("VALLETTA (Island Press Service) — ", "Island Press Service"),
])
def test_agency_datelines_are_cut_and_name_the_outlet_when_nothing_else_does(credit, agency):
    article = clean_text(article_lines(credit + BODY_ONE, BODY_TWO))
    assert article.paragraphs == [BODY_ONE, BODY_TWO]
    assert removed(article, "agency") == [credit.strip()]
    assert article.outlet == agency


def test_a_republication_notice_names_the_outlet_before_a_wire_credit():
    notice = "Lakeside.Courier does not take institutional positions on what it carries."
    article = clean_text(article_lines("BERGEN (NTB) - " + BODY_ONE, BODY_TWO, notice))
    assert article.outlet == "Lakeside Courier"


@pytest.mark.parametrize("line", [
    "(with AFP)",
    "(With inputs from agencies)",
    "-- Reporting by Sofie Lindqvist; Editing by Karim Haddad",
    "Additional reporting by Noor Amini in Valletta",
    "Copyright 2024 Fenland Review. All rights reserved.",
    "© 2023 Coastline Herald",
    "Reuters",
])
def test_credit_lines_are_removed(line):
    article = clean_text(article_lines(BODY_ONE, BODY_TWO, line))
    assert article.paragraphs == [BODY_ONE, BODY_TWO]
    assert removed(article, "agency") == [line]
    assert article.outlet is None  # "(with AFP)" shares the credit; it does not name the publisher


def test_trailing_credit_is_cut_from_the_last_sentence():
    article = clean_text(article_lines(BODY_ONE, BODY_TWO + " (dpa)"))
    assert article.paragraphs == [BODY_ONE, BODY_TWO]


def test_sentences_that_merely_mention_copyright_or_reporting_stay():
    kept = "Copyright law was changed in 2019, the minister said in parliament on Tuesday."
    article = clean_text(article_lines(BODY_ONE, kept))
    assert article.paragraphs == [BODY_ONE, kept]


# --- related --------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "Read more: Valley mill to close its doors after 90 years",
    "RELATED: Island school reopens",
    "See also - Harbour board elects new chair",
    "Related stories",
    "- HARBOUR BOARD SPLIT OVER 'FERRY FIASCO' CLAIMS",
    "» COUNCIL BACKS NEW BRIDGE",
    "Sign up for our morning newsletter",
])
def test_marked_related_links_are_removed(line):
    article = clean_text(article_lines(BODY_ONE, line, BODY_TWO))
    assert article.paragraphs == [BODY_ONE, BODY_TWO]
    assert removed(article, "related") == [line]


@pytest.mark.parametrize("line", [
    "Leaders urge council to 'rethink the plan' at summit",
    "Fishermen Fear Quota Cuts as Talks Stall in Brussels",
])
def test_unpunctuated_headline_between_paragraphs_is_a_related_link(line):
    article = clean_text(article_lines(BODY_ONE, BODY_THREE, line, BODY_TWO))
    assert article.paragraphs == [BODY_ONE, BODY_THREE, BODY_TWO]
    assert removed(article, "related") == [line]


# --- section ---------------------------------------------------------------------

def test_short_label_under_the_title_is_a_section_label():
    article = clean_text(article_lines("Harbour Board Backs Ferry Plan", "Transport", BODY_ONE, BODY_TWO))
    assert article.title == "Harbour Board Backs Ferry Plan"
    assert article.paragraphs == [BODY_ONE, BODY_TWO]
    assert removed(article, "section") == ["Transport"]


@pytest.mark.parametrize("subhead", ["Budget fears", "What happens next", "'A fragile recovery'", "“Not our harbour”"])
def test_subheads_between_paragraphs_are_removed(subhead):
    article = clean_text(article_lines(BODY_ONE, subhead, BODY_TWO, BODY_THREE))
    assert article.paragraphs == [BODY_ONE, BODY_TWO, BODY_THREE]
    assert removed(article, "section") == [subhead]


def test_a_short_quotation_that_ends_like_a_sentence_is_not_a_subhead():
    article = clean_text(article_lines(BODY_ONE, "“Not our harbour.”", BODY_TWO))
    assert article.paragraphs == [BODY_ONE, "“Not our harbour.”", BODY_TWO]


# --- caption --------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "Photo: Lakeside Courier / Ana Ruiz",
    "(Photo by Jonas Weber/Coastline Herald)",
    "Image credit: Fenland Review",
    "File photo",
    "Harbour master Ines Dalgaard on the quay in March. (Photo: Upland Weekly)",
    "Mayor Jane Roe meets with residents in Springfield",
    "Board chair Ines Dalgaard (L) and ferry crew at the quay",
])
def test_photo_captions_are_removed(line):
    article = clean_text(article_lines(BODY_ONE, line, BODY_TWO))
    assert article.paragraphs == [BODY_ONE, BODY_TWO]
    assert removed(article, "caption") == [line]


# --- what must never be dropped ---------------------------------------------------

@pytest.mark.parametrize("line", [
    "Dalgaard called the timetable “a good start”",  # ends in a quotation mark
    "The board listed three conditions:",  # ends in a colon
    "Will the ferry run in winter?",  # a question
    "He said the vote was close",  # a sentence missing its full stop
    "Officials told the board that fares would rise",
    "In 2019, the same board rejected a similar plan",  # opens like a sentence, not a headline
])
def test_body_lines_that_look_unfinished_are_kept(line):
    article = clean_text(article_lines(BODY_ONE, line, BODY_TWO))
    assert line in article.paragraphs


def test_a_quotation_running_over_several_paragraphs_is_kept_whole():
    lines = [
        BODY_ONE,
        "“We will not give up the crossing,” Dalgaard said. “This boat is our road.",
        "“Without it the island empties",
        "“And nobody here wants that.”",
        BODY_THREE,
    ]
    article = clean_text(article_lines(*lines))
    assert article.paragraphs == lines


def test_list_items_after_a_colon_are_kept():
    lines = [BODY_ONE, "The plan includes:", "- Two extra sailings on Sundays", "- Cheaper fares for students", BODY_THREE]
    article = clean_text(article_lines(*lines))
    assert article.paragraphs == lines


def test_removing_a_line_never_merges_its_neighbours():
    article = clean_text(article_lines(BODY_ONE, "Read more: Island school reopens", BODY_TWO, "Photo: Ana Ruiz", BODY_THREE))
    assert article.paragraphs == [BODY_ONE, BODY_TWO, BODY_THREE]


# --- HTML and JSONL ---------------------------------------------------------------

def test_html_page_gives_metadata_and_body_without_furniture():
    html = (DATA / "lakeside-courier-ferry.html").read_text(encoding="utf-8")
    article = clean_document(RawDocument(source="ferry.html", format="html", html=html))
    assert article.title == "Ferry Service Returns to Lakeside"
    assert article.outlet == "The Lakeside Courier"
    assert article.url == "https://courier.example/news/ferry-returns"
    assert article.published == dt.date(2024, 4, 9)
    assert article.paragraphs == [
        "The Lakeside ferry will run again from Monday, harbour master Ines Dalgaard said on Tuesday.",
        "\"We have waited two winters for this boat,\" Dalgaard told The Lakeside Courier.",
        "The first crossing leaves at 7 a.m. The last returns at 9 p.m.",
        "Every family on the island depends on that crossing.",
        "Councillor Tomas Brekke asked: \"Who will pay for the fuel?\"",
    ]
    assert ("section", "Timetable") in [(r.family, r.text) for r in article.removed]
    assert any(r.family == "caption" and "stands on the quay" in r.text for r in article.removed)


def test_html_paragraph_text_reads_breaks_as_spaces_and_skips_comments():
    html = ("<html><head><title>Pier</title></head><body><article>"
            "<p>The pier<br>reopens <!-- editor: check -->on <b>Friday</b>,<br/>the council said.</p>"
            "</article></body></html>")
    article = clean_document(RawDocument(source="pier.html", format="html", html=html))
    assert article.paragraphs == ["The pier reopens on Friday, the council said."]


def test_html_without_meta_falls_back_to_title_tag_and_time_element():
    html = ("<html><head><title>Mill Reopens</title></head><body><main>"
            "<time datetime='2022-10-01'>1 October</time><p>" + BODY_ONE + "</p></main></body></html>")
    article = clean_document(RawDocument(source="mill.html", format="html", html=html))
    assert (article.title, article.published, article.paragraphs) == ("Mill Reopens", dt.date(2022, 10, 1), [BODY_ONE])


def test_a_wrapper_named_like_furniture_keeps_the_story_it_wraps():
    html = ("<html><head><title>Mill Reopens | Upland Weekly</title>"
            "<meta property='og:site_name' content='Upland Weekly'></head>"
            "<body><form id='aspnetForm'><div class='story has-ads'>"
            f"<p>{BODY_ONE}</p><p>{BODY_TWO}</p><div class='ad'><p>Buy now</p></div>"
            "</div></form></body></html>")
    article = clean_document(RawDocument(source="mill.html", format="html", html=html))
    assert article.title == "Mill Reopens"
    assert article.paragraphs == [BODY_ONE, BODY_TWO]


def test_jsonl_metadata_comes_first_and_a_repeated_title_is_not_body():
    raw = RawDocument(
        source="feed.jsonl:3", format="jsonl",
        text=article_lines("Mill Reopens", BODY_ONE, BODY_TWO),
        meta={"title": "Mill Reopens", "outlet": "Upland Weekly", "published": "March 5, 2024",
              "url": "https://upland.example/mill"},
    )
    article = clean_document(raw)
    assert (article.title, article.outlet, article.published, article.url) == (
        "Mill Reopens", "Upland Weekly", dt.date(2024, 3, 5), "https://upland.example/mill")
    assert article.paragraphs == [BODY_ONE, BODY_TWO]


# --- Ids and dates ------------------------------------------------------------------

def test_id_is_the_url_hash_when_there_is_a_url_else_the_body_hash():
    with_url = clean_document(RawDocument(source="a", format="jsonl", text=BODY_ONE, meta={"url": "https://x.example/a"}))
    assert with_url.id == hashlib.sha1(b"https://x.example/a").hexdigest()[:12]
    without = clean_text(article_lines(BODY_ONE, BODY_TWO))
    assert without.id == hashlib.sha1(f"{BODY_ONE}\n{BODY_TWO}".encode()).hexdigest()[:12]
    assert clean_text(article_lines(BODY_ONE, BODY_TWO)).id == without.id


@pytest.mark.parametrize("value, expected", [
    ("2024-01-02T23:30:00-05:00", dt.date(2024, 1, 2)),
    ("Tuesday, 02 January 2024 12:17 GMT", dt.date(2024, 1, 2)),
    ("March 3, 2024 at 10:00 a.m. EST", dt.date(2024, 3, 3)),
    ("403", None),
    ("May 2024", None),  # no day named
    ("Politics", None),
    ("", None),
])
def test_parse_date_needs_a_day_a_month_and_a_year(value, expected):
    assert parse_date(value) == expected


# --- Regressions: body sentences that look a little like boilerplate ----------------

@pytest.mark.parametrize("line", [
    # "public release" in prose is no aggregator label, and the sentence after it is body too.
    "The ministry delayed the public release of the audit. Officials said the report would follow in June.",
    "Public release of the audit was delayed until June, the minister told parliament.",
    # "view the original" inside a sentence is no "View the original" link.
    "Critics view the original plan as too costly for the island.",
    "View the original plans at the town hall until Friday, the clerk told residents.",
    # "Distributed by" opening a sentence with more after it is no distribution credit.
    "Distributed by volunteers, the leaflets urged residents to attend the meeting.",
    # "Research by <Name>" followed by a verb is a finding, not a desk credit.
    "Research by Oxford University found that young kelp recovers slowly after a heatwave.",
    "Reporting by the Lantern Post prompted the inquiry, the minister conceded.",
    # "all rights reserved" inside a sentence is no copyright line.
    "The band said all rights reserved under the 1998 contract had lapsed.",
    "Copyright law was changed in 2019, the minister said in parliament on Tuesday.",
    # "Watch:" opening a full sentence is no media promo.
    "Watch: the council has a live stream of the meeting, officials said.",
    # Sentences sharing words with disclaimers.
    "The council is not responsible for the content of the leaflets, she said.",
    "The views expressed by residents are those of a small minority, the mayor said.",
    "Originally published in 1851, the novel was reissued last year.",
    "The letter was reproduced with permission of the family.",
    "Harbour Wire does not take sides in the dispute.",
])
def test_body_sentences_resembling_boilerplate_are_kept(line):
    article = clean_text(article_lines(BODY_ONE, line, BODY_TWO))
    assert article.paragraphs == [BODY_ONE, line, BODY_TWO]
    assert article.removed == []


@pytest.mark.parametrize("line", [
    "Reporting by Jane Roe; Editing by Tom Bell",
    "Writing by Sofie Lindqvist Editing by Karim Haddad and Ann Lee",
    "Copyright © 2024 Fenland Review",
    "Fenland Review 2024. All rights reserved.",
    "All rights reserved.",
])
def test_credit_and_copyright_lines_of_other_shapes_are_removed(line):
    article = clean_text(article_lines(BODY_ONE, BODY_TWO, line))
    assert article.paragraphs == [BODY_ONE, BODY_TWO]
    assert removed(article, "agency") == [line]


@pytest.mark.parametrize("line", ["Watch: Council votes on harbour plan", "LISTEN", "Listen | The harbour podcast"])
def test_short_media_promos_are_removed(line):
    article = clean_text(article_lines(BODY_ONE, line, BODY_TWO))
    assert article.paragraphs == [BODY_ONE, BODY_TWO]
    assert removed(article, "related") == [line]


# --- Regressions: aggregator disclaimers worded unlike any seed -------------------------

@pytest.mark.parametrize("notice, outlet", [
    ("/Public Release. This content was provided by the Kestrel Marine Laboratory and is reproduced as "
     "received. Tideline.Digest is not responsible for its accuracy.", "Tideline Digest"),
    ("Public Release. This material comes from the issuing organisation and may be out of date. "
     "Coastline.Digest does not take institutional positions on any matter.", "Coastline Digest"),
    ("The views expressed in this piece are solely those of the author(s). Lantern Press is not "
     "responsible for the content of external sites.", "Lantern Press"),
    ("Saltmere.Bulletin does not necessarily endorse the views expressed in this release.", "Saltmere Bulletin"),
    ("This article is republished from The Fenland Review under a Creative Commons license. "
     "Read the original article.", "The Fenland Review"),
    ("Originally published at kelpwatch.example.", None),
    ("Disclaimer: The author holds shares in Calloway Freight.", None),
    ("Opinions are the author's own.", None),
    ("Distributed by Gullwing Newswire.", None),
    ("(Except for the headline, this story has not been edited by Lantern staff and is published from a "
     "syndicated feed.)", None),
])
def test_aggregator_disclaimers_of_any_wording_are_removed_and_name_the_outlet(notice, outlet):
    article = clean_text(article_lines("Mill Reopens", BODY_ONE, BODY_TWO, notice))
    assert article.paragraphs == [BODY_ONE, BODY_TWO]
    assert removed(article, "republication") == [notice]
    assert article.outlet == outlet


# At least one sentence each marker matches.
NOTICE_SENTENCES = [
    "/Public Release.", "Public Release.",
    "This material from the originating organisation may be dated.",
    "This content was provided by the Kestrel Marine Laboratory.",
    "Coastline.Digest does not take institutional positions on any matter.",
    "Tideline.Digest is not responsible for its accuracy.",
    "Saltmere.Bulletin does not necessarily endorse the views expressed in this release.",
    "The views expressed in this piece are solely those of the author(s).",
    "Opinions are the author's own.",
    "View in full here.",
    "Read the original article.", "Read the full story on the Fenland Review website",
    "This article was originally published on The Fenland Review.",
    "Originally published at kelpwatch.example.",
    "Republished with permission from Upland Weekly.",
    "This article is republished from The Fenland Review under a Creative Commons license.",
    "(Except for the headline, this story has not been edited by Lantern staff.",
    "It is published from a syndicated feed.",
    "Disclaimer: The author holds shares.",
    "Distributed by Gullwing Newswire.",
    "SOURCE Acme Corp",
]


def test_every_notice_marker_match_holds_one_of_the_markers_words():
    # The words are a quick look before the patterns: a paragraph holding none of them is
    # not read for a notice, so a marker matching text without any would miss notices.
    matched = set()
    for sentence in NOTICE_SENTENCES:
        for number, marker in enumerate(rules.REPUBLICATION_MARKERS):
            if marker.pattern.match(sentence):
                matched.add(number)
                assert any(word in sentence.lower() for word in marker.words), (sentence, marker.pattern)
    assert matched == set(range(len(rules.REPUBLICATION_MARKERS)))
    assert all(word == word.lower() for marker in rules.REPUBLICATION_MARKERS for word in marker.words)


def test_a_public_release_label_glued_to_the_last_sentence_leaves_the_sentence():
    notice = ("/Public Release. The text above was supplied by the issuing organisation. "
              "Gull.Point.News is not responsible for the views expressed.")
    article = clean_text(article_lines(BODY_ONE, BODY_TWO + " " + notice))
    assert article.paragraphs == [BODY_ONE, BODY_TWO]
    assert article.outlet == "Gull Point News"


def test_a_public_release_label_without_a_disclaimer_after_it_is_body():
    line = "Public Release. The mayor's new book goes on sale on Friday."
    article = clean_text(article_lines(BODY_ONE, line, BODY_TWO))
    assert line in article.paragraphs


# --- Regressions: HTML text outside <p> --------------------------------------------------

def _clean_html(body: str, head: str = "") -> Article:
    html = f"<html><head><title>Mill Reopens</title>{head}</head><body>{body}</body></html>"
    return clean_document(RawDocument(source="mill.html", format="html", html=html))


def test_html_list_items_and_loose_div_text_are_body_in_document_order():
    article = _clean_html(
        "<nav><ul><li>Home</li><li>News</li></ul></nav>"
        "<article><p>The mill will reopen in May, the minister said:</p>"
        "<ul><li>Forty jobs will return by the summer.</li><li>The <b>old</b> wheel will be restored.</li></ul>"
        "<div class='story-body'>Work on the roof begins next week.<br><br>"
        "<em>Residents</em> welcomed the news.<p>The council will vote on the grant in June.</p>"
        "Contractors have already been chosen.</div>"
        "<dl><dt>Cost</dt><dd>The repairs will cost 2 million crowns.</dd></dl>"
        "<aside><ul><li>Island school reopens</li></ul></aside></article>"
        "<footer><div>Contact us</div></footer>"
    )
    assert article.paragraphs == [
        "The mill will reopen in May, the minister said:",
        "Forty jobs will return by the summer.",
        "The old wheel will be restored.",
        "Work on the roof begins next week.",
        "Residents welcomed the news.",
        "The council will vote on the grant in June.",
        "Contractors have already been chosen.",
        "The repairs will cost 2 million crowns.",
    ]


def test_html_page_set_only_in_divs_and_brs_keeps_every_line():
    article = _clean_html("<div id='content'><div>The mill will reopen in May.<br>Forty jobs will return."
                          "</div><div>The council will vote in June.</div></div>")
    assert article.paragraphs == ["The mill will reopen in May.", "Forty jobs will return.",
                                  "The council will vote in June."]


def test_html_metadata_is_read_from_meta_tags_in_any_attribute_and_case():
    article = _clean_html(
        f"<p>{BODY_ONE}</p>",
        head=("<meta name='OG:Site_Name' content=''><meta itemprop='datePublished' content='2024-05-02'>"
              "<meta name='og:site_name' content='Upland Weekly'><meta property='og:url' content='https://u.example/m'>"),
    )
    assert (article.outlet, article.published, article.url) == ("Upland Weekly", dt.date(2024, 5, 2), "https://u.example/m")


def test_dateline_with_a_province_abbreviation_is_cut():
    from quotearchive.clean import clean_document
    from quotearchive.models import RawDocument

    raw = RawDocument("t.txt", "txt", text="Fire forces evacuation\n\nRED PINE, B.C. (Meridian Newswire) - "
                                           "An early wildfire forced 1,200 people from their homes.\n")
    article = clean_document(raw)
    assert article.paragraphs == ["An early wildfire forced 1,200 people from their homes."]
    assert article.outlet == "Meridian Newswire"


def test_masthead_line_under_the_title_gives_outlet_and_date():
    from quotearchive.clean import clean_document
    from quotearchive.models import RawDocument

    text = ("Walk-off double lifts the Rivercats\nThe Cedar Valley Gazette | May 4, 2025\n\n"
            "For eight innings the Rivercats could not buy a hit.\n\n"
            '"We kept swinging," manager Gil Haverford said.\n')
    article = clean_document(RawDocument("g.txt", "txt", text=text))
    assert article.title == "Walk-off double lifts the Rivercats"
    assert article.outlet == "The Cedar Valley Gazette"
    assert article.published.isoformat() == "2025-05-04"
    assert article.paragraphs[0] == "For eight innings the Rivercats could not buy a hit."


def test_a_sentence_with_a_dash_is_no_masthead():
    from quotearchive.clean import clean_document
    from quotearchive.models import RawDocument

    text = ("Storm closes schools\n\nThe storm - the worst since May 4, 2019 - closed every school.\n\n"
            "Crews worked all night.\n")
    article = clean_document(RawDocument("s.txt", "txt", text=text))
    assert "The storm - the worst since May 4, 2019 - closed every school." in article.paragraphs


def test_sentence_breaks_split_as_the_plain_pattern_would():
    # The break pattern opens on the end mark so the regex engine can skip ahead; it must
    # split exactly as the plain pattern (a look-behind branch for run-on full stops) does.
    import random
    from quotearchive import clean
    plain = re.compile(r"[.!?…][\"'”’)\]]*\s+|[.!?](?=/)|(?<=[a-z)][.!?])(?=[A-Z])")

    def plain_sentences(text):
        spans, start = [], 0
        for match in plain.finditer(text):
            if match.end() == match.start():
                word_start = max(text.rfind(" ", 0, match.start()), text.rfind("/", 0, match.start())) + 1
                if text[word_start:word_start + 1].isupper():
                    continue
            spans.append((start, match.end()))
            start = match.end()
        if start < len(text):
            spans.append((start, len(text)))
        return spans

    rnd = random.Random(5)
    for _ in range(20000):
        text = "".join(rnd.choice("aZ .!?…\"')]/\nBc") for _ in range(rnd.randint(0, 14)))
        assert clean._sentences(text) == plain_sentences(text), text
