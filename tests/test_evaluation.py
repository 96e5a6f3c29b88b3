"""The scorer behind scripts/evaluate.py: matching, speakers, dates and statement pairs."""
from quotearchive.evaluation import evaluate, normalise, word_overlap

GOLD = {
    "articles": [
        {"file": "a.txt", "style": "wire", "quotes": [
            {"id": "a1-0", "text": "We will build the bridge.", "speaker": "Ana Ruiz", "spoken": "2026-01-02"},
            {"id": "a1-1", "text": "Keep out", "speaker": None},
            {"id": "a1-2", "text": "Nobody asked us about the tolls", "speaker": "Tom Bell"},
        ]},
        {"file": "b.txt", "style": "local", "quotes": [
            {"id": "b1-0", "text": "we will build the bridge", "speaker": "Ana Ruiz",
             "speaker_alternatives": ["Mayor Ruiz"]},
        ]},
    ],
    "same_statement": [["a1-0", "b1-0"]],
}


def test_normalise_folds_marks_case_and_end_punctuation():
    assert normalise("“We’ll GO.”") == normalise('"we\'ll go')
    assert word_overlap("the long road home", "the long road") > 0.8


def test_scores_matches_speakers_dates_and_statement_pairs():
    predictions = [
        {"source": "dir/a.txt", "text": "We will build the bridge", "speaker": "Ana Ruiz",
         "spoken": "2026-01-02", "statement": "s1"},
        {"source": "dir/a.txt", "text": "Keep out", "speaker": None},
        {"source": "dir/a.txt", "text": "a scare quote", "speaker": "Tom Bell"},
        {"source": "b.txt", "text": "We will build the bridge.", "speaker": "Mayor Ruiz", "statement": "s1"},
    ]
    report = evaluate(GOLD, predictions)
    overall = report.overall
    assert (overall.gold, overall.predicted, overall.matched) == (4, 4, 3)
    assert overall.speaker_right == 3  # a null speaker for a sign counts as right
    assert overall.date_right == overall.dated == 1
    assert report.by_style["wire"].recall == 2 / 3
    assert report.by_style["local"].attribution == 1.0
    assert (report.statement_precision, report.statement_recall) == (1.0, 1.0)
    assert any("MISSED a1-2" in line for line in overall.misses)


def test_wrong_speaker_is_reported():
    predictions = [{"source": "b.txt", "text": "we will build the bridge", "speaker": "Tom Bell"}]
    report = evaluate(GOLD, predictions)
    assert report.by_style["local"].attribution == 0.0
    assert any(line.startswith("SPEAKER b1-0") for line in report.overall.misses)
