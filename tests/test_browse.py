"""The quote, speaker and article page dicts, the word-level diff and the article store."""
from __future__ import annotations

import datetime as dt

import pytest
from whoosh.filedb.filestore import RamStorage

from quotearchive import articlestore, browse, index
from quotearchive.models import Article, Quote, Removed, slugify

D = dt.date

# One fictional statement reported by three outlets, in three fictional articles.
ARTICLES = [
    Article(id="art-1", source="ledger/levy.txt", title="Levy row deepens", outlet="Lakeside Ledger",
            url="https://example.org/levy", published=D(2024, 3, 10),
            paragraphs=["The harbour board met on Monday.",
                        '"The levy must be scrapped before the summer," Ines Varga said.',
                        '"We will wait," said Tomas Reel, the board chair.'],
            removed=[Removed("related", "Read more: ferry timetables"),
                     Removed("syndication", "Distributed by Wire Service")]),
    Article(id="art-2", source="courier/levy.txt", title="Varga: scrap the levy",
            outlet="Northfield Courier", published=D(2024, 3, 11),
            paragraphs=['"The harbour levy must be scrapped by summer," Varga told the Courier.']),
    Article(id="art-3", source="post/levy.txt", outlet="Saltmere Post", published=D(2024, 4, 2),
            paragraphs=['Varga said: "The levy must be scrapped."']),
]
QUOTES = [
    Quote(id="q1", text="The levy must be scrapped before the summer", speaker="Ines Varga",
          role="harbour commissioner", cue="said", confidence=0.9, article_id="art-1",
          paragraph=1, start=1, end=44, statement="s-levy", spoken=D(2024, 3, 9),
          evidence='"The levy must be scrapped before the summer," Ines Varga said.'),
    Quote(id="q2", text="We will wait", speaker="Tomas Reel", role="board chair", article_id="art-1",
          paragraph=2, start=1, end=13),
    Quote(id="q3", text="The harbour levy must be scrapped by summer", speaker="Ines Varga",
          article_id="art-2", paragraph=0, start=1, end=44, statement="s-levy"),
    Quote(id="q4", text="The levy must be scrapped.", speaker="Ines Varga", role="commissioner",
          co_speakers=["Tomas Reel"], article_id="art-3", paragraph=0, start=13, end=39,
          statement="s-levy"),
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("browse")
    index.write_index(QUOTES, path, articles=ARTICLES)
    return path


# --- word_diff --------------------------------------------------------------------


def test_word_diff_names_trimmed_added_and_changed_words():
    diff = browse.word_diff("The levy must be scrapped before the summer",
                            "The harbour levy must be scrapped by summer")
    assert diff["runs"] == [
        {"op": "same", "text": "The"},
        {"op": "added", "text": "harbour"},
        {"op": "same", "text": "levy must be scrapped"},
        {"op": "changed", "text": "by", "was": "before the"},
        {"op": "same", "text": "summer"},
    ]
    assert (diff["added"], diff["trimmed"], diff["changed"]) == (1, 0, 2)


def test_word_diff_of_a_trimmed_version():
    diff = browse.word_diff("The levy must be scrapped before the summer", "The levy must be scrapped.")
    assert diff["runs"] == [{"op": "same", "text": "The levy must be scrapped."},
                            {"op": "trimmed", "text": "before the summer"}]
    assert (diff["added"], diff["trimmed"], diff["changed"]) == (0, 3, 0)


def test_word_diff_ignores_case_and_punctuation_only():
    diff = browse.word_diff("We will wait.", "we will WAIT")
    assert diff == {"runs": [{"op": "same", "text": "we will WAIT"}],
                    "added": 0, "trimmed": 0, "changed": 0}


# --- mark_paragraphs ------------------------------------------------------------------


def test_mark_paragraphs_puts_each_quote_where_it_stands():
    marked = browse.mark_paragraphs(ARTICLES[0].paragraphs, [q.to_dict() for q in QUOTES[:2]])
    assert marked[0] == {"number": 0, "runs": [{"text": "The harbour board met on Monday.", "quote": None}]}
    assert marked[1]["runs"] == [
        {"text": '"', "quote": None},
        {"text": "The levy must be scrapped before the summer", "quote": "q1",
         "speaker": "Ines Varga", "slug": "ines-varga", "part": 0, "continues": False},
        {"text": '," Ines Varga said.', "quote": None},
    ]
    assert "".join(run["text"] for run in marked[2]["runs"]) == ARTICLES[0].paragraphs[2]


def test_mark_paragraphs_finds_a_quote_whose_span_moved_and_skips_one_not_there():
    moved = {**QUOTES[0].to_dict(), "start": 0, "end": 5}
    missing = {**QUOTES[1].to_dict(), "id": "gone", "text": "Not in this article", "paragraph": 0}
    marked = browse.mark_paragraphs(ARTICLES[0].paragraphs, [moved, missing])
    assert [run["quote"] for run in marked[1]["runs"]] == [None, "q1", None]
    assert [run["quote"] for run in marked[0]["runs"]] == [None]


def test_a_quote_interrupted_by_its_attribution_is_marked_in_pieces():
    paragraph = '"The reserve is for storms," Holm said, "not for buses."'
    quote = {"id": "r1", "text": "The reserve is for storms, not for buses.", "speaker": "Petra Holm",
             "paragraph": 0, "start": 1, "end": len(paragraph) - 1}
    (marked,) = browse.mark_paragraphs([paragraph], [quote])
    assert [(run["text"], run["quote"], run.get("continues")) for run in marked["runs"]] == [
        ('"', None, None),
        ("The reserve is for storms,", "r1", True),
        ('" Holm said, "', None, None),
        ("not for buses.", "r1", False),
        ('"', None, None),
    ]


# --- quote page ------------------------------------------------------------------------


def test_quote_page_has_the_quote_its_article_variants_and_citation(index_dir):
    page = browse.quote_page(index_dir, "q1", permalink="http://archive.test/quotes/q1")
    assert page["quote"] == {**QUOTES[0].to_dict(), "title": "Levy row deepens",
                             "outlet": "Lakeside Ledger", "url": "https://example.org/levy",
                             "published": "2024-03-10"}
    assert page["speaker_slug"] == "ines-varga"
    assert page["article"] == {"id": "art-1", "title": "Levy row deepens", "outlet": "Lakeside Ledger",
                               "url": "https://example.org/levy", "published": "2024-03-10",
                               "source": "ledger/levy.txt"}
    # Only this quote is marked in the article's text.
    assert [run["quote"] for paragraph in page["paragraphs"] for run in paragraph["runs"]
            if run["quote"]] == ["q1"]
    assert [(v["id"], v["outlet"]) for v in page["variants"]] == [
        ("q3", "Northfield Courier"), ("q4", "Saltmere Post")]
    assert page["variants"][0]["diff"] == browse.word_diff(QUOTES[0].text, QUOTES[2].text)
    citation = page["citation"]
    assert citation["text"] == (
        "\u201cThe levy must be scrapped before the summer\u201d \u2014 Ines Varga, harbour commissioner. "
        "Said on 2024-03-09. Reported by Lakeside Ledger, \u201cLevy row deepens\u201d, 2024-03-10. "
        "https://example.org/levy. QuoteArchive: http://archive.test/quotes/q1.")
    assert citation["json"]["quote_id"] == "q1"
    assert citation["json"]["permalink"] == "http://archive.test/quotes/q1"
    assert citation["json"]["spoken"] == "2024-03-09"


def test_quote_page_of_an_unknown_id_is_none(index_dir):
    assert browse.quote_page(index_dir, "nope") is None


def test_quote_page_without_a_stored_article_marks_the_quote_in_its_context():
    ix = RamStorage().create_index(index.make_schema())
    quote = Quote(id="lone", text="Tides wait for nobody", context='She said: "Tides wait for nobody."',
                  paragraph=4, start=11, end=32)
    with ix.writer() as writer:
        writer.add_document(**index.quote_document(quote))
    page = browse.quote_page(ix, "lone")
    assert page["article"] is None and page["variants"] == []
    assert page["paragraphs"] == [{"number": 0, "runs": [
        {"text": 'She said: "', "quote": None},
        {"text": "Tides wait for nobody", "quote": "lone", "speaker": None, "slug": None,
         "part": 0, "continues": False},
        {"text": '."', "quote": None}]}]
    assert page["citation"]["text"].startswith("\u201cTides wait for nobody\u201d \u2014 Unattributed.")


# --- speaker page -----------------------------------------------------------------------


def test_speaker_page_lists_every_quote_newest_first_with_timeline_roles_outlets(index_dir):
    page = browse.speaker_page(index_dir, "ines-varga")
    assert page["speaker"] == "Ines Varga" and page["total"] == 3
    assert [quote["id"] for quote in page["quotes"]] == ["q4", "q3", "q1"]
    assert page["timeline"] == [{"month": "2024-03", "count": 2}, {"month": "2024-04", "count": 1}]
    assert page["undated"] == 0
    assert page["roles"] == [{"value": "commissioner", "count": 1},
                             {"value": "harbour commissioner", "count": 1}]
    assert page["outlets"] == [{"value": "Lakeside Ledger", "count": 1},
                               {"value": "Northfield Courier", "count": 1},
                               {"value": "Saltmere Post", "count": 1}]


def test_speaker_page_counts_joint_statements_but_not_their_roles(index_dir):
    page = browse.speaker_page(index_dir, "tomas-reel")
    assert page["speaker"] == "Tomas Reel"
    assert [quote["id"] for quote in page["quotes"]] == ["q4", "q2"]
    # q4's role ("commissioner") is Varga's, not Reel's.
    assert page["roles"] == [{"value": "board chair", "count": 1}]


def test_speaker_page_pages_and_unknown_speaker(index_dir):
    second = browse.speaker_page(index_dir, "ines-varga", page=2, per_page=2)
    assert [quote["id"] for quote in second["quotes"]] == ["q1"]
    assert (second["pages"], second["total"]) == (2, 3)
    assert browse.speaker_page(index_dir, "nobody-at-all") is None


def test_timeline_fills_months_without_quotes():
    assert browse._timeline({"2023-11": 2, "2024-02": 1, "": 4}) == [
        {"month": "2023-11", "count": 2}, {"month": "2023-12", "count": 0},
        {"month": "2024-01", "count": 0}, {"month": "2024-02", "count": 1}]


@pytest.mark.parametrize("name, slug", [
    ("Ines Varga", "ines-varga"), ("Renée Castellan-Ødegård", "renee-castellan-ødegard"),
    ("J.R. O'Neill", "j-r-o-neill"), ("  Mark  Rutte ", "mark-rutte")])
def test_slugify(name, slug):
    assert slugify(name) == slug


# --- article page -------------------------------------------------------------------------


def test_article_page_marks_every_quote_with_its_speaker_and_folds_removed_text(index_dir):
    page = browse.article_page(index_dir, "art-1")
    assert page["article"]["title"] == "Levy row deepens"
    quoted = [(run["quote"], run["speaker"]) for paragraph in page["paragraphs"]
              for run in paragraph["runs"] if run["quote"]]
    assert quoted == [("q1", "Ines Varga"), ("q2", "Tomas Reel")]
    assert ["".join(run["text"] for run in p["runs"]) for p in page["paragraphs"]] == ARTICLES[0].paragraphs
    assert page["speakers"] == [{"name": "Ines Varga", "slug": "ines-varga", "count": 1},
                                {"name": "Tomas Reel", "slug": "tomas-reel", "count": 1}]
    assert page["removed"] == [{"family": "related", "text": "Read more: ferry timetables"},
                               {"family": "syndication", "text": "Distributed by Wire Service"}]
    assert [quote["id"] for quote in page["quotes"]] == ["q1", "q2"]


def test_article_page_of_an_unknown_id_is_none(index_dir):
    assert browse.article_page(index_dir, "art-404") is None


# --- the article store -----------------------------------------------------------------------


def test_article_store_lives_in_the_live_build_and_swaps_with_it(tmp_path):
    index.write_index(QUOTES[:1], tmp_path, articles=ARTICLES[:1])
    first = index.live_build_path(tmp_path)
    assert articlestore.read(first, "art-1")["title"] == "Levy row deepens"
    index.write_index(QUOTES[2:3], tmp_path, articles=ARTICLES[1:2])
    second = index.live_build_path(tmp_path)
    assert second != first
    assert articlestore.read(second, "art-1") is None
    assert articlestore.read(second, "art-2")["outlet"] == "Northfield Courier"
    assert browse.article_page(tmp_path, "art-2")["article"]["id"] == "art-2"


def test_article_store_absent_reads_as_none(tmp_path):
    assert articlestore.read(tmp_path, "art-1") is None
    assert articlestore.read(None, "art-1") is None


def test_article_store_can_be_written_to_again(tmp_path):
    assert articlestore.write(tmp_path, ARTICLES[:1]) == 1
    assert articlestore.write(tmp_path, ARTICLES) == 3
    assert articlestore.read(tmp_path, "art-3")["outlet"] == "Saltmere Post"
