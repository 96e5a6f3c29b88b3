"""orjson in place of the standard library's JSON: the same values and bytes, and no
failure where orjson refuses a string."""
import dataclasses
import datetime as dt
import json

import pytest
from flask.json.provider import DefaultJSONProvider

from quotearchive import fastjson
from quotearchive.web import FastJSONProvider, create_app


@dataclasses.dataclass
class Point:
    x: int
    when: dt.date


VALUES = [
    {"query": "tide", "total": 3, "results": [{"text": "«Nous restons», dit-elle — 北京", "score": 1.5}],
     "facets": {"year": [{"value": "2024", "count": 2, "selected": False}]}, "suggestion": None},
    {"published": dt.date(2024, 6, 2), "at": dt.datetime(2024, 6, 2, 10, 30), "point": Point(1, dt.date(2020, 1, 1))},
    [1, "two", {"3": 4}],
]


@pytest.mark.parametrize("value", VALUES)
def test_answers_are_the_bytes_flasks_own_encoder_gives(value):
    app = create_app({"TESTING": True, "INDEX_DIR": "/nonexistent"})
    assert isinstance(app.json, FastJSONProvider)
    flask_json = DefaultJSONProvider(app)
    flask_json.sort_keys, flask_json.ensure_ascii = False, False
    with app.app_context():
        assert app.json.response(value).get_data() == flask_json.response(value).get_data()


def test_an_answer_with_a_lone_surrogate_is_escaped_not_refused():
    # orjson refuses it, and UTF-8 cannot hold it: the answer escapes it, as JSON allows.
    value = {"lone": "half of a pair: \ud800", "nested": [1, 2.25, True, None]}
    app = create_app({"TESTING": True, "INDEX_DIR": "/nonexistent"})
    with app.app_context():
        body = app.json.response(value).get_data()
    assert b"\\ud800" in body
    assert json.loads(body) == value


@pytest.mark.parametrize("text", [
    '{"text": "caf\\u00e9 \\u201cquoted\\u201d", "n": [1, 2.5, null]}',
    '{"text": "a lone surrogate \\ud800 read from a JSON Lines file"}',
    '"\\ud83d\\ude00"',
])
def test_loads_reads_what_the_standard_library_reads(text):
    assert fastjson.loads(text) == json.loads(text)
    assert fastjson.loads(text.encode()) == json.loads(text)


def test_a_stored_quote_with_a_lone_surrogate_is_read():
    stored = json.dumps({"text": "x\ud800y"}, ensure_ascii=False)  # as the index stores payloads
    assert fastjson.loads(stored) == {"text": "x\ud800y"}


@pytest.mark.parametrize("value", [{"text": "«Nous restons» — 北京", "n": [1, 2.5, None, True]},
                                   {"lone": "x\ud800y"}, ["a", {"b": {}}]])
def test_dumps_writes_what_compact_standard_json_writes(value):
    assert fastjson.dumps(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))
