"""/api/openapi.json describes every route, and live responses validate against it."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from quotearchive import pipeline
from quotearchive.models import SearchRequest
from quotearchive.web import create_app

STRIKE_QUOTE = "08d640bedeb9-0"


@pytest.fixture(scope="module")
def app(tmp_path_factory, sample_corpus):
    index_dir = tmp_path_factory.mktemp("openapi-index")
    pipeline.rebuild([sample_corpus], index_dir)
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def spec(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.is_json
    return response.get_json()


def validator(spec: dict, schema: dict) -> Draft202012Validator:
    """Return a validator for one schema of the description, its $refs resolved within it."""
    root = {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "components": spec["components"], **schema}
    Draft202012Validator.check_schema(root)
    return Draft202012Validator(root, format_checker=FormatChecker())


def response_schema(spec: dict, path: str, status: int, media: str = "application/json") -> dict:
    return spec["paths"][path]["get"]["responses"][str(status)]["content"][media]["schema"]


def assert_valid(spec: dict, path: str, status: int, body) -> None:
    errors = sorted(validator(spec, response_schema(spec, path, status)).iter_errors(body),
                    key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def test_every_route_is_described_and_every_description_is_a_route(app, spec):
    routes = {openapi_path(rule.rule) for rule in app.url_map.iter_rules()
              if rule.endpoint != "static"}  # the stylesheet and script, not an API
    # One Flask rule (/quotes/<path:quote_id>) serves both the page and its .json twin.
    described = {path.removesuffix(".json") if path.startswith(("/quotes/", "/speakers/", "/articles/"))
                 else path for path in spec["paths"]}
    assert routes == described


def test_the_description_is_openapi_3_1_with_valid_schemas(spec):
    assert spec["openapi"] == "3.1.0"
    assert spec["info"]["title"] == "QuoteArchive"
    for name, schema in spec["components"]["schemas"].items():
        validator(spec, schema)  # check_schema raises on a malformed schema
    text = json.dumps(spec)
    for ref in set(re.findall(r'"\$ref": "#/components/schemas/(\w+)"', text)):
        assert ref in spec["components"]["schemas"]
    for path, item in spec["paths"].items():
        operation = item["get"]
        assert operation["summary"] and "200" in operation["responses"]
        for name in re.findall(r"{(\w+)}", path):
            assert any(p["name"] == name and p["in"] == "path" for p in operation["parameters"])


def test_the_search_state_schema_names_every_parameter(spec):
    state = spec["components"]["schemas"]["SearchState"]
    assert state["required"] == list(SearchRequest().to_dict())
    documented = [p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]]
    assert documented == list(SearchRequest().to_dict())


@pytest.mark.parametrize("path, url", [
    ("/api/search", "/api/search"),
    ("/api/search", "/api/search?q=strike&sort=oldest&per_page=2&page=2"),
    ("/api/search", "/api/search?q=strikke"),
    ("/api/search", "/api/search?speaker=odile+marchetti&year=2026&published_from=2026-01-01"),
    ("/search.json", "/search.json?q=%22did+not+want%22"),
    ("/", "/?q=choice"),
    ("/search", "/search?outlet=TIDELINE"),
    ("/api/quotes/{quote_id}", f"/api/quotes/{STRIKE_QUOTE}"),
    ("/quotes/{quote_id}", f"/quotes/{STRIKE_QUOTE}"),
    ("/quotes/{quote_id}.json", f"/quotes/{STRIKE_QUOTE}.json"),
    ("/speakers/{slug}", "/speakers/odile-marchetti"),
    ("/speakers/{slug}.json", "/speakers/ilse-varga.json"),
    ("/api/speakers/{slug}", "/api/speakers/petra-holm"),
    ("/articles/{article_id}", "/articles/08d640bedeb9"),
    ("/articles/{article_id}.json", "/articles/08d640bedeb9.json"),
    ("/api/articles/{article_id}", "/api/articles/08d640bedeb9"),
])
def test_live_json_answers_validate(client, spec, path, url):
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.is_json
    assert_valid(spec, path, 200, response.get_json())


@pytest.mark.parametrize("path, url, status", [
    ("/api/search", "/api/search?page=0", 400),
    ("/api/search", "/api/search?q=(open", 400),
    ("/search.json", "/search.json?from=2026-13-01", 400),
    ("/api/quotes/{quote_id}", "/api/quotes/missing", 404),
    ("/quotes/{quote_id}.json", "/quotes/missing.json", 404),
    ("/api/speakers/{slug}", "/api/speakers/nobody", 404),
    ("/api/speakers/{slug}", "/api/speakers/odile-marchetti?page=x", 400),
    ("/api/articles/{article_id}", "/api/articles/missing", 404),
    ("/api/export.csv", "/api/export.csv?sort=up", 400),
    ("/api/export.jsonl", "/api/export.jsonl?to=soon", 400),
])
def test_live_errors_validate(client, spec, path, url, status):
    response = client.get(url)
    assert response.status_code == status and response.is_json
    assert_valid(spec, path, status, response.get_json())


def test_a_missing_index_answers_the_described_503(tmp_path, spec):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    response = client.get("/api/search")
    assert response.status_code == 503
    assert_valid(spec, "/api/search", 503, response.get_json())


def test_the_jsonl_export_is_one_described_quote_per_line(client, spec):
    response = client.get("/api/export.jsonl?q=strike")
    assert response.mimetype in spec["paths"]["/api/export.jsonl"]["get"]["responses"]["200"]["content"]
    lines = response.get_data(as_text=True).splitlines()
    assert len(lines) == 3
    check = validator(spec, response_schema(spec, "/api/export.jsonl", 200, "application/x-ndjson"))
    for line in lines:
        check.validate(json.loads(line))


def test_the_csv_export_has_a_column_per_quote_field(client, spec):
    response = client.get("/export.csv?speaker=Petra+Holm")
    assert response.mimetype in spec["paths"]["/export.csv"]["get"]["responses"]["200"]["content"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == spec["components"]["schemas"]["Quote"]["required"]
    assert len(rows) == 1 + 4


def test_the_readme_names_every_api_route(spec):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for path in spec["paths"]:
        if path.startswith("/api/"):
            written = re.sub(r"{(\w+)}", lambda m: "<id>" if m.group(1).endswith("id") else f"<{m.group(1)}>",
                             path)
            assert written in readme, f"README.md does not mention {written}"
    for parameter in spec["paths"]["/api/search"]["get"]["parameters"]:
        assert f"`{parameter['name']}`" in readme, parameter["name"]
