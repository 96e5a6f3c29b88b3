from hypothesis import given, strategies as st

from quotearchive.spacing import collapse_spaces

# Spaces of every kind, a few letters and marks: the text the fast path must not misjudge.
SPACY_TEXT = st.text(alphabet=st.sampled_from(list("ab .\u201c\t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2009\u2028\u3000\u200b")))


@given(SPACY_TEXT)
def test_collapse_spaces_is_split_and_join(text):
    assert collapse_spaces(text) == " ".join(text.split())


def test_single_spaced_text_comes_back_as_it_is():
    text = "“We will not back down,” she said."
    assert collapse_spaces(text) is text
    assert collapse_spaces(" a\u00a0 b\n") == "a b"
