"""Same-statement grouping: trimmed, extended and re-translated reports of one statement."""
from quotearchive.models import Quote
from quotearchive.statements import group_statements, same_statement


def quote(qid: str, text: str, speaker: str | None = "Ana Ruiz") -> Quote:
    return Quote(id=qid, text=text, speaker=speaker)


def test_trimmed_version_shares_a_run_of_words():
    a = quote("a-0", "We will rebuild the harbour wall before the winter storms arrive, whatever it costs")
    b = quote("b-0", "rebuild the harbour wall before the winter storms")
    assert same_statement(a, b)


def test_retranslated_version_keeps_most_content_words():
    a = quote("a-0", "The ferry fleet's presence alongside the old docks raises serious questions for the city.")
    b = quote("b-0", "What is happening with the ferry fleet present alongside the old docks is a big question "
                     "for the city.")
    assert same_statement(a, b)


def test_different_statements_and_different_speakers_stay_apart():
    a = quote("a-0", "We will rebuild the harbour wall before the winter storms arrive")
    assert not same_statement(a, quote("b-0", "Bus fares are frozen until June, and routes stay as they are"))
    assert not same_statement(a, quote("b-1", a.text, speaker="Tom Bell"))
    assert not same_statement(quote("c-0", a.text, speaker=None), quote("c-1", a.text, speaker=None))


def test_groups_are_closed_and_ids_stable():
    quotes = [
        quote("a-0", "We will rebuild the harbour wall before the winter storms arrive"),
        quote("b-0", "rebuild the harbour wall before the winter storms"),
        quote("c-0", "the harbour wall before the winter storms arrive, whatever it costs"),
        quote("d-0", "Bus fares are frozen until June"),
    ]
    group_statements(quotes)
    assert quotes[0].statement == quotes[1].statement == quotes[2].statement
    assert quotes[3].statement != quotes[0].statement
    first = [q.statement for q in quotes]
    group_statements(quotes)
    assert [q.statement for q in quotes] == first


def test_syndicated_copies_of_many_quotes_group_by_text():
    texts = [f"Pier {n} will reopen to boats and walkers after the storm repairs are done" for n in range(300)]
    quotes = [quote(f"{copy}-{n}", text) for copy in "abc" for n, text in enumerate(texts)]
    group_statements(quotes)
    for n in range(300):
        assert quotes[n].statement == quotes[300 + n].statement == quotes[600 + n].statement


def test_a_denial_is_not_the_same_statement_as_the_claim():
    a = quote("a-0", "We will not raise property taxes on families this year")
    b = quote("b-0", "We will raise property taxes on families this year")
    assert not same_statement(a, b)


def test_surname_in_one_outlet_and_full_name_in_another_still_group():
    quotes = [quote("a-0", "The harbour wall will be rebuilt before the winter storms", speaker="Ana Ruiz"),
              quote("b-0", "the harbour wall will be rebuilt before the winter storms arrive", speaker="Ruiz")]
    group_statements(quotes)
    assert quotes[0].statement == quotes[1].statement
